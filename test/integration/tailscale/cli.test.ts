import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Lab } from '../../../electron/core/lab/lab';
import { MemorySecretStore } from '../../../electron/core/secrets';
import { execCli } from '../../../electron/core/tailscale/cli';
import { createTailscaleIntegration } from '../../../electron/core/tailscale/integration';
import { LocalApiClient } from '../../../electron/core/tailscale/localapi';
import { TailscaleReader } from '../../../electron/core/tailscale/reader';
import { FakeTailscaled } from '../../../demo/tailscale/fake-tailscaled';
import { demoTailnet } from '../../../demo/tailscale/model';
import { snapshotWhere } from '../../helpers/snapshot-where';

describe('tailscale through the CLI when the LocalAPI cannot be opened (fake `tailscale`, execFile)', () => {
  let fake: FakeTailscaled;
  let noSocket: string;

  before(async () => {
    fake = await new FakeTailscaled(demoTailnet()).start();
    noSocket = path.join(fake.dir, 'elsewhere.sock');
  });
  after(() => fake.stop());

  function lab(): Lab {
    const factory = createTailscaleIntegration({ platform: 'linux', env: {}, exists: () => false, exec: execCli, pingPauseMs: 0 });
    return new Lab({ config: { tailscale: { socket: noSocket, cli: fake.cliPath, subnetRouter: 'tailscale-gateway' } }, factories: [factory], secrets: new MemorySecretStore() });
  }

  it('reads `tailscale status --json` and classifies each peer (labtray status)', async () => {
    const l = lab();
    const s = await l.pollOnce();
    await l.stop();
    assert.equal(s.tailscale?.via, 'cli');
    const cls = Object.fromEntries((s.tailscale?.peers ?? []).map((p) => [p.name, p.classification]));
    assert.deepEqual(cls, {
      gtr5: 'direct', 'macbook-air': 'direct', orangepi5: 'direct', 'realme-x2-pro': 'relay', s500plus: 'idle',
      'tailscale-gateway': 'direct', um560: 'direct', 'xiaomi-pad-5-pro': 'offline',
    });
  });

  it('pings with `tailscale ping -c 5`: s500plus upgrades from DERP(hkg) to direct, the phone stays relayed', async () => {
    const l = lab();
    await l.pollOnce();
    const up = await l.invoke('pingPeer', { peer: 's500plus' });
    assert.deepEqual([up.ok, up.via, up.upgradedToDirect], [true, 'direct', true]);
    const phone = await l.invoke('pingPeer', { peer: 'realme-x2-pro' });
    assert.deepEqual([phone.ok, phone.via, phone.relay, phone.upgradedToDirect], [true, 'relay', 'hkg', false]);
    assert.match(phone.message, /direct connection not established/);
    await snapshotWhere(l, (s) => s.tailscale?.peers.find((p) => p.name === 's500plus')?.classification === 'direct', 'the ping opened a direct path to s500plus');
    await l.stop();
  });

  it('runs `tailscale netcheck` and says why the phone is relayed', async () => {
    const reader = new TailscaleReader({ localApi: new LocalApiClient(noSocket), cli: fake.cliPath, exec: execCli, now: Date.now, pause: async () => undefined });
    const r = await reader.netcheck();
    assert.equal(r?.preferredDerp, 'hkg');
    assert.equal(r?.mappingVariesByDestIP, true);
    assert.match(r?.explanation ?? '', /hard NAT/);
  });

  it('passes on the CLI\'s own words when tailscaled is down', async () => {
    await fake.update((s) => (s.daemonUp = false));
    const l = lab();
    const s = await l.pollOnce();
    await l.stop();
    const meta = s.sources.find((m) => m.id === 'tailscale');
    assert.match(meta?.error ?? '', /failed to connect to local tailscaled; it doesn't appear to be running/);
    assert.match(meta?.error ?? '', /LocalAPI: tailscaled is not running or listens elsewhere/);
    await fake.update((st) => (st.daemonUp = true));
  });

  it('reads Stopped from `status --json` (exit 0) as a warning, not an error', async () => {
    await fake.update((s) => (s.backendState = 'Stopped'));
    const l = lab();
    const s = await l.pollOnce();
    await l.stop();
    assert.equal(s.tailscale?.backendState, 'Stopped');
    assert.equal(s.checks.find((c) => c.id === 'tailscale:backend')?.status, 'warn');
    await assert.rejects(new TailscaleReader({ localApi: null, cli: fake.cliPath, exec: execCli, now: Date.now, pause: async () => undefined }).ping('um560', '100.88.10.60', 1).then((r) => {
      if (!r.ok) throw new Error(r.message);
    }), /Tailscale is stopped/);
    await fake.update((st) => (st.backendState = 'Running'));
  });
});
