import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decideLocation, pickEndpoint, type ProbeOutcome } from '../../../electron/core/location/decide';

const probe = { host: '192.168.50.60', port: 22, hostKey: 'SHA256:' + 'A'.repeat(43) };
const at = '2026-11-27T08:00:00.000Z';

describe('home or away', () => {
  it('picks the LAN address at home or when unknown, the Tailscale name away', () => {
    const h = { name: 'orangepi5', ssh: { host: '192.168.50.75', awayHost: '100.88.10.75' } };
    assert.equal(pickEndpoint(h, true), '192.168.50.75');
    assert.equal(pickEndpoint(h, false), '100.88.10.75');
    assert.equal(pickEndpoint(h, null), '192.168.50.75');
    assert.equal(pickEndpoint({ name: 'nas', ssh: { host: '192.168.50.20' } }, false), '192.168.50.20', 'no awayHost: the subnet router carries the LAN address');
  });

  it('trusts one matching identity over unreachable ones, and treats any mismatch as another network', () => {
    const match: ProbeOutcome = { probe, result: 'match', detail: 'um560 proved it holds the pinned SSH host key' };
    const down: ProbeOutcome = { probe: { ...probe, port: 8006 }, result: 'unreachable', detail: 'did not answer' };
    const other: ProbeOutcome = { probe, result: 'mismatch', detail: 'answered with another key' };
    assert.equal(decideLocation([down, match], null, at).atHome, true);
    assert.equal(decideLocation([other], { gateway: '192.168.1.1', addresses: [] }, at).atHome, false);
    assert.match(decideLocation([other], { gateway: '192.168.1.1', addresses: [] }, at).reason, /another network.*default gateway 192\.168\.1\.1/);
    assert.equal(decideLocation([down], null, at).atHome, false);
    assert.equal(decideLocation([], null, at).atHome, null);
  });
});
