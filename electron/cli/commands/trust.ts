import { Client } from 'ssh2';
import type { CertificateInfo } from '../../../shared/api';
import type { HostConfig, LabConfig, ProxmoxClusterConfig } from '../../../shared/config';
import { msg } from '../../../shared/message';
import { UsageError, type CliArgs } from '../args';
import { askYesNo } from '../ask';
import { loadConfig } from '../../core/config/load';
import { defaultConfigPath } from '../../core/config/paths';
import { findTrustTarget, pinInConfigFile, type Pin } from '../../core/config/pin';
import { keyTypeOf, sshFingerprint } from '../../core/ssh/fingerprint';
import { fetchCertificate } from '../../core/tls/pinning';
import type { Io } from './io';

const say = (key: Parameters<typeof msg>[0], params?: Parameters<typeof msg>[1]): string => msg(key, params).summary;
const errText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** A certificate as the user checks it against the node's own: fingerprint, subject and names, issuer, validity. */
export function certificateLines(c: CertificateInfo, indent = '  '): string[] {
  const lines = [
    say('cli.cert.fingerprint', { value: c.fingerprint }),
    say('cli.cert.subject', { value: c.subject || '-' }),
    say('cli.cert.names', { value: c.names?.length ? c.names.join(', ') : say('cli.cert.noNames') }),
    say('cli.cert.issuer', { value: c.issuer || '-' }),
    say('cli.cert.valid', { from: c.validFrom, to: c.validTo }),
  ];
  if (c.caTrusted) lines.push(say('cli.cert.caTrusted'));
  return lines.map((l) => indent + l);
}

type Seen = { url: string; cert: CertificateInfo } | { url: string; error: string };

/** Every endpoint's certificate, read in the handshake: no HTTP is sent to any of them. */
async function endpointCertificates(c: ProxmoxClusterConfig): Promise<Seen[]> {
  const seen = await Promise.allSettled(c.endpoints.map((url) => fetchCertificate(url, { timeoutMs: Math.min(c.timeout ?? 10_000, 10_000) })));
  return seen.map((r, i) => (r.status === 'fulfilled' ? { url: c.endpoints[i], cert: r.value } : { url: c.endpoints[i], error: errText(r.reason) }));
}

/**
 * `labtray status` at first contact: the clusters with no pin and no CA file
 * whose certificate the system's CAs do not vouch for. Each is shown with the
 * line to add; the handshake is all that reached them.
 */
export async function firstContactReport(config: LabConfig, file: string): Promise<string | null> {
  const blocks: string[] = [];
  for (const c of config.proxmox ?? []) {
    if (c.fingerprint || c.fingerprints?.length || c.caFile) continue;
    const reached = (await endpointCertificates(c)).find((s): s is Extract<Seen, { cert: CertificateInfo }> => 'cert' in s);
    // A certificate the system's CAs signed for another name is refused by the poll itself, with the names it carries.
    if (!reached || reached.cert.chainTrusted) continue;
    blocks.push(
      [
        say('cli.firstContact', { cluster: c.name, endpoint: reached.url }),
        ...certificateLines(reached.cert),
        say('cli.firstContact.add', { cluster: c.name, file }),
        `    fingerprint: '${reached.cert.fingerprint}'`,
      ].join('\n'),
    );
  }
  return blocks.length ? blocks.join('\n\n') : null;
}

/** The key a host shows in the key exchange; the verifier refuses it, so the connection ends before any login. */
function fetchHostKey(host: string, port: number, timeoutMs = 10_000): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const client = new Client();
    let key: Buffer | null = null;
    const done = (): void => {
      client.end();
      if (key) resolve(key);
    };
    client.on('error', (e) => {
      done();
      if (!key) reject(e);
    });
    client.on('close', () => (key ? resolve(key) : reject(new Error('the connection closed before the key exchange'))));
    client.connect({
      host,
      port,
      username: 'labtray-trust',
      readyTimeout: timeoutMs,
      hostVerifier: (k: Buffer) => {
        key = Buffer.from(k);
        return false;
      },
    });
  });
}

/** OpenSSH's name for a key type, as in "ED25519 key fingerprint is SHA256:…". */
function keyLabel(type: string): string {
  if (type === 'ssh-ed25519') return 'ED25519';
  if (type === 'ssh-rsa') return 'RSA';
  if (type.startsWith('ecdsa-')) return 'ECDSA';
  return type;
}

function confirm(a: CliArgs, io: Io, file: string): Promise<boolean | 'no-tty'> {
  return askYesNo(a.yes, say('cli.trust.ask', { file }), io);
}

async function clusterPin(c: ProxmoxClusterConfig, io: Io): Promise<Pin | null> {
  const seen = await endpointCertificates(c);
  const fingerprints: string[] = [];
  for (const s of seen) {
    if ('error' in s) {
      io.out.write(say('cli.trust.unreached', { endpoint: s.url, reason: s.error }) + '\n');
      continue;
    }
    if (fingerprints.includes(s.cert.fingerprint)) {
      io.out.write(say('cli.trust.sameAs', { endpoint: s.url }) + '\n');
      continue;
    }
    fingerprints.push(s.cert.fingerprint);
    io.out.write([say('cli.trust.endpoint', { cluster: c.name, endpoint: s.url }), ...certificateLines(s.cert)].join('\n') + '\n');
  }
  if (!fingerprints.length) {
    io.err.write(say('cli.trust.noneReached', { cluster: c.name }) + '\n');
    return null;
  }
  return { kind: 'cluster', name: c.name, fingerprints };
}

async function hostPin(h: HostConfig, io: Io): Promise<Pin | null> {
  const ssh = h.ssh!;
  const address = `${ssh.host}:${ssh.port ?? 22}`;
  let blob: Buffer;
  try {
    blob = await fetchHostKey(ssh.host, ssh.port ?? 22);
  } catch (err) {
    io.err.write(say('cli.trust.hostUnreached', { host: h.name, address, reason: errText(err) }) + '\n');
    return null;
  }
  const fingerprint = sshFingerprint(blob);
  io.out.write(`${say('cli.trust.hostKey', { host: h.name, address })}\n  ${say('cli.trust.keyFingerprint', { type: keyLabel(keyTypeOf(blob)), fingerprint })}\n`);
  return { kind: 'host', name: h.name, hostKey: fingerprint };
}

/** `labtray trust NAME [--yes]`: shows a cluster's certificates or a host's key, asks, and pins it in the config file. */
export async function run(a: CliArgs, io: Io): Promise<number> {
  const name = a.args[0];
  if (!name) throw new UsageError('trust', 'say which cluster or host to trust');
  if (a.args.length > 1) throw new UsageError('trust', `one name at a time (got ${a.args.join(', ')})`);
  if (a.demo) throw new UsageError('trust', 'the demo lab pins its own certificates');
  const file = a.config ?? defaultConfigPath();
  const { config } = await loadConfig(file);
  const target = findTrustTarget(config, name, file);
  const pin = target.kind === 'cluster' ? await clusterPin(target.cluster, io) : await hostPin(target.host, io);
  if (!pin) return 1;
  const answer = await confirm(a, io, file);
  if (answer === 'no-tty') {
    io.err.write(`labtray: trust: ${say('cli.trust.needsYes', { name })}\n`);
    return 2;
  }
  if (!answer) {
    io.out.write(say('cli.trust.declined') + '\n');
    return 1;
  }
  const fields = await pinInConfigFile(file, pin);
  io.out.write(say('cli.trust.pinned', { file, what: fields.join(', ') }) + '\n');
  return 0;
}
