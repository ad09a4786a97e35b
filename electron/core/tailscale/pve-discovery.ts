import { connect } from 'node:net';
import type { EndpointSuggestion } from '../../../shared/api';
import type { Snapshot } from '../../../shared/snapshot';

/** PVE's web and API port. */
export const PVE_PORT = 8006;

/**
 * Whether something accepts a TCP connection at host:port within `timeoutMs`. Only the handshake: nothing is sent
 * and the socket is closed at once (no TLS, no credential).
 */
export function answersOn(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host, port });
    const finish = (ok: boolean): void => {
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.on('error', () => undefined);
      socket.destroy();
      done(ok);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

export interface DiscoveryOptions {
  port?: number;
  timeoutMs?: number;
  probe?: typeof answersOn;
}

/**
 * Tailnet peers that look like Proxmox VE nodes, as endpoints a cluster could be reached through: a peer named like
 * a node the lab knows, or (online, not yet matched) one that accepts a connection on 8006. Configured endpoints are
 * left out. The user adds one only by choosing it.
 */
export async function tailnetPveEndpoints(snapshot: Snapshot, configured: readonly string[], opts: DiscoveryOptions = {}): Promise<EndpointSuggestion[]> {
  const port = opts.port ?? PVE_PORT;
  const probe = opts.probe ?? answersOn;
  const nodes = new Set(snapshot.proxmox.flatMap((c) => c.nodes.map((n) => n.name.toLowerCase())));
  const taken = new Set(configured.map((e) => e.replace(/\/+$/, '').toLowerCase()));
  const peers = (snapshot.tailscale?.peers ?? []).filter((p) => p.ip);
  const found = await Promise.all(
    peers.map(async (p): Promise<EndpointSuggestion | null> => {
      const host = p.dnsName ? p.dnsName.replace(/\.$/, '') : (p.ip as string);
      const url = `https://${host}:${port}`;
      if (taken.has(url.toLowerCase()) || taken.has(`https://${p.ip}:${port}`)) return null;
      if (nodes.has(p.name.toLowerCase())) return { peer: p.name, url, why: 'name' };
      if (p.online && (await probe(p.ip as string, port, opts.timeoutMs ?? 1500))) return { peer: p.name, url, why: 'port' };
      return null;
    }),
  );
  return found.filter((x): x is EndpointSuggestion => x !== null);
}
