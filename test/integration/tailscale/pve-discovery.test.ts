import assert from 'node:assert/strict';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Snapshot } from '../../../shared/snapshot';
import type { TailscalePeer } from '../../../shared/tailscale';
import { answersOn, tailnetPveEndpoints } from '../../../electron/core/tailscale/pve-discovery';

/** The parts of a snapshot discovery reads: the lab's PVE node names and the tailnet's peers. */
function snapshotWith(nodes: string[], peers: Partial<TailscalePeer>[]): Snapshot {
  return {
    proxmox: [{ name: 'home', nodes: nodes.map((name) => ({ name })) }],
    tailscale: { peers: peers.map((p) => ({ dnsName: '', online: true, ips: p.ip ? [p.ip] : [], ...p })) },
  } as unknown as Snapshot;
}

describe('tailnet peers offered as PVE endpoints', () => {
  let server: Server;
  let port = 0;
  let connections = 0;
  let bytes = 0;
  before(async () => {
    server = createServer((s) => {
      connections++;
      s.on('data', (d) => (bytes += d.length));
      s.on('error', () => undefined);
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    port = (server.address() as AddressInfo).port;
  });
  after(() => new Promise<void>((ok) => server.close(() => ok())));

  it('a peer named like a node, or answering on the port, is offered with its MagicDNS name; a probe only connects and sends nothing', async () => {
    const snap = snapshotWith(['pve1', 'pve2'], [
      { name: 'pve1', dnsName: 'pve1.tail1234.ts.net.', ip: '127.0.0.2', online: false },
      { name: 'box', dnsName: 'box.tail1234.ts.net.', ip: '127.0.0.1' },
      { name: 'phone', dnsName: '', ip: '127.0.0.3' },
      { name: 'asleep', dnsName: 'asleep.tail1234.ts.net.', ip: '127.0.0.1', online: false },
      { name: 'pve2', dnsName: 'pve2.tail1234.ts.net.', ip: '127.0.0.1' },
    ]);
    const found = await tailnetPveEndpoints(snap, [`https://pve2.tail1234.ts.net:${port}`], { port, timeoutMs: 2000 });
    assert.deepEqual(found, [
      { peer: 'pve1', url: `https://pve1.tail1234.ts.net:${port}`, why: 'name' },
      { peer: 'box', url: `https://box.tail1234.ts.net:${port}`, why: 'port' },
    ]);
    // Only "box" and "phone" were probed (online, not named like a node, not configured); only "box" listens.
    await new Promise((r) => setImmediate(r));
    assert.equal(connections, 1);
    assert.equal(bytes, 0, 'nothing is sent');
  });

  it('a peer without a MagicDNS name is offered by its Tailscale IP', async () => {
    const found = await tailnetPveEndpoints(snapshotWith([], [{ name: 'bare', ip: '127.0.0.1' }]), [], { port, timeoutMs: 2000 });
    assert.deepEqual(found, [{ peer: 'bare', url: `https://127.0.0.1:${port}`, why: 'port' }]);
  });

  it('a port nobody listens on is not an answer', async () => {
    assert.equal(await answersOn('127.0.0.1', port, 2000), true);
    assert.equal(await answersOn('127.0.0.2', port, 2000), false);
  });
});
