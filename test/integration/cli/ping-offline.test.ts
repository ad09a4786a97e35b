import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Lab } from '../../../electron/core/lab/lab';
import { MemorySecretStore } from '../../../electron/core/secrets';
import { execCli } from '../../../electron/core/tailscale/cli';
import { createTailscaleIntegration } from '../../../electron/core/tailscale/integration';
import { FakeTailscaled } from '../../../demo/tailscale/fake-tailscaled';
import { demoTailnet } from '../../../demo/tailscale/model';

describe('labtray ping of a peer the tailnet reports offline', () => {
  let fake: FakeTailscaled;
  let lab: Lab;
  before(async () => {
    // A ping to the offline pad would hang for a minute, as tailscaled does until its context deadline.
    fake = await new FakeTailscaled(demoTailnet(), { pingTimeoutMs: 60_000 }).start();
    const factory = createTailscaleIntegration({ platform: 'linux', env: {}, exists: () => false, exec: execCli, pingPauseMs: 0, debounceMs: 0 });
    lab = new Lab({ config: { tailscale: { socket: fake.socketPath, interval: 600_000 } }, factories: [factory], secrets: new MemorySecretStore() });
    await lab.pollOnce();
  });
  after(async () => {
    await lab.stop();
    await fake.stop();
  });

  it('answers from the status at once: offline, and how long ago it was last seen; no ping is sent', async () => {
    const r = await lab.invoke('pingPeer', { peer: 'xiaomi-pad-5-pro' });
    assert.equal(r.ok, false);
    // The demo tailnet's pad was last seen 7 days and 3 hours ago.
    assert.equal(r.message, 'xiaomi-pad-5-pro is offline, last seen 7 days ago; a ping would get no answer');
    assert.equal(r.messageMsg?.key, 'ts.ping.offline');
    assert.deepEqual(fake.requests.filter((x) => x.startsWith('POST /localapi/v0/ping')), [], 'tailscaled was not asked to ping');
  });

  it('still pings a peer that is online', async () => {
    const r = await lab.invoke('pingPeer', { peer: 'um560' });
    assert.equal(r.ok, true, r.message);
    assert.ok(fake.requests.some((x) => x.startsWith('POST /localapi/v0/ping')));
  });
});
