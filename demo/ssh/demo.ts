import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import type { AuthContext, Connection, ServerChannel } from 'ssh2';
import type { DemoPart } from '../demo-lab';
import { sshFingerprint } from '../../electron/core/ssh/fingerprint';
import { freePort } from '../net';

// OpenSSH's sshd sends no keepalives unless ClientAliveInterval is set; ssh2's server
// sends one every 15 s by default, so it is pushed out of reach here.
const OPENSSH_NO_CLIENT_ALIVE = 2 ** 31 - 1;

/** A simulated Orange Pi 5 (RK3588S, 8 cores, 8 GB, 128 GB TF card): its /proc, df and sensors evolve with time. */
export class OrangePi5 {
  private readonly bootedAt: number;
  private dataKb = 74_512_388;

  constructor(private readonly now: () => number) {
    this.bootedAt = now() - 9 * 86_400_000 - 4 * 3_600_000;
  }

  /** Output of our probe script, section by section, as the board would print it. */
  probe(nonce: string): string {
    const t = this.now();
    const phase = t / 60_000;
    // The k3s worker's load breathes with its pods; memory follows.
    const load1 = 1.2 + Math.abs(Math.sin(phase / 7)) * 2.1;
    const load5 = 1.4 + Math.abs(Math.sin(phase / 17)) * 1.2;
    const load15 = 1.6 + Math.abs(Math.sin(phase / 41)) * 0.5;
    const memTotal = 8_024_408;
    const memAvail = Math.round(3_900_000 - Math.abs(Math.sin(phase / 13)) * 900_000);
    this.dataKb += 37; // logs and images slowly fill the card
    const size = 122_030_000;
    const avail = size - this.dataKb - 6_201_000;
    const cap = Math.round((this.dataKb / (this.dataKb + avail)) * 100);
    const temp = (base: number): number => Math.round((base + load1 * 2.4 + Math.sin(phase) * 1.5) * 1000);
    const up = (t - this.bootedAt) / 1000;
    const sec = (name: string, body: string): string => `\n@@LABTRAY-${nonce}:${name}\n${body}`;
    return [
      sec('arch', 'aarch64'),
      sec('nproc', '8'),
      sec('uptime', `${up.toFixed(2)} ${(up * 6.1).toFixed(2)}`),
      sec('loadavg', `${load1.toFixed(2)} ${load5.toFixed(2)} ${load15.toFixed(2)} 3/612 ${48_211 + Math.floor(phase)}`),
      sec(
        'meminfo',
        [
          `MemTotal:        ${memTotal} kB`,
          `MemFree:          ${Math.round(memAvail * 0.31)} kB`,
          `MemAvailable:    ${memAvail} kB`,
          'Buffers:           98124 kB',
          `Cached:          ${Math.round(memAvail * 0.62)} kB`,
          'SwapCached:         1204 kB',
          'SwapTotal:       4012200 kB',
          'SwapFree:        3871092 kB',
          'SReclaimable:     120332 kB',
        ].join('\n'),
      ),
      sec(
        'df',
        [
          'Filesystem     Type     1024-blocks     Used Available Capacity Mounted on',
          'udev           devtmpfs     3962416        0   3962416       0% /dev',
          'tmpfs          tmpfs         802444     6188    796256       1% /run',
          `/dev/mmcblk0p2 ext4       ${size} ${this.dataKb} ${avail}      ${cap}% /`,
          'tmpfs          tmpfs        4012204        0   4012204       0% /dev/shm',
          '/dev/mmcblk0p1 vfat          523248   131716    391532      26% /boot',
          'tmpfs          tmpfs         802440        4    802436       1% /run/user/1000',
        ].join('\n'),
      ),
      sec(
        'thermal',
        [
          ['soc-thermal', 41],
          ['bigcore0-thermal', 42],
          ['bigcore1-thermal', 42],
          ['littlecore-thermal', 40],
          ['center-thermal', 40],
          ['gpu-thermal', 38],
          ['npu-thermal', 38],
        ]
          .map(([type, base], i) => `/sys/class/thermal/thermal_zone${i}/type=${type}\n/sys/class/thermal/thermal_zone${i}/temp=${temp(base as number)}`)
          .join('\n'),
      ),
      sec('hwmon', ''),
      sec('sensors', '!unavailable lm-sensors is not installed'),
      sec('smart', ''),
      sec('smart:mmcblk0', '!sdcard'),
      sec('kernel', '#from journalctl'),
      sec('systemd', ''),
      sec('end', ''),
    ].join('');
  }
}

/** Commands besides the probe script: what testConnection and a Wake-on-LAN relay send. */
export function otherCommand(command: string): { code: number; out: string; err: string } {
  if (command === 'uname -srm') return { code: 0, out: 'Linux 6.1.43-rockchip-rk3588 aarch64\n', err: '' };
  if (command === 'true') return { code: 0, out: '', err: '' };
  const wake = /^wakeonlan\b.*?(([0-9a-f]{2}:){5}[0-9a-f]{2})/i.exec(command);
  if (wake) return { code: 0, out: `Sending magic packet to 255.255.255.255:9 with ${wake[1]}\n`, err: '' };
  return { code: 127, out: '', err: `sh: 1: ${command.split(/\s+/)[0]}: not found\n` };
}

/**
 * A new ed25519 key pair that ssh2 can read back. About one in 250 of the
 * pairs ssh2 generates has a public key starting with a zero byte, which it
 * writes one byte short and then refuses as malformed: those are drawn again.
 */
export function ed25519Pair(): { public: string; private: string } {
  for (let i = 0; i < 20; i++) {
    const keys = ssh2.utils.generateKeyPairSync('ed25519');
    if (!(ssh2.utils.parseKey(keys.public) instanceof Error) && !(ssh2.utils.parseKey(keys.private) instanceof Error)) return keys;
  }
  throw new Error('could not generate an ed25519 key that ssh2 reads back');
}

/**
 * The demo lab's SSH hosts: an in-process SSH server on 127.0.0.1 that plays
 * orangepi5 (the demo config pins its host key and logs in with a generated
 * user key), and rockpi5a configured on a port where nobody answers (offline).
 */
export async function startDemo(): Promise<DemoPart> {
  const dir = mkdtempSync(join(tmpdir(), 'labtray-demo-ssh-'));
  const hostKeys = ed25519Pair();
  const userKeys = ed25519Pair();
  const userKeyPath = join(dir, 'id_ed25519');
  writeFileSync(userKeyPath, userKeys.private, { mode: 0o600 });
  const hostPub = ssh2.utils.parseKey(hostKeys.public);
  const userPub = ssh2.utils.parseKey(userKeys.public);
  if (hostPub instanceof Error || userPub instanceof Error) throw new Error('could not parse generated demo keys');
  const board = new OrangePi5(() => Date.now());

  const onAuth = (ctx: AuthContext): void => {
    if (ctx.method !== 'publickey' || ctx.username !== 'orangepi') return ctx.reject(['publickey']);
    if (ctx.key.algo !== 'ssh-ed25519' || !ctx.key.data.equals(userPub.getPublicSSH())) return ctx.reject(['publickey']);
    // Without a signature the client only asks whether the key would do.
    if (!ctx.signature) return ctx.accept();
    if (ctx.blob && userPub.verify(ctx.blob, ctx.signature, ctx.hashAlgo) === true) return ctx.accept();
    ctx.reject(['publickey']);
  };
  const answer = (stream: ServerChannel, command: string): void => {
    const nonce = /^sh -c 'N=([A-Za-z0-9]+);/.exec(command)?.[1];
    const r = nonce ? { code: 0, out: board.probe(nonce), err: '' } : otherCommand(command);
    stream.write(r.out);
    if (r.err) stream.stderr.write(r.err);
    stream.exit(r.code);
    stream.end();
  };
  const clients = new Set<Connection>();
  const server = new ssh2.Server({ hostKeys: [hostKeys.private], keepaliveInterval: OPENSSH_NO_CLIENT_ALIVE }, (client: Connection) => {
    clients.add(client);
    client.on('close', () => clients.delete(client));
    client.on('authentication', onAuth);
    client.on('ready', () => {
      client.on('session', (accept) => {
        const session = accept();
        session.on('exec', (acceptExec, _reject, info) => answer(acceptExec(), info.command));
      });
    });
    client.on('error', () => undefined); // a client that goes away mid-handshake is normal
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const offlinePort = await freePort();

  return {
    config: {
      hosts: [
        {
          name: 'orangepi5',
          ssh: { host: '127.0.0.1', port, user: 'orangepi', identityFile: userKeyPath, hostKey: sshFingerprint(hostPub.getPublicSSH()) },
          mac: 'c0:74:2b:fe:5a:31',
          // The demo's magic packets stay on this machine, never on the real LAN.
          broadcast: '127.0.0.1',
          interval: 30_000,
        },
        {
          name: 'rockpi5a',
          ssh: { host: '127.0.0.1', port: offlinePort, user: 'rock', identityFile: userKeyPath, hostKey: sshFingerprint(hostPub.getPublicSSH()) },
          mac: 'e2:45:71:0a:9c:12',
          // The demo's magic packets stay on this machine, never on the real LAN.
          broadcast: '127.0.0.1',
        },
      ],
    },
    secrets: {},
    stop: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // server.close waits for open connections: end them, as a host shutting down would.
      for (const c of clients) c.end();
      await closed;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
