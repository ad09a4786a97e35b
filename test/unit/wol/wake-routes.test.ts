import assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import type { NetworkInterfaceInfo } from 'node:os';
import { after, describe, it } from 'node:test';
import { buildMagicPacket, parseMac } from '../../../electron/core/wol/magic';
import { sendMagicPacket, wakeRoutes } from '../../../electron/core/wol/send';

type Ifaces = NodeJS.Dict<NetworkInterfaceInfo[]>;
const v4 = (address: string, netmask: string, internal = false): NetworkInterfaceInfo => ({ address, netmask, family: 'IPv4', mac: '00:15:5d:01:02:03', internal, cidr: null });
const v6 = (address: string): NetworkInterfaceInfo => ({ address, netmask: 'ffff:ffff:ffff:ffff::', family: 'IPv6', mac: '00:15:5d:01:02:03', internal: false, cidr: null, scopeid: 0 });

/** The owner's gaming laptop on Windows: Wi-Fi at home, WSL and Hyper-V switches, the tailnet, a VPN with a host route. */
const laptop: Ifaces = {
  'Loopback Pseudo-Interface 1': [v4('127.0.0.1', '255.0.0.0', true)],
  'Wi-Fi': [v6('fe80::1c2a:5b7e:9d01:44aa'), v4('192.168.1.23', '255.255.255.0')],
  'vEthernet (WSL)': [v4('172.24.16.1', '255.255.240.0')],
  'vEthernet (Default Switch)': [v4('172.30.96.1', '255.255.240.0')],
  Tailscale: [v4('100.101.102.103', '255.192.0.0'), v6('fd7a:115c:a1e0::1')],
  'Work VPN': [v4('10.8.0.6', '255.255.255.255')],
};

describe('Wake-on-LAN through every adapter (255.255.255.255 leaves through one adapter only on Windows)', () => {
  it('sends from each adapter’s own address to its subnet broadcast; not the tailnet, not a host route, not loopback', () => {
    assert.deepEqual(wakeRoutes('255.255.255.255', laptop), [
      { from: '192.168.1.23', to: '192.168.1.255', iface: 'Wi-Fi' },
      { from: '172.24.16.1', to: '172.24.31.255', iface: 'vEthernet (WSL)' },
      { from: '172.30.96.1', to: '172.30.111.255', iface: 'vEthernet (Default Switch)' },
    ]);
  });

  it('a broadcast the user set (the LAN’s own) is sent as it is', () => {
    assert.deepEqual(wakeRoutes('192.168.1.255', laptop), [{ from: null, to: '192.168.1.255', iface: null }]);
  });

  it('with nothing usable (only the tailnet) the limited broadcast goes out as before', () => {
    assert.deepEqual(wakeRoutes('255.255.255.255', { Tailscale: laptop.Tailscale }), [{ from: null, to: '255.255.255.255', iface: null }]);
  });

  describe('on real sockets: two adapters on 127.0.1.0/24 and 127.0.2.0/24', () => {
    const sockets: Socket[] = [];
    after(() => sockets.forEach((s) => s.close()));

    /** A sleeping machine on each subnet: it hears that subnet's broadcast, and who sent it. */
    const listen = (address: string, port: number): Promise<{ port: number; got: { from: string; bytes: Buffer }[] }> =>
      new Promise((resolve, reject) => {
        const s = createSocket('udp4');
        sockets.push(s);
        const got: { from: string; bytes: Buffer }[] = [];
        s.on('message', (bytes, r) => got.push({ from: r.address, bytes }));
        s.once('error', reject);
        s.bind(port, address, () => resolve({ port: s.address().port, got }));
      });

    it('the same packet reaches both subnets, each sent from its own adapter’s address', async () => {
      const first = await listen('127.0.1.255', 0);
      const second = await listen('127.0.2.255', first.port);
      const mac = parseMac('70:85:c2:aa:bb:cc');
      assert.ok(mac);
      const packet = buildMagicPacket(mac);
      const ifaces: Ifaces = { eth0: [v4('127.0.1.1', '255.255.255.0')], 'vEthernet (WSL)': [v4('127.0.2.1', '255.255.255.0')], Tailscale: [v4('100.101.102.103', '255.192.0.0')] };
      await sendMagicPacket(packet, { address: '255.255.255.255', ports: [first.port], interfaces: () => ifaces });
      for (let i = 0; i < 50 && (first.got.length === 0 || second.got.length === 0); i++) await new Promise((r) => setTimeout(r, 20));
      assert.deepEqual(first.got.map((g) => g.from), ['127.0.1.1']);
      assert.deepEqual(second.got.map((g) => g.from), ['127.0.2.1']);
      assert.ok(first.got[0].bytes.equals(packet) && second.got[0].bytes.equals(packet));
    });
  });
});
