import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import type { NetworkInterfaceInfo } from 'node:os';
import { after, before, describe, it } from 'node:test';
import type { Clock } from '../../../electron/core/clock';
import { buildMagicPacket, parseMac } from '../../../electron/core/wol/magic';
import { DEFAULT_BROADCAST, DEFAULT_PORTS, requireBroadcast, sendMagicPacket, wakeRoutes } from '../../../electron/core/wol/send';
import { FakeClock } from '../../helpers/fake-clock';
import { startUdpListener, type UdpListener } from '../../helpers/udp-listener';

type Ifaces = NodeJS.Dict<NetworkInterfaceInfo[]>;
const v4 = (address: string, netmask: string, internal = false): NetworkInterfaceInfo => ({ address, netmask, family: 'IPv4', mac: '02:ab:3c:4d:5e:6f', internal, cidr: null });
const packetOf = (mac: string): Buffer => buildMagicPacket(parseMac(mac)!);

/** A clock whose timers fire the moment they are set, recording the delay asked for. */
function impatientClock(asked: number[]): Clock {
  return {
    now: () => 0,
    setTimeout: (fn, ms) => {
      asked.push(ms);
      fn();
      return asked.length;
    },
    clearTimeout: () => undefined,
  };
}

describe('sending the magic packet: defaults, refusals and failures in exact words', () => {
  let nic: UdpListener;
  before(async () => {
    nic = await startUdpListener();
  });
  after(async () => nic.stop());

  it('defaults to the limited broadcast on ports 9 then 7', () => {
    assert.equal(DEFAULT_BROADCAST, '255.255.255.255');
    assert.deepEqual(DEFAULT_PORTS, [9, 7]);
  });

  it('names where a broadcast that is not plain IPv4 came from, the value, and an example', async () => {
    assert.equal(requireBroadcast('192.168.1.255', 'hosts.nas'), '192.168.1.255');
    assert.throws(() => requireBroadcast('192.168.1.255 ', 'hosts.nas'), {
      message: 'hosts.nas: broadcast "192.168.1.255 " is not an IPv4 address (e.g. 192.168.1.255 or 255.255.255.255)',
    });
    await assert.rejects(sendMagicPacket(packetOf('02ab3c4d5e6f'), { address: 'fe80::1', ports: [nic.port] }), {
      message: 'Wake-on-LAN: broadcast "fe80::1" is not an IPv4 address (e.g. 192.168.1.255 or 255.255.255.255)',
    });
  });

  it('refuses an empty list of ports', async () => {
    await assert.rejects(sendMagicPacket(packetOf('02ab3c4d5e6f'), { address: '127.0.0.1', ports: [] }), { message: 'no UDP ports to send the magic packet to' });
  });

  it('gives up after 5 s by default, or the time given, naming where it was sending', async () => {
    const asked: number[] = [];
    const packet = packetOf('02ab3c4d5e6f');
    await assert.rejects(sendMagicPacket(packet, { address: '127.0.0.1', ports: [nic.port], clock: impatientClock(asked) }), {
      message: 'sending the magic packet to 127.0.0.1 took longer than 5000 ms',
    });
    const lan: Ifaces = { eth0: [v4('127.0.1.1', '255.255.255.0')] };
    await assert.rejects(sendMagicPacket(packet, { address: '255.255.255.255', ports: [nic.port], timeoutMs: 250, clock: impatientClock(asked), interfaces: () => lan }), {
      message: 'sending the magic packet to 127.0.1.255 (from eth0 127.0.1.1) took longer than 250 ms',
    });
    assert.deepEqual(asked, [5000, 250]);
  });

  it('clears its timer once the packet has left', async () => {
    const clock = new FakeClock();
    await sendMagicPacket(packetOf('02ab3c4d5e6f'), { address: '127.0.0.1', ports: [nic.port], clock });
    assert.deepEqual(await nic.next(), packetOf('02ab3c4d5e6f'));
    assert.equal(clock.pending, 0);
  });

  it('an adapter whose address cannot be bound is named with its error; when every adapter fails, each is said', async () => {
    const gone: Ifaces = { eth9: [v4('192.0.2.1', '255.255.255.0')], wlan7: [v4('198.51.100.1', '255.255.255.0')] };
    await assert.rejects(sendMagicPacket(packetOf('02ab3c4d5e6f'), { address: '255.255.255.255', ports: [nic.port], interfaces: () => ({ eth9: gone.eth9 }) }), (e: unknown) => {
      assert.ok(e instanceof Error);
      assert.equal(e.message, 'cannot send the magic packet to 192.0.2.255 (from eth9 192.0.2.1): bind EADDRNOTAVAIL 192.0.2.1');
      assert.equal((e.cause as NodeJS.ErrnoException).code, 'EADDRNOTAVAIL');
      return true;
    });
    await assert.rejects(sendMagicPacket(packetOf('02ab3c4d5e6f'), { address: '255.255.255.255', ports: [nic.port], interfaces: () => gone }), (e: unknown) => {
      assert.ok(e instanceof Error);
      assert.equal(
        e.message,
        'cannot send the magic packet to 192.0.2.255 (from eth9 192.0.2.1): bind EADDRNOTAVAIL 192.0.2.1; cannot send the magic packet to 198.51.100.255 (from wlan7 198.51.100.1): bind EADDRNOTAVAIL 198.51.100.1',
      );
      assert.match(String((e.cause as Error).message), /^cannot send the magic packet to 192\.0\.2\.255 /);
      return true;
    });
  });

  it('one adapter that works is enough: the packet leaves through it and the send succeeds', async () => {
    const mixed: Ifaces = { eth9: [v4('192.0.2.1', '255.255.255.0')], lo1: [v4('127.0.0.1', '255.255.255.255'), v4('127.0.3.1', '255.255.255.0')] };
    assert.deepEqual(wakeRoutes('255.255.255.255', mixed), [
      { from: '192.0.2.1', to: '192.0.2.255', iface: 'eth9' },
      { from: '127.0.3.1', to: '127.0.3.255', iface: 'lo1' },
    ]);
    const sleeper = createSocket('udp4');
    const heard = new Promise<{ from: string; bytes: Buffer }>((resolve) => sleeper.once('message', (bytes, r) => resolve({ from: r.address, bytes })));
    await new Promise<void>((resolve) => sleeper.bind(0, '127.0.3.255', resolve));
    try {
      await sendMagicPacket(packetOf('02ab3c4d5e70'), { address: '255.255.255.255', ports: [sleeper.address().port], interfaces: () => mixed });
      assert.deepEqual(await heard, { from: '127.0.3.1', bytes: packetOf('02ab3c4d5e70') });
    } finally {
      sleeper.close();
    }
  });

  it('sets SO_BROADCAST: a broadcast address (loopback’s 127.255.255.255) is sent to, not refused with EACCES', async () => {
    const sleeper = createSocket('udp4');
    const heard = new Promise<Buffer>((resolve) => sleeper.once('message', (bytes) => resolve(bytes)));
    await new Promise<void>((resolve) => sleeper.bind(0, '127.255.255.255', resolve));
    try {
      await sendMagicPacket(packetOf('02ab3c4d5e73'), { address: '127.255.255.255', ports: [sleeper.address().port] });
      assert.deepEqual(await heard, packetOf('02ab3c4d5e73'));
    } finally {
      sleeper.close();
    }
  });

  it('a datagram the socket refuses is named with the port it was going to', async () => {
    const huge = Buffer.alloc(70_000, 0xff);
    await assert.rejects(sendMagicPacket(huge, { address: '127.0.0.1', ports: [nic.port] }), (e: unknown) => {
      assert.ok(e instanceof Error);
      assert.equal(e.message, `cannot send the magic packet to 127.0.0.1:${nic.port}: send EMSGSIZE 127.0.0.1:${nic.port}`);
      assert.equal((e.cause as NodeJS.ErrnoException).code, 'EMSGSIZE');
      return true;
    });
  });

  it('a cancel while sending closes the socket before anything leaves, and says the reason', async () => {
    const ac = new AbortController();
    const sending = sendMagicPacket(packetOf('02ab3c4d5e71'), { address: '127.0.0.1', ports: [nic.port], signal: ac.signal });
    ac.abort(new Error('cancelled by the user'));
    await assert.rejects(sending, { message: 'cancelled by the user' });
    // The next packet is the first to arrive: the cancelled one never left.
    await sendMagicPacket(packetOf('02ab3c4d5e72'), { address: '127.0.0.1', ports: [nic.port] });
    assert.deepEqual(await nic.next(), packetOf('02ab3c4d5e72'));
  });
});

describe('wake routes at their edges', () => {
  it('an adapter with two addresses sends once from each; the same address on two adapters once', () => {
    const ifaces: Ifaces = {
      eth0: [v4('192.168.1.23', '255.255.255.0'), v4('10.0.0.5', '255.255.0.0')],
      br0: [v4('192.168.1.23', '255.255.255.0')],
    };
    assert.deepEqual(wakeRoutes('255.255.255.255', ifaces), [
      { from: '192.168.1.23', to: '192.168.1.255', iface: 'eth0' },
      { from: '10.0.0.5', to: '10.0.255.255', iface: 'eth0' },
    ]);
  });

  it('leaves out loopback, host routes, the tailnet and adapters with no address list', () => {
    const ifaces: Ifaces = {
      lo: [v4('127.0.0.1', '255.0.0.0', true)],
      vpn: [v4('10.8.0.6', '255.255.255.255')],
      tailscale0: [v4('100.101.102.103', '255.192.0.0')],
      down: undefined,
      odd: [v4('192.168.9.9', 'not a mask')],
      eth0: [v4('192.168.7.9', '255.255.255.128')],
    };
    assert.deepEqual(wakeRoutes('255.255.255.255', ifaces), [{ from: '192.168.7.9', to: '192.168.7.127', iface: 'eth0' }]);
    assert.deepEqual(wakeRoutes('255.255.255.255', {}), [{ from: null, to: '255.255.255.255', iface: null }]);
  });
});
