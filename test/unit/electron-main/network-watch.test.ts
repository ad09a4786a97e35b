import assert from 'node:assert/strict';
import type { NetworkInterfaceInfo } from 'node:os';
import { describe, it } from 'node:test';
import { NetworkWatcher, networkChanged, networkSignature } from '../../../electron/main/network-watch';

type Ifaces = NodeJS.Dict<NetworkInterfaceInfo[]>;

const lo: NetworkInterfaceInfo = { address: '127.0.0.1', netmask: '255.0.0.0', family: 'IPv4', mac: '00:00:00:00:00:00', internal: true, cidr: '127.0.0.1/8' };
const v4 = (address: string): NetworkInterfaceInfo => ({ address, netmask: '255.255.255.0', family: 'IPv4', mac: '3c:7c:3f:11:22:33', internal: false, cidr: `${address}/24` });
const v6 = (address: string): NetworkInterfaceInfo => ({ address, netmask: 'ffff:ffff:ffff:ffff::', family: 'IPv6', mac: '3c:7c:3f:11:22:33', internal: false, cidr: `${address}/64`, scopeid: 0 });

/** At home on Wi-Fi; on hotel Wi-Fi; at home with the tailnet up. */
const home: Ifaces = { lo: [lo], wlp2s0: [v4('192.168.1.23'), v6('fe80::1')] };
const hotel: Ifaces = { lo: [lo], wlp2s0: [v4('10.20.30.40'), v6('fe80::1')] };
const tailnet: Ifaces = { ...home, tailscale0: [v4('100.101.102.103')] };

describe('network change detection', () => {
  it('sees the same network whatever the order of interfaces and addresses', () => {
    const reordered: Ifaces = { wlp2s0: [v6('fe80::1'), v4('192.168.1.23')], lo: [lo] };
    assert.equal(networkSignature(home), networkSignature(reordered));
  });

  it('ignores loopback', () => {
    assert.equal(networkSignature({ lo: [lo] }), '');
    assert.equal(networkSignature({ ...home, lo: [{ ...lo, address: '127.0.0.2' }] }), networkSignature(home));
  });

  it('sees a new Wi-Fi, a VPN coming up and the cable going away as changes', () => {
    const h = networkSignature(home);
    assert.equal(networkChanged(h, networkSignature(hotel)), true);
    assert.equal(networkChanged(h, networkSignature(tailnet)), true);
    assert.equal(networkChanged(h, networkSignature({ lo: [lo] })), true);
    assert.equal(networkChanged(h, networkSignature(home)), false);
  });

  it('a new temporary IPv6 address on the same network is no change; another /64 is', () => {
    const a: Ifaces = { en0: [v4('192.168.1.23'), v6('2408:8207:2460:7f10:1c2a:5b7e:9d01:44aa'), v6('2408:8207:2460:7f10::1f3')] };
    // Hours later macOS has made a new temporary address on the same prefix, and dropped the old one.
    const later: Ifaces = { en0: [v4('192.168.1.23'), v6('2408:8207:2460:7f10:8e3:61d0:b2c4:9e7f'), v6('2408:8207:2460:7f10::1f3')] };
    assert.equal(networkChanged(networkSignature(a), networkSignature(later)), false);
    // The ISP handed out a new prefix: another network for what can be reached.
    const renumbered: Ifaces = { en0: [v4('192.168.1.23'), v6('2408:8207:2460:9a00:8e3:61d0:b2c4:9e7f')] };
    assert.equal(networkChanged(networkSignature(a), networkSignature(renumbered)), true);
    // Written short or long, with a zone: the same network.
    assert.equal(networkSignature({ en0: [v6('2001:db8::1')] }), networkSignature({ en0: [v6('2001:0db8:0000:0000:ffff::2%en0')] }));
  });

  it('ignores link-local IPv6 and macOS AirDrop links (awdl0, llw0) coming and going', () => {
    const h = networkSignature(home);
    assert.equal(networkChanged(h, networkSignature({ ...home, wlp2s0: [v4('192.168.1.23'), v6('fe80::9c3f:1ff:fe2a:77b1')] })), false);
    assert.equal(networkChanged(h, networkSignature({ ...home, awdl0: [v6('fe80::a8b5:4bff:fe9d:1')], llw0: [v6('fe80::a8b5:4bff:fe9d:2')] })), false);
    assert.equal(networkChanged(h, networkSignature({ ...home, awdl0: [v4('169.254.3.4')] })), false);
  });

  it('does not call the first reading a change', () => {
    assert.equal(networkChanged(null, networkSignature(home)), false);
  });
});

describe('NetworkWatcher', () => {
  function watcher(): { w: NetworkWatcher; setIfaces: (i: Ifaces) => void; tick: () => void; changes: () => number; timers: () => number } {
    let current = home;
    let changes = 0;
    const timers = new Map<number, () => void>();
    let seq = 0;
    const w = new NetworkWatcher({
      read: () => current,
      onChange: () => changes++,
      intervalMs: 30_000,
      setInterval: (fn) => (timers.set(++seq, fn), seq),
      clearInterval: (h) => timers.delete(h as number),
    });
    return { w, setIfaces: (i) => (current = i), tick: () => [...timers.values()].forEach((f) => f()), changes: () => changes, timers: () => timers.size };
  }

  it('refreshes once when the laptop moves to another network, on the timer', () => {
    const t = watcher();
    t.w.start();
    assert.equal(t.changes(), 0, 'starting is not a change');
    t.tick();
    assert.equal(t.changes(), 0);
    t.setIfaces(hotel);
    t.tick();
    assert.equal(t.changes(), 1);
    t.tick();
    assert.equal(t.changes(), 1, 'still the hotel: nothing new');
  });

  it('checks at once when asked (resume, unlock), and stops its timer', () => {
    const t = watcher();
    t.w.start();
    t.setIfaces(tailnet);
    assert.equal(t.w.check(), true);
    assert.equal(t.w.check(), false);
    assert.equal(t.changes(), 1);
    t.w.stop();
    assert.equal(t.timers(), 0);
  });
});
