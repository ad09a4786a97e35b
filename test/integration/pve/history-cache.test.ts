import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { PveClient } from '../../../electron/core/proxmox/client';
import { HistoryCache, historyTtlMs } from '../../../electron/core/proxmox/history';
import { PveSim } from '../../../demo/pve/sim';
import { FakeClock } from '../../helpers/fake-clock';
import { simClient } from '../../helpers/pve';

// The history cache in front of rrddata: one request per item and time frame per TTL, shared by concurrent asks.
describe('the rrddata cache', () => {
  let sim: PveSim;
  let client: PveClient;
  let close: () => Promise<void>;
  before(async () => {
    sim = await PveSim.start({ speed: 0.02 });
    ({ client, close } = simClient(sim));
  });
  after(async () => {
    await close();
    await sim.stop();
  });
  const sent = (): number => sim.requests.filter((r) => r.path.endsWith('/rrddata')).length;

  it('keeps an hour for 60 s, then reads again; concurrent asks share one request', async () => {
    const clock = new FakeClock();
    const cache = new HistoryCache('home', clock);
    const start = sent();
    const req = { node: 'um560', guest: { vmid: 103, type: 'qemu' as const }, timeframe: 'hour' as const };
    const [a, b] = await Promise.all([cache.read(async () => client, req), cache.read(async () => client, req)]);
    assert.equal(a, b);
    assert.equal(sent() - start, 1);
    await clock.advance(historyTtlMs.hour - 1);
    await cache.read(async () => client, req);
    assert.equal(sent() - start, 1);
    await clock.advance(1);
    await cache.read(async () => client, req);
    assert.equal(sent() - start, 2);
    assert.equal(cache.requests, 2);
    // A week is kept far longer than an hour.
    await cache.read(async () => client, { ...req, timeframe: 'week' });
    await clock.advance(historyTtlMs.hour * 5);
    await cache.read(async () => client, { ...req, timeframe: 'week' });
    assert.equal(sent() - start, 3);
  });

  it('does not keep a failed read: the next ask tries again', async () => {
    const cache = new HistoryCache('home', new FakeClock());
    const req = { node: 'um560', guest: { vmid: 110, type: 'qemu' as const }, timeframe: 'hour' as const };
    await assert.rejects(cache.read(async () => client, req), /does not exist/);
    await assert.rejects(cache.read(async () => client, req), /does not exist/);
    assert.equal(cache.requests, 2);
  });
});
