import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import { Agent, fetch as undiciFetch, type Dispatcher, type RequestInit, type Response } from 'undici';
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
  return new Agent({ ...(trust.connections ? { connections: trust.connections } : {}), connect: { timeout, secureContext: createSecureContext(ca ? { ca } : {}), maxCachedSessions: 0 } });
}

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

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
