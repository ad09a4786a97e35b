import { createSocket } from 'node:dgram';
import { isIPv4 } from 'node:net';
import { systemClock, type Clock } from '../clock';

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
}

/** Validates a broadcast address: it goes into relay command lines, so only a plain IPv4 address is accepted. */
export function requireBroadcast(address: string, where: string): string {
  if (!isIPv4(address)) throw new Error(`${where}: broadcast "${address}" is not an IPv4 address (e.g. 192.168.1.255 or 255.255.255.255)`);
  return address;
}

/** Sends `packet` once to each port of `address` with SO_BROADCAST set; resolves when every datagram left. */
export async function sendMagicPacket(packet: Buffer, opts: SendOptions): Promise<void> {
  requireBroadcast(opts.address, 'Wake-on-LAN');
  opts.signal?.throwIfAborted();
  const socket = createSocket({ type: 'udp4' });
  const timeoutMs = opts.timeoutMs ?? 5_000;
  const clock = opts.clock ?? systemClock;
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = clock.setTimeout(() => reject(new Error(`sending the magic packet to ${opts.address} took longer than ${timeoutMs} ms`)), timeoutMs);
      const onAbort = (): void => reject(opts.signal?.reason instanceof Error ? opts.signal.reason : new Error('aborted'));
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      const done = (err?: Error): void => {
        clock.clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onAbort);
        if (err) reject(err);
        else resolve();
      };
      socket.once('error', (err) => done(new Error(`cannot send the magic packet to ${opts.address}: ${err.message}`, { cause: err })));
      socket.bind(0, () => {
        socket.setBroadcast(true);
        let left = opts.ports.length;
        if (left === 0) return done(new Error('no UDP ports to send the magic packet to'));
        for (const port of opts.ports) {
          socket.send(packet, port, opts.address, (err) => {
            if (err) return done(new Error(`cannot send the magic packet to ${opts.address}:${port}: ${err.message}`, { cause: err }));
            if (--left === 0) done();
          });
        }
      });
    });
  } finally {
    socket.close();
  }
}
