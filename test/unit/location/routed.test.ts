import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { textIn } from '../../../shared/message';
import { decideLocation, routedAway, runProbe, type IdentityProber, type LocalNetwork, type ProbeOutcome } from '../../../electron/core/location/decide';
import { inPrefix6, isTailnetAddress, subnetBroadcast } from '../../../electron/core/net/addresses';

const at = '2026-11-27T08:00:00.000Z';
const pinned = 'SHA256:' + 'A'.repeat(43);
const um560 = { host: '192.168.50.60', port: 22, hostKey: pinned };

/** The laptop on a café's Wi-Fi (its own 10.8.0.0/22) with Tailscale up, as Windows reports it. */
const cafe: LocalNetwork = {
  gateway: '10.8.0.1',
  addresses: [
    { iface: 'Wi-Fi', ip4: '10.8.1.23', mask: '255.255.252.0' },
    { iface: 'Tailscale', ip4: '100.101.102.103', mask: '255.192.0.0' },
    { iface: 'vEthernet (WSL)', ip4: '172.22.16.1', mask: '255.255.240.0' },
  ],
  addresses6: [{ iface: 'Tailscale', ip6: 'fd7a:115c:a1e0::1234', prefix: 48 }],
};
/** At home on the LAN. */
const home: LocalNetwork = { gateway: '192.168.50.1', addresses: [{ iface: 'Wi-Fi', ip4: '192.168.50.23', mask: '255.255.255.0' }], addresses6: [{ iface: 'Wi-Fi', ip6: '2001:db8:50::23', prefix: 64 }] };

const proven = (route?: ProbeOutcome['route'], probe = um560): ProbeOutcome => ({ probe, result: 'match', detail: `${probe.host}:${probe.port} proved it holds the pinned SSH host key`, ...(route ? { route } : {}) });

describe('at home only over the LAN, never through the subnet router', () => {
  it('is away when the pinned host answered through the tailnet: the connection left from a 100.64.0.0/10 address', () => {
    const s = decideLocation([proven({ local: '100.101.102.103', remote: '192.168.50.60' })], home, at);
    assert.equal(s.atHome, false);
    assert.match(s.reason, /^away: .*proved it holds the pinned SSH host key, but the connection went out from this computer's Tailscale address 100\.101\.102\.103/);
    assert.ok(s.reasonMsg && textIn('zh-CN', s.reasonMsg, '').includes('Tailscale 地址 100.101.102.103'), 'said in Chinese too');
  });

  it('is away when the connection left from the tailnet IPv6 range fd7a:115c:a1e0::/48, also as a dual-stack socket shows it', () => {
    assert.equal(decideLocation([proven({ local: 'fd7a:115c:a1e0:ab12::5', remote: 'fd00:50::60' })], null, at).atHome, false);
    assert.equal(decideLocation([proven({ local: '::ffff:100.88.1.2', remote: '::ffff:192.168.50.60' })], null, at).atHome, false);
  });

  it('is away when the address that answered is on none of this computer\'s networks (a route carried it)', () => {
    const s = decideLocation([proven({ local: '10.8.1.23', remote: '192.168.50.60' })], cafe, at);
    assert.equal(s.atHome, false);
    assert.match(s.reason, /192\.168\.50\.60 is on none of this computer's networks \(Wi-Fi 10\.8\.1\.23\/255\.255\.252\.0, Tailscale 100\.101\.102\.103\/255\.192\.0\.0/);
  });

  it('does not count the Tailscale adapter\'s own /10 as a local network', () => {
    const s = decideLocation([proven({ local: '10.8.1.23', remote: '100.64.9.9' }, { ...um560, host: '100.64.9.9' })], cafe, at);
    assert.equal(s.atHome, false);
  });

  it('is at home when the connection left from a LAN address to a host on that LAN (IPv4 and IPv6)', () => {
    const s = decideLocation([proven({ local: '192.168.50.23', remote: '192.168.50.60' })], home, at);
    assert.equal(s.atHome, true);
    assert.match(s.reason, /Wi-Fi 192\.168\.50\.23 is on the probe's subnet/);
    assert.equal(decideLocation([proven({ local: '2001:db8:50::23', remote: '2001:db8:50::60' }, { ...um560, host: '2001:db8:50::60' })], home, at).atHome, true);
  });

  it('judges the probe\'s own address when no route was seen, and cannot judge a name without one', () => {
    assert.equal(decideLocation([proven()], cafe, at).atHome, false);
    assert.equal(decideLocation([proven()], home, at).atHome, true);
    assert.equal(decideLocation([proven(undefined, { ...um560, host: 'um560.lan' })], cafe, at).atHome, true, 'a name and no route: only the identity is known');
  });

  it('a probe over the LAN wins over one through the tailnet', () => {
    const lan = proven({ local: '192.168.50.23', remote: '192.168.50.60' });
    const tail = proven({ local: '100.101.102.103', remote: '192.168.50.61' }, { ...um560, host: '192.168.50.61' });
    assert.equal(decideLocation([tail, lan], home, at).atHome, true);
    assert.equal(routedAway(tail, home)?.key, 'loc.viaTailnet');
    assert.equal(routedAway(lan, home), null);
  });

  it('carries the route from the prober into the outcome', async () => {
    const prober: IdentityProber = {
      sshHostKey: async (_h, _p, isPinned) => ({ seen: pinned, proven: isPinned(pinned), route: { local: '100.101.102.103', remote: '192.168.50.60' } }),
      certificate: async () => ({ fingerprint: 'AB', route: { local: '10.8.1.23', remote: '192.168.50.60' } }),
      same: (a, b) => a === b,
    };
    const o = await runProbe(um560, prober, new AbortController().signal);
    assert.deepEqual(o.route, { local: '100.101.102.103', remote: '192.168.50.60' });
    assert.equal(decideLocation([o], home, at).atHome, false);
    const cert = await runProbe({ host: '192.168.50.60', port: 8006, fingerprint: 'AB' }, prober, new AbortController().signal);
    assert.equal(cert.result, 'match');
    assert.equal(decideLocation([cert], cafe, at).atHome, false);
  });
});

describe('address helpers', () => {
  it('knows the tailnet ranges and nothing next to them', () => {
    for (const a of ['100.64.0.1', '100.127.255.254', 'fd7a:115c:a1e0::1', '::ffff:100.100.100.100']) assert.equal(isTailnetAddress(a), true, a);
    for (const a of ['100.63.255.255', '100.128.0.1', '192.168.1.2', 'fd7a:115c:a1e1::1', 'fe80::1']) assert.equal(isTailnetAddress(a), false, a);
  });

  it('matches IPv6 prefixes bit by bit and computes subnet broadcasts', () => {
    assert.equal(inPrefix6('2001:db8:50::60', '2001:db8:50::23', 64), true);
    assert.equal(inPrefix6('2001:db8:51::60', '2001:db8:50::23', 64), false);
    assert.equal(inPrefix6('fe80::1%en0', 'fe80::abcd', 64), true);
    assert.equal(subnetBroadcast('192.168.1.23', '255.255.255.0'), '192.168.1.255');
    assert.equal(subnetBroadcast('10.8.1.23', '255.255.252.0'), '10.8.3.255');
    assert.equal(subnetBroadcast('nope', '255.255.255.0'), null);
  });
});
