import ssh2 from 'ssh2';
import { LabError } from '../../../shared/api';
import { sshFingerprint } from '../ssh/fingerprint';
import { fetchCertificate } from '../tls/pinning';

export interface ProbeOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

/**
 * Reads the SSH host key a host presents, then hangs up during the key
 * exchange: the verifier refuses every key, so no authentication is ever tried.
 */
export function readSshHostKey(host: string, port: number, opts: ProbeOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const client = new ssh2.Client();
    let seen: string | null = null;
    let settled = false;
    const finish = (err: Error | null): void => {
      if (settled) return;
      settled = true;
      opts.signal?.removeEventListener('abort', onAbort);
      client.end();
      if (seen) resolve(seen);
      else reject(err ?? new LabError('probe', `${host}:${port} closed the connection before showing a host key`));
    };
    const onAbort = (): void => finish(opts.signal?.reason instanceof Error ? opts.signal.reason : new LabError('aborted', 'probe cancelled'));
    if (opts.signal?.aborted) return onAbort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    client.on('error', (err) => finish(seen ? null : new LabError('probe', `${host}:${port}: ${err.message}`, { cause: err })));
    client.on('close', () => finish(null));
    client.connect({
      host,
      port,
      username: 'labtray-probe',
      readyTimeout: opts.timeoutMs ?? 5000,
      hostVerifier: (key: Buffer) => {
        seen = sshFingerprint(key);
        // Refusing here ends the handshake before any user authentication.
        return false;
      },
    });
  });
}

/** The SHA-256 certificate fingerprint `host:port` presents (TLS handshake only, no HTTP), `AB:CD:…`. */
export async function readCertificateFingerprint(host: string, port: number, opts: ProbeOptions = {}): Promise<string> {
  const h = host.includes(':') ? `[${host}]` : host;
  const info = await fetchCertificate(`https://${h}:${port}/`, { signal: opts.signal, timeoutMs: opts.timeoutMs ?? 5000 });
  return info.fingerprint;
}
