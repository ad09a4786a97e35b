import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import type { NetworkInterfaceInfo } from 'node:os';
import { describe, it } from 'node:test';
import { defaultGateway, interfaceAddresses, readLocalNetwork, systemGatewayDeps, type GatewayDeps } from '../../../electron/core/net/local-network';

/** What the OS tools print (formats as documented and seen on each OS; Windows with German headers). */
const procNetRoute = [
  'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT',
  'wlp2s0\t00000000\t0132A8C0\t0003\t0\t0\t600\t00000000\t0\t0\t0',
  'enp3s0\t00000000\t0101A8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0',
  'wlp2s0\t0032A8C0\t00000000\t0001\t0\t0\t600\t00FFFFFF\t0\t0\t0',
  '',
].join('\n');
const routeGetDefault = `   route to: default
destination: default
       mask: default
    gateway: 192.168.50.1
  interface: en0
      flags: <UP,GATEWAY,DONE,STATIC,PRCLONING,GLOBAL>
`;
const routePrint = [
  '===========================================================================',
  'IPv4-Routentabelle',
  '===========================================================================',
  'Aktive Routen:',
  '     Netzwerkziel    Netzwerkmaske          Gateway    Schnittstelle Metrik',
  '          0.0.0.0          0.0.0.0      10.8.0.1        10.8.1.23     55',
  '          0.0.0.0          0.0.0.0      192.168.50.1    192.168.50.23     25',
  '          0.0.0.0          0.0.0.0         Auf Verbindung    100.101.102.103   5',
  '===========================================================================',
  'Ständige Routen:',
  '  Keine',
  '',
].join('\r\n');

function deps(platform: NodeJS.Platform, out: { text?: string; fails?: boolean; hangs?: boolean } = {}): { d: GatewayDeps; calls: { file: string; args: readonly string[] }[]; reads: string[] } {
  const calls: { file: string; args: readonly string[] }[] = [];
  const reads: string[] = [];
  const d: GatewayDeps = {
    platform,
    env: { SystemRoot: 'D:\\Windows' },
    readText: async (p) => (reads.push(p), out.text ?? ''),
    run: (file, args, signal) => {
      calls.push({ file, args });
      if (out.hangs) return new Promise((_r, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
      return out.fails ? Promise.reject(Object.assign(new Error('route: writing to routing socket: not in table'), { code: 1 })) : Promise.resolve(out.text ?? '');
    },
  };
  return { d, calls, reads };
}

describe('default gateway, the cheap way each OS offers (platform passed in)', () => {
  it('Linux: reads /proc/net/route and takes the default route with the lowest metric, starting no program', async () => {
    const t = deps('linux', { text: procNetRoute });
    assert.equal(await defaultGateway(t.d), '192.168.1.1');
    assert.deepEqual(t.reads, ['/proc/net/route']);
    assert.equal(t.calls.length, 0);
  });

  it('macOS: asks route -n get default', async () => {
    const t = deps('darwin', { text: routeGetDefault });
    assert.equal(await defaultGateway(t.d), '192.168.50.1');
    assert.deepEqual(t.calls, [{ file: '/sbin/route', args: ['-n', 'get', 'default'] }]);
  });

  it('Windows: asks ROUTE.EXE from System32 for 0.0.0.0 and takes the lowest metric, whatever language the headers are in', async () => {
    const t = deps('win32', { text: routePrint });
    assert.equal(await defaultGateway(t.d), '192.168.50.1');
    assert.deepEqual(t.calls, [{ file: 'D:\\Windows\\System32\\ROUTE.EXE', args: ['print', '-4', '0.0.0.0'] }]);
  });

  it('no default route (a plane, a captive network): null, not an error', async () => {
    assert.equal(await defaultGateway(deps('darwin', { fails: true }).d), null);
    assert.equal(await defaultGateway(deps('win32', { text: 'Aktive Routen:\r\n  Keine\r\n' }).d), null);
    assert.equal(await defaultGateway(deps('linux', { text: procNetRoute.split('\n').filter((l) => !l.includes('\t00000000\t0')).join('\n') }).d), null);
  });

  it('a lookup that hangs is cut off at its bound and answers null', async () => {
    const t = deps('win32', { hangs: true });
    assert.equal(await defaultGateway(t.d, undefined, 20), null);
    assert.equal(t.calls.length, 1);
  });

  it('on this Linux machine, agrees with `ip route`', async (t) => {
    let expected: string | null;
    try {
      expected = /default via (\S+)/.exec(execFileSync('ip', ['-4', 'route', 'show', 'default'], { encoding: 'utf8' }))?.[1] ?? null;
    } catch {
      return t.skip('iproute2 is not installed');
    }
    const net = await readLocalNetwork({ interfaces: () => ({}), gateway: systemGatewayDeps('linux') });
    assert.equal(net.gateway, expected);
  });
});

describe('interfaces from node:os', () => {
  it('keeps external IPv4 (with mask) and IPv6 (with prefix) addresses and leaves loopback out', () => {
    const a = (address: string, family: 'IPv4' | 'IPv6', cidr: string, internal = false): NetworkInterfaceInfo =>
      family === 'IPv4'
        ? { address, family, netmask: '255.255.255.0', cidr, internal, mac: '00:00:00:00:00:00' }
        : { address, family, netmask: 'ffff:ffff:ffff:ffff::', cidr, internal, mac: '00:00:00:00:00:00', scopeid: 0 };
    const r = interfaceAddresses({
      lo: [a('127.0.0.1', 'IPv4', '127.0.0.1/8', true), a('::1', 'IPv6', '::1/128', true)],
      'Wi-Fi': [a('192.168.50.23', 'IPv4', '192.168.50.23/24'), a('2001:db8:50::23', 'IPv6', '2001:db8:50::23/64')],
    });
    assert.deepEqual(r.addresses, [{ iface: 'Wi-Fi', ip4: '192.168.50.23', mask: '255.255.255.0' }]);
    assert.deepEqual(r.addresses6, [{ iface: 'Wi-Fi', ip6: '2001:db8:50::23', prefix: 64 }]);
  });
});
