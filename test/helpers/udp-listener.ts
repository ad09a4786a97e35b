/** A UDP listener on 127.0.0.1 that records what arrives: the "sleeping NIC" of Wake-on-LAN tests. */
import { createSocket } from 'node:dgram';

export interface UdpListener {
  port: number;
  /** Every datagram so far, in arrival order. */
  received(): Buffer[];
  /** Resolves with the next datagram (or one already waiting); rejects after `limitMs`. */
  next(limitMs?: number): Promise<Buffer>;
  stop(): Promise<void>;
}

export async function startUdpListener(): Promise<UdpListener> {
  const socket = createSocket('udp4');
  const all: Buffer[] = [];
  let consumed = 0;
  const waiters: (() => void)[] = [];
  socket.on('message', (msg) => {
    all.push(Buffer.from(msg));
    for (const w of waiters.splice(0)) w();
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => resolve());
  });
  return {
    port: socket.address().port,
    received: () => [...all],
    next: (limitMs = 10_000) =>
      new Promise<Buffer>((resolve, reject) => {
        const take = (): boolean => {
          if (consumed < all.length) {
            clearTimeout(timer);
            resolve(all[consumed++]);
            return true;
          }
          return false;
        };
        const timer = setTimeout(() => reject(new Error(`no datagram on 127.0.0.1:${socket.address().port} within ${limitMs} ms`)), limitMs);
        const wait = (): void => {
          if (!take()) waiters.push(wait);
        };
        wait();
      }),
    stop: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
