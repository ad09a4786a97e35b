import { createSocket } from 'node:dgram';
import { isIPv4 } from 'node:net';
import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';
import { systemClock, type Clock } from '../clock';
import { isTailnetAddress, subnetBroadcast } from '../net/addresses';

type Interfaces = NodeJS.Dict<NetworkInterfaceInfo[]>;

export const DEFAULT_BROADCAST = '255.255.255.255';
/** 9 (discard) is what most NICs and tools use; 7 (echo) is the older convention. */
export const DEFAULT_PORTS: readonly number[] = [9, 7];

export interface SendOptions {
  /** IPv4 broadcast (or, in tests, loopback) address. */
  address: string;
  ports: readonly number[];
  signal?: AbortSignal;
  timeoutMs?: number;
  clock?: Clock;
  /** This computer's adapters (node:os by default): 255.255.255.255 is sent through each of them. */
  interfaces?: () => Interfaces;
}

/** Validates a broadcast address: it goes into relay command lines, so only a plain IPv4 address is accepted. */
export function requireBroadcast(address: string, where: string): string {
  if (!isIPv4(address)) throw new Error(`${where}: broadcast "${address}" is not an IPv4 address (e.g. 192.168.1.255 or 255.255.255.255)`);
  return address;
}

/** One way out for the magic packet: from an adapter's own address to its subnet broadcast, or from any address. */
export interface WakeRoute {
  /** The local address to send from; null: let the OS pick. */
  from: string | null;
  to: string;
  iface: string | null;
}

/**
 * Where the packet goes. A configured broadcast (`192.168.1.255`) is routed by the OS to the adapter on that
 * subnet. The limited broadcast 255.255.255.255 from 0.0.0.0 leaves through one adapter only (on Windows the
 * first by metric: often WSL's, Hyper-V's or a VPN's), so it is sent instead from each adapter's own IPv4
 * address to that adapter's subnet broadcast. Tailscale's adapter (100.64.0.0/10) is left out: a broadcast
 * there reaches no LAN. With no usable adapter, the limited broadcast is sent as it is.
 */
export function wakeRoutes(address: string, ifaces: Interfaces): WakeRoute[] {
  if (address !== DEFAULT_BROADCAST) return [{ from: null, to: address, iface: null }];
  const routes: WakeRoute[] = [];
  for (const [iface, list] of Object.entries(ifaces)) {
    for (const a of list ?? []) {
      if (a.family !== 'IPv4' || a.internal || isTailnetAddress(a.address) || a.netmask === '255.255.255.255') continue;
      const to = subnetBroadcast(a.address, a.netmask);
      if (to && !routes.some((r) => r.from === a.address)) routes.push({ from: a.address, to, iface });
    }
  }
  return routes.length ? routes : [{ from: null, to: DEFAULT_BROADCAST, iface: null }];
}

/** Sends `packet` once to each port of `address` with SO_BROADCAST set (per adapter for 255.255.255.255, see wakeRoutes); resolves when it left through at least one. */
export async function sendMagicPacket(packet: Buffer, opts: SendOptions): Promise<void> {
  requireBroadcast(opts.address, 'Wake-on-LAN');
  opts.signal?.throwIfAborted();
  const routes = wakeRoutes(opts.address, (opts.interfaces ?? networkInterfaces)());
  const results = await Promise.allSettled(routes.map((r) => sendVia(packet, r, opts)));
  opts.signal?.throwIfAborted();
  const failed = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as Error] : []));
  if (failed.length === results.length) throw failed.length === 1 ? failed[0] : new Error(failed.map((e) => e.message).join('; '), { cause: failed[0] });
}

async function sendVia(packet: Buffer, route: WakeRoute, opts: SendOptions): Promise<void> {
  const socket = createSocket({ type: 'udp4' });
  const timeoutMs = opts.timeoutMs ?? 5_000;
  const clock = opts.clock ?? systemClock;
  const where = route.from ? `${route.to} (from ${route.iface ?? route.from} ${route.from})` : route.to;
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = clock.setTimeout(() => reject(new Error(`sending the magic packet to ${where} took longer than ${timeoutMs} ms`)), timeoutMs);
      const onAbort = (): void => reject(opts.signal?.reason instanceof Error ? opts.signal.reason : new Error('aborted'));
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      const done = (err?: Error): void => {
        clock.clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onAbort);
        if (err) reject(err);
        else resolve();
      };
      socket.once('error', (err) => done(new Error(`cannot send the magic packet to ${where}: ${err.message}`, { cause: err })));
      socket.bind(route.from ? { port: 0, address: route.from } : { port: 0 }, () => {
        socket.setBroadcast(true);
        let left = opts.ports.length;
        if (left === 0) return done(new Error('no UDP ports to send the magic packet to'));
        for (const port of opts.ports) {
          socket.send(packet, port, route.to, (err) => {
            if (err) return done(new Error(`cannot send the magic packet to ${where}:${port}: ${err.message}`, { cause: err }));
            if (--left === 0) done();
          });
        }
      });
    });
  } finally {
    socket.close();
  }
}
