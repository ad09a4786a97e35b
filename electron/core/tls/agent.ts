import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import { Agent, buildConnector, fetch as undiciFetch, type Dispatcher, type RequestInit, type Response } from 'undici';
import { CertificateNameError } from './fingerprint';
import { createPinnedAgent } from './pinning';

/** How a server's certificate is trusted: pinned fingerprints, a CA file (or PEM text), or the system CAs. */
export interface TlsTrust {
  fingerprints?: string[];
  caFile?: string;
  /** PEM text, for tests and certificates kept in the config store. */
  ca?: string;
  connectTimeoutMs?: number;
  /** Connections per server; a few kept busy cost fewer TLS handshakes than one each for a burst. */
  connections?: number;
  onPeer?: (host: string, fingerprint: string) => void;
}

/** The dispatcher that enforces `trust`; every variant verifies the server. */
export function createTlsAgent(trust: TlsTrust): Agent {
  const timeout = trust.connectTimeoutMs ?? 10_000;
  if (trust.fingerprints && trust.fingerprints.length > 0) {
    return createPinnedAgent(trust.fingerprints, { connectTimeoutMs: timeout, connections: trust.connections, onPeer: trust.onPeer });
  }
  const ca = trust.ca ?? (trust.caFile ? readCa(trust.caFile) : undefined);
  // One TLS context for every connection: building it (ciphers, CA store) costs more than the handshake.
  const connector = buildConnector({ timeout, secureContext: createSecureContext(ca ? { ca } : {}), maxCachedSessions: 0 });
  return new Agent({
    ...(trust.connections ? { connections: trust.connections } : {}),
    // Node's own verification decides; only a wrong-name refusal is reworded (see CertificateNameError).
    connect: (options, callback) =>
      connector(options, (err, socket) => {
        if (err && (err as { code?: unknown }).code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
          const names = (err as { cert?: { subjectaltname?: string } }).cert?.subjectaltname ?? '';
          // No cause: callers show the innermost error, and this one already carries the names Node listed.
          callback(new CertificateNameError(`${options.hostname}:${options.port || 443}`, names), null);
          return;
        }
        if (err) callback(err, null);
        else callback(null, socket!);
      }),
  });
}

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/**
 * Closes an agent, waiting at most `ms` for requests in flight; then destroys it.
 * undici's close() waits for every queued request, and a request queued behind a
 * connection that failed its TLS name check is never answered nor failed, so a
 * plain close() can hang for good.
 */
export async function closeAgent(agent: Dispatcher, ms = 2_000): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), ms);
  });
  try {
    // Once destroy() runs, the pending close() rejects (the agent is destroyed): that is the end it was waiting for.
    const closed = agent.close().then(
      () => 'closed' as const,
      () => 'closed' as const,
    );
    if ((await Promise.race([closed, late])) === 'late') await agent.destroy();
  } finally {
    clearTimeout(timer);
  }
}

/** A fetch bound to one dispatcher; fetch and Agent come from the same undici. */
export function fetchVia(dispatcher: Dispatcher): FetchLike {
  return (url, init) => undiciFetch(url, { ...init, dispatcher });
}

function readCa(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`cannot read the CA file ${path}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}
