/**
 * A machine asleep on the home LAN, on 127.0.0.1: its NIC listens for UDP
 * magic packets; when one for its MAC arrives (with the right SecureOn
 * password, if it has one) it "boots" and opens its SSH port after `bootMs`.
 */
import { createServer, type Server } from 'node:net';
import { startUdpListener, type UdpListener } from './udp-listener';
import { freePort } from './sshd';

export interface SleepingMachine {
  /** UDP port its NIC listens on (give it to the wake integration as the WOL port). */
  wolPort: number;
  /** TCP port that opens once it has booted. */
  sshPort: number;
  /** Every datagram that reached the NIC. */
  packets(): Buffer[];
  awake(): boolean;
  stop(): Promise<void>;
}

function isMagicFor(packet: Buffer, mac: Buffer, password: Buffer | null): boolean {
  const len = 102 + (password ? 6 : 0);
  if (packet.length !== len) return false;
  if (!packet.subarray(0, 6).equals(Buffer.alloc(6, 0xff))) return false;
  for (let i = 0; i < 16; i++) if (!packet.subarray(6 + i * 6, 12 + i * 6).equals(mac)) return false;
  return password ? packet.subarray(102).equals(password) : true;
}

export async function startSleepingMachine(opts: { mac: Buffer; password?: Buffer; bootMs?: number }): Promise<SleepingMachine> {
  const nic: UdpListener = await startUdpListener();
  const sshPort = await freePort();
  let server: Server | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let seen = 0;
  const poll = setInterval(() => {
    const all = nic.received();
    for (; seen < all.length; seen++) {
      if (timer || server || !isMagicFor(all[seen], opts.mac, opts.password ?? null)) continue;
      timer = setTimeout(() => {
        server = createServer((s) => {
          s.on('error', () => s.destroy()); // watchers hang up right after connecting
          s.end('SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n');
        });
        server.listen(sshPort, '127.0.0.1');
      }, opts.bootMs ?? 300);
    }
  }, 20);
  return {
    wolPort: nic.port,
    sshPort,
    packets: () => nic.received(),
    awake: () => server !== null,
    stop: async () => {
      clearInterval(poll);
      if (timer) clearTimeout(timer);
      await nic.stop();
      const s = server as Server | null;
      if (s) await new Promise<void>((r) => s.close(() => r()));
    },
  };
}
