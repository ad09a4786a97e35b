import { checkServerIdentity, createSecureContext, type PeerCertificate, type TLSSocket } from 'node:tls';
import { Agent, buildConnector } from 'undici';
import type { CertificateInfo } from '../../../shared/api';
import { normalizeFingerprint } from '../../../shared/fingerprint';
import { CertificateMismatchError } from './fingerprint';

// The one place in LabTray where the CA check is replaced (DESIGN.md "Rules"):
// the chain is not verified by a CA, but the leaf certificate's SHA-256
// fingerprint must equal a pin, checked after the handshake and before undici
// writes a single HTTP byte. Node has no per-connection verify callback, so
// this is done in the connector's callback.
const connectorOptions = { rejectUnauthorized: false, maxCachedSessions: 0 } as const;

export interface PinnedAgentOptions {
  /** TCP + TLS handshake limit. */
  connectTimeoutMs?: number;
  /** Connections per server (undici's default: no limit). */
  connections?: number;
  /** Called with every fingerprint seen (for tests and the "certificate changed" view). */
  onPeer?: (host: string, fingerprint: string) => void;
}

/** An undici Agent that accepts a server only when its certificate matches one of `pins`. */
export function createPinnedAgent(pins: string[], opts: PinnedAgentOptions = {}): Agent {
  const expected = pins.map((p) => {
    const n = normalizeFingerprint(p);
    if (!n) throw new Error(`"${p}" is not a SHA-256 certificate fingerprint (64 hex digits)`);
    return n;
  });
  if (expected.length === 0) throw new Error('a pinned connection needs at least one fingerprint');
  // One TLS context for every connection: building it (ciphers, CA store) costs more than the handshake.
  const connector = buildConnector({ ...connectorOptions, secureContext: createSecureContext(), timeout: opts.connectTimeoutMs ?? 10_000 });
  return new Agent({
    ...(opts.connections ? { connections: opts.connections } : {}),
    connect: (options, callback) => {
      connector(options, (err, socket) => {
        if (err || !socket) {
          callback(err ?? new Error('TLS connection failed'), null);
          return;
        }
        const host = `${options.hostname}:${options.port || 443}`;
        const actual = peerFingerprint(socket as TLSSocket);
        if (actual) opts.onPeer?.(host, actual);
        if (!actual || !expected.includes(actual)) {
          socket.destroy();
          callback(new CertificateMismatchError(host, expected, actual ?? 'no certificate'), null);
          return;
        }
        callback(null, socket);
      });
    },
  });
}

/**
 * First contact: connects, completes the TLS handshake and reads the server's
 * certificate so the user can decide to trust it. Sends no HTTP at all.
 */
export async function fetchCertificate(
  url: string,
  opts: { signal?: AbortSignal; timeoutMs?: number; /** Sees the connected socket (its addresses) before it is closed. */ onConnected?: (socket: TLSSocket) => void } = {},
): Promise<CertificateInfo> {
  const u = new URL(url);
  if (u.protocol !== 'https:') throw new Error(`${url}: only https:// URLs have a certificate`);
  const connector = buildConnector({ ...connectorOptions, timeout: opts.timeoutMs ?? 10_000 });
  const hostname = u.hostname.replace(/^\[|\]$/g, '');
  opts.signal?.throwIfAborted();
  const socket = await new Promise<TLSSocket>((resolve, reject) => {
    const onAbort = (): void => reject(opts.signal?.reason instanceof Error ? opts.signal.reason : new Error('aborted'));
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    // No servername given: undici derives it from `host` and sends none for an IP address (SNI carries names only).
    connector({ hostname, host: u.host, protocol: 'https:', port: u.port || '443' }, (err, s) => {
      opts.signal?.removeEventListener('abort', onAbort);
      if (err || !s) reject(new Error(`${u.host}: TLS handshake failed: ${err?.message ?? 'no socket'}`, { cause: err }));
      // Aborted while connecting: the abort listener has rejected already; only the connection is left to close.
      else if (opts.signal?.aborted) s.destroy();
      else resolve(s as TLSSocket);
    });
  });
  try {
    opts.onConnected?.(socket);
    const cert = socket.getPeerCertificate();
    const fingerprint = cert && cert.fingerprint256 ? normalizeFingerprint(cert.fingerprint256) : null;
    if (!fingerprint) throw new Error(`${u.host} presented no certificate`);
    // The chain was not enforced here; whether the system's CAs would accept it for this name is told, not acted on.
    // Node folds the name check into `authorized`: a chain it accepted for another name fails only with ERR_TLS_CERT_ALTNAME_INVALID.
    const chainTrusted = socket.authorized || String(socket.authorizationError) === 'ERR_TLS_CERT_ALTNAME_INVALID';
    const caTrusted = chainTrusted && checkServerIdentity(hostname, cert) === undefined;
    return {
      fingerprint,
      subject: distinguishedName(cert.subject),
      issuer: distinguishedName(cert.issuer),
      validFrom: new Date(cert.valid_from).toISOString(),
      validTo: new Date(cert.valid_to).toISOString(),
      names: cert.subjectaltname ? cert.subjectaltname.split(/,\s*/) : [],
      caTrusted,
      chainTrusted,
    };
  } finally {
    socket.destroy();
  }
}

function peerFingerprint(socket: TLSSocket): string | null {
  const cert = socket.getPeerCertificate?.();
  return cert && cert.fingerprint256 ? normalizeFingerprint(cert.fingerprint256) : null;
}

function distinguishedName(dn: PeerCertificate['subject'] | undefined): string {
  if (!dn) return '';
  return Object.entries(dn)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : String(v)}`)
    .join(', ');
}
