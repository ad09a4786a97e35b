import { connect, type Socket } from 'node:net';
import ssh2 from 'ssh2';
import { LabError } from '../../../shared/api';
import { sshFingerprint } from '../ssh/fingerprint';
import { fetchCertificate } from '../tls/pinning';
import type { ProbeRoute } from './decide';

export interface ProbeOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** What an SSH identity probe saw: the host key offered, and whether the host proved it holds that key. */
export interface SshIdentity {
  /** `SHA256:…` of the host key the server offered. */
  seen: string;
  /**
   * True only when the offered key was the pinned one and the key exchange
   * finished: ssh2 then has checked the server's signature over the exchange
   * hash with that key. A server that only knows the public key cannot get here.
   */
  proven: boolean;
  /** The connection's two ends: which of this computer's addresses it left from decides whether it crossed the LAN. */
  route?: ProbeRoute;
}

/** The ends of a connected socket; undefined before it connects. */
export function socketRoute(s: Pick<Socket, 'localAddress' | 'remoteAddress'>): ProbeRoute | undefined {
  return s.localAddress && s.remoteAddress ? { local: s.localAddress, remote: s.remoteAddress } : undefined;
}

/**
 * Checks who answers on `host:port` by SSH without logging in. A key that is
 * not the pinned one is refused at once; the pinned one is accepted and the key
 * exchange runs to its end, so the server must sign with the private key. The
 * connection is closed as soon as the exchange is done, before any user
 * authentication.
 */
export function proveSshHostKey(host: string, port: number, isPinned: (fingerprint: string) => boolean, opts: ProbeOptions = {}): Promise<SshIdentity> {
  return new Promise((resolve, reject) => {
    const client = new ssh2.Client();
    // Our own socket, so its addresses can be read: the route is part of the answer.
    const sock = connect({ host, port });
    let seen: string | null = null;
    let proven = false;
    let settled = false;
    let route: ProbeRoute | undefined;
    sock.once('connect', () => (route = socketRoute(sock)));
    const finish = (err: Error | null): void => {
      if (settled) return;
      settled = true;
      opts.signal?.removeEventListener('abort', onAbort);
      client.end();
      sock.destroy();
      if (err && (opts.signal?.aborted || !seen)) reject(err);
      else if (seen) resolve({ seen, proven, ...(route ? { route } : {}) });
      else reject(new LabError('probe', `${host}:${port} closed the connection before showing a host key`));
    };
    const onAbort = (): void => finish(opts.signal?.reason instanceof Error ? opts.signal.reason : new LabError('aborted', 'probe cancelled'));
    if (opts.signal?.aborted) return onAbort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    client.on('error', (err) => finish(seen ? null : new LabError('probe', `${host}:${port}: ${err.message}`, { cause: err })));
    client.on('close', () => finish(null));
    // Emitted once the key exchange is complete: the signature made with the accepted host key has been verified.
    client.on('handshake', () => {
      proven = seen !== null && isPinned(seen);
      finish(null);
    });
    client.connect({
      sock,
      username: 'labtray-probe',
      readyTimeout: opts.timeoutMs ?? 5000,
      hostVerifier: (key: Buffer) => {
        seen = sshFingerprint(key);
        // Another key: hang up before the exchange ends. The pinned key: let the server prove it.
        return isPinned(seen);
      },
    });
  });
}

/**
 * The SHA-256 certificate fingerprint `host:port` presents (TLS handshake only, no HTTP), `AB:CD:…`.
 * The connector answers only after the whole handshake, in which the server signs with the
 * certificate's key (CertificateVerify), so a server that only copied the certificate fails here.
 */
export async function readCertificateFingerprint(host: string, port: number, opts: ProbeOptions = {}): Promise<{ fingerprint: string; route?: ProbeRoute }> {
  const h = host.includes(':') ? `[${host}]` : host;
  let route: ProbeRoute | undefined;
  const info = await fetchCertificate(`https://${h}:${port}/`, { signal: opts.signal, timeoutMs: opts.timeoutMs ?? 5000, onConnected: (s) => (route = socketRoute(s)) });
  return { fingerprint: info.fingerprint, ...(route ? { route } : {}) };
}
