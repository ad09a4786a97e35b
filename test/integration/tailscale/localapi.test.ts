import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import type { Snapshot } from '../../../shared/snapshot';
import { Lab } from '../../../electron/core/lab/lab';
import { MemorySecretStore } from '../../../electron/core/secrets';
import { execCli } from '../../../electron/core/tailscale/cli';
import { createTailscaleIntegration } from '../../../electron/core/tailscale/integration';
import { FakeTailscaled } from '../../../demo/tailscale/fake-tailscaled';
import { demoTailnet } from '../../../demo/tailscale/model';
import { snapshotWhere } from '../../helpers/snapshot-where';

const peerClass = (s: Snapshot, name: string): string | undefined => s.tailscale?.peers.find((p) => p.name === name)?.classification;

describe('tailscale through the LocalAPI (fake tailscaled on a unix socket)', () => {
  let fake: FakeTailscaled;
  let lab: Lab;

  before(async () => {
    fake = await new FakeTailscaled(demoTailnet(), { pingTimeoutMs: 20 }).start();
    const factory = createTailscaleIntegration({ platform: 'linux', env: {}, exists: () => false, exec: execCli, pingPauseMs: 0, debounceMs: 0 });
    lab = new Lab({ config: { tailscale: { socket: fake.socketPath, subnetRouter: 'tailscale-gateway', interval: 600_000 } }, factories: [factory], secrets: new MemorySecretStore() });
    await lab.start();
  });

  after(async () => {
    await lab.stop();
    await fake.stop();
  });

  it('reads the tailnet from /localapi/v0/status and classifies every peer', async () => {
    const s = await snapshotWhere(lab, (x) => (x.tailscale?.peers.length ?? 0) > 0, 'peers are known');
    assert.equal(s.tailscale?.via, 'localapi');
    assert.equal(s.tailscale?.self?.name, 'r9000p');
    assert.equal(peerClass(s, 'tailscale-gateway'), 'direct');
    assert.equal(peerClass(s, 'realme-x2-pro'), 'relay');
    assert.equal(peerClass(s, 's500plus'), 'idle');
    assert.equal(peerClass(s, 'xiaomi-pad-5-pro'), 'offline');
    assert.equal(s.checks.find((c) => c.id === 'tailscale:subnet-router:tailscale-gateway')?.status, 'ok');
  });

  it('follows the IPN bus: the phone turning direct shows up without another poll', async () => {
    await snapshotWhere(lab, (x) => peerClass(x, 'realme-x2-pro') === 'relay', 'the phone is relayed');
    assert.ok(fake.requests.includes('GET /localapi/v0/watch-ipn-bus'));
    const polls = fake.requests.filter((r) => r === 'GET /localapi/v0/status').length;
    await fake.update((st) => {
      st.peers.find((p) => p.hostName === 'realme-x2-pro')!.link = 'direct';
    });
    const s = await snapshotWhere(lab, (x) => peerClass(x, 'realme-x2-pro') === 'direct', 'the phone is direct');
    assert.equal(s.tailscale?.peers.find((p) => p.name === 'realme-x2-pro')?.endpoint, '203.0.113.14:41641');
    assert.ok(fake.requests.filter((r) => r === 'GET /localapi/v0/status').length > polls, 'the change was read after a bus message');
  });

  it('pings an idle node: DERP(hkg) first, then direct, and says it upgraded', async () => {
    const r = await lab.invoke('pingPeer', { peer: 's500plus' });
    assert.equal(r.ok, true);
    assert.equal(r.via, 'direct');
    assert.equal(r.endpoint, '203.0.113.50:41641');
    assert.equal(r.upgradedToDirect, true);
    assert.match(r.message, /upgraded from DERP\(hkg\)/);
    const s = await snapshotWhere(lab, (x) => peerClass(x, 's500plus') === 'direct' && (x.tailscale?.pings ?? []).some((p) => p.peer === 's500plus'), 's500plus is direct with its ping');
    assert.equal(s.tailscale?.pings?.find((p) => p.peer === 's500plus')?.upgradedToDirect, true);
  });

  it('refuses to ping a peer that is not in the tailnet, naming it', async () => {
    await assert.rejects(lab.invoke('pingPeer', { peer: 'rockpi5a' }), /no peer named "rockpi5a"/);
  });

  it('gets no answer from the offline pad', async () => {
    const r = await lab.invoke('pingPeer', { peer: 'xiaomi-pad-5-pro' });
    assert.equal(r.ok, false);
    assert.equal(r.via, null);
  });

  it('is refused by tailscaled without its Host header (as the real LocalAPI does)', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      http.get({ socketPath: fake.socketPath, path: '/localapi/v0/status', headers: { Host: 'evil.example' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }).on('error', reject);
    });
    assert.equal(status, 403);
  });

  it('shows a logout at once (State on the IPN bus) as a critical NeedsLogin check', async () => {
    await fake.update((st) => (st.backendState = 'NeedsLogin'));
    const s = await snapshotWhere(lab, (x) => x.tailscale?.backendState === 'NeedsLogin', 'the backend is NeedsLogin');
    const c = s.checks.find((x) => x.id === 'tailscale:backend');
    assert.equal(c?.status, 'crit');
    assert.match(c?.summary ?? '', /logged out/);
    await fake.update((st) => (st.backendState = 'Running'));
    await snapshotWhere(lab, (x) => x.tailscale?.backendState === 'Running', 'running again');
  });

  it('reports a stopped daemon with a sentence to act on, keeping the last data marked stale', async () => {
    await fake.update((st) => (st.daemonUp = false));
    const s = await snapshotWhere(lab, (x) => Boolean(x.sources.find((m) => m.id === 'tailscale')?.error), 'the source has an error');
    const meta = s.sources.find((m) => m.id === 'tailscale');
    assert.equal(meta?.stale, true);
    assert.match(meta?.error ?? '', /tailscaled/);
    lab.refreshSource('tailscale');
    const later = await snapshotWhere(lab, (x) => /not running|nothing at/.test(x.sources.find((m) => m.id === 'tailscale')?.error ?? ''), 'the poll says tailscaled is not running');
    assert.ok(later.tailscale?.peers.length, 'last good peers still shown');
    await fake.update((st) => (st.daemonUp = true));
  });
});
