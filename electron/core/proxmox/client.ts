import { localNetworkHint } from '../net/unreachable';
import { proxmoxApi, type Proxmox } from 'proxmox-api';
import { formatBytes, readResponseText, TooLargeError } from '../bounded';
import type { Clock } from '../clock';
import { findMismatch } from '../tls/fingerprint';
import type { FetchLike } from '../tls/agent';
import { PveHttpError, PveProtocolError } from './errors';

export type PveAuth = { kind: 'token'; tokenId: string; secret: string } | { kind: 'password'; username: string; password: string };

export type PveParams = Record<string, string | number | boolean | undefined | null | (string | number)[]>;

export interface PveClientOptions {
  /** The cluster's name, for messages. */
  name: string;
  /** Base URLs, e.g. `https://192.168.1.10:8006`; tried in order, the last good one first. */
  endpoints: string[];
  auth: PveAuth;
  /** A fetch whose dispatcher verifies TLS (pinned or CA). */
  fetch: FetchLike;
  clock: Clock;
  /** Per attempt; a timed-out endpoint makes the client try the next one. */
  timeoutMs?: number;
  /** Tickets live two hours; renew well before. */
  ticketRenewAfterMs?: number;
}

interface Ticket {
  ticket: string;
  csrf: string;
  at: number;
}

/** The largest answer read: /cluster/resources of a thousand guests is under 1 MB, a long task log a few MB; generous past that. */
export const MAX_PVE_BODY = 64 * 1024 * 1024;

/** A network failure where the request surely never reached PVE, so even a POST may go to the next endpoint. */
const NOT_DELIVERED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']);

class AttemptError extends Error {
  constructor(
    message: string,
    readonly delivered: boolean,
    options?: { cause?: unknown },
    /** The connection was closed or reset under us. */
    readonly closed = false,
  ) {
    super(message, options);
  }
}

/**
 * Talks to one PVE cluster: token or ticket auth (renewal, CSRF, re-login on
 * 401), endpoint failover remembering the good one, a timeout on every call.
 */
export class PveClient {
  private good = 0;
  private ticket: Ticket | null = null;
  private login: Promise<Ticket> | null = null;
  private readonly timeoutMs: number;
  private readonly renewAfterMs: number;

  constructor(private readonly opts: PveClientOptions) {
    if (opts.endpoints.length === 0) throw new Error(`${opts.name}: no endpoints configured`);
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.renewAfterMs = opts.ticketRenewAfterMs ?? 90 * 60_000;
  }

  /** The endpoint that answered last (or the first one before any call). */
  get endpoint(): string {
    return this.opts.endpoints[this.good];
  }

  /** The typed proxmox-api tree, bound to a signal: `client.api(signal).cluster.resources.$get()`. */
  api(signal?: AbortSignal): Proxmox.Api {
    return proxmoxApi({
      doRequest: (method: string, path: string, _template: string, params?: PveParams) => this.request(method, path.replace(/^\/api2\/json/, ''), params, signal),
    });
  }

  /** One API call (path without `/api2/json`); resolves with the response's `data`. */
  async request(method: string, path: string, params?: PveParams, signal?: AbortSignal): Promise<unknown> {
    method = method.toUpperCase();
    const n = this.opts.endpoints.length;
    const failures: string[] = [];
    let lastError: unknown = null;
    for (let k = 0; k < n; k++) {
      const i = (this.good + k) % n;
      const base = this.opts.endpoints[i];
      try {
        let data: unknown;
        try {
          data = await this.withAuth(base, method, path, params, signal);
        } catch (err) {
          // A kept-alive connection the server has since closed (pveproxy restart): a read is tried once more.
          if (!(err instanceof AttemptError) || !err.closed || method !== 'GET') throw err;
          signal?.throwIfAborted();
          data = await this.withAuth(base, method, path, params, signal);
        }
        this.good = i;
        return data;
      } catch (err) {
        signal?.throwIfAborted();
        if (!(err instanceof AttemptError)) throw err;
        // A GET can be repeated anywhere; a write only when it never left.
        if (method !== 'GET' && err.delivered) throw new Error(`${this.opts.name}: ${method} ${path} on ${base}: ${err.message} (not retried elsewhere: it may have been applied)`, { cause: err });
        failures.push(`${base}: ${err.message}`);
        lastError = err;
      }
    }
    throw new Error(n === 1 ? `${this.opts.name}: ${failures[0]}` : `${this.opts.name}: no endpoint answered — ${failures.join('; ')}`, { cause: lastError });
  }

  private async withAuth(base: string, method: string, path: string, params: PveParams | undefined, signal: AbortSignal | undefined): Promise<unknown> {
    const auth = this.opts.auth;
    if (auth.kind === 'token') {
      return this.send(base, method, path, params, { Authorization: `PVEAPIToken=${auth.tokenId}=${auth.secret}` }, signal);
    }
    const t = await this.currentTicket(base, signal);
    try {
      return await this.send(base, method, path, params, ticketHeaders(t, method), signal);
    } catch (err) {
      if (!(err instanceof PveHttpError) || err.status !== 401) throw err;
      // The ticket expired or the cluster restarted its auth key: log in once more.
      if (this.ticket === t) this.ticket = null;
      const fresh = await this.currentTicket(base, signal);
      return this.send(base, method, path, params, ticketHeaders(fresh, method), signal);
    }
  }

  private async currentTicket(base: string, signal: AbortSignal | undefined): Promise<Ticket> {
    const auth = this.opts.auth;
    if (auth.kind !== 'password') throw new Error('ticket auth needs a user name and password');
    const now = this.opts.clock.now();
    if (this.ticket && now - this.ticket.at < this.renewAfterMs) return this.ticket;
    if (!this.login) {
      const old = this.ticket;
      this.login = (async () => {
        if (old) {
          // PVE renews a ticket when it is posted as the password; fall back to the real password.
          try {
            return await this.obtainTicket(base, auth.username, old.ticket, signal);
          } catch (err) {
            if (err instanceof AttemptError) throw err;
          }
        }
        return this.obtainTicket(base, auth.username, auth.password, signal);
      })().finally(() => {
        this.login = null;
      });
    }
    const t = await this.login;
    this.ticket = t;
    return t;
  }

  private async obtainTicket(base: string, username: string, password: string, signal: AbortSignal | undefined): Promise<Ticket> {
    let data: unknown;
    try {
      data = await this.send(base, 'POST', '/access/ticket', { username, password }, {}, signal);
    } catch (err) {
      if (err instanceof PveHttpError && err.status === 401) throw new PveHttpError(401, `login as ${username} failed: wrong user name or password`, 'POST', '/access/ticket');
      throw err;
    }
    const d = data as { ticket?: unknown; CSRFPreventionToken?: unknown } | null;
    if (!d || typeof d.ticket !== 'string' || typeof d.CSRFPreventionToken !== 'string') throw new PveProtocolError(`${base}: login answered without a ticket`);
    return { ticket: d.ticket, csrf: d.CSRFPreventionToken, at: this.opts.clock.now() };
  }

  private async send(base: string, method: string, path: string, params: PveParams | undefined, headers: Record<string, string>, signal: AbortSignal | undefined): Promise<unknown> {
    const url = new URL(`/api2/json${path}`, base);
    let body: string | undefined;
    const form = encodeParams(params);
    if (method === 'GET' || method === 'DELETE') {
      for (const [k, v] of form) url.searchParams.append(k, v);
    } else if (form.length) {
      body = new URLSearchParams(form).toString();
      headers = { ...headers, 'Content-Type': 'application/x-www-form-urlencoded' };
    }
    const ac = new AbortController();
    const timer = this.opts.clock.setTimeout(() => ac.abort(new Error(`no answer within ${this.timeoutMs / 1000} s`)), this.timeoutMs);
    const onAbort = (): void => ac.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      let res;
      try {
        // Never follow a redirect: it would carry the credentials (a login body, a token) to wherever it points.
        res = await this.opts.fetch(url.toString(), { method, headers: { Accept: 'application/json', ...headers }, body, signal: ac.signal, redirect: 'manual' });
      } catch (err) {
        signal?.throwIfAborted();
        const mismatch = findMismatch(err);
        if (mismatch) throw mismatch;
        if (ac.signal.aborted) throw new AttemptError(String((ac.signal.reason as Error)?.message ?? 'timed out'), true, { cause: err });
        const code = errorCode(err);
        throw new AttemptError(networkMessage(err, code), !NOT_DELIVERED.has(code ?? ''), { cause: err }, code === 'UND_ERR_SOCKET' || code === 'ECONNRESET');
      }
      if (res.status >= 300 && res.status < 400) {
        await res.body?.cancel().catch(() => undefined);
        throw new PveProtocolError(`${method} ${path}: ${base} answered with a redirect (HTTP ${res.status}) to ${res.headers.get('location') ?? '(no Location header)'}; LabTray does not follow redirects for API calls: set the endpoint to the address PVE answers on`);
      }
      let text: string;
      try {
        text = await readResponseText(res, MAX_PVE_BODY);
      } catch (err) {
        if (err instanceof TooLargeError) throw new PveProtocolError(`${method} ${path}: ${base} sent ${err.message}; stopped reading (limit ${formatBytes(err.limit)})`, { cause: err });
        signal?.throwIfAborted();
        if (ac.signal.aborted) throw new AttemptError(`the answer stopped arriving: ${(ac.signal.reason as Error)?.message ?? 'timed out'}`, true, { cause: err });
        throw new AttemptError(`the answer was cut off: ${networkMessage(err, errorCode(err))}`, true, { cause: err });
      }
      if (!res.ok) throw new PveHttpError(res.status, res.statusText, method, path, paramErrors(text));
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (err) {
        throw new PveProtocolError(`${method} ${path}: ${base} answered with malformed JSON (${text.length} bytes: ${JSON.stringify(text.slice(0, 60))}…)`, { cause: err });
      }
      if (!parsed || typeof parsed !== 'object' || !('data' in parsed)) throw new PveProtocolError(`${method} ${path}: ${base} answered without a "data" field`);
      return (parsed as { data: unknown }).data;
    } finally {
      this.opts.clock.clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }
}

function ticketHeaders(t: Ticket, method: string): Record<string, string> {
  const h: Record<string, string> = { Cookie: `PVEAuthCookie=${encodeURIComponent(t.ticket)}` };
  if (method !== 'GET') h.CSRFPreventionToken = t.csrf;
  return h;
}

function encodeParams(params: PveParams | undefined): [string, string][] {
  const out: [string, string][] = [];
  for (const [k, v] of Object.entries(params ?? {})) {
    if (v === undefined || v === null) continue;
    if (Array.isArray(v)) for (const e of v) out.push([k, String(e)]);
    else out.push([k, typeof v === 'boolean' ? (v ? '1' : '0') : String(v)]);
  }
  return out;
}

function paramErrors(text: string): Record<string, string> | null {
  try {
    const j = JSON.parse(text) as { errors?: unknown };
    if (j && j.errors && typeof j.errors === 'object') return Object.fromEntries(Object.entries(j.errors as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
  } catch {
    return null;
  }
  return null;
}

function errorCode(err: unknown): string | null {
  let e: unknown = err;
  for (let d = 0; e && d < 6; d++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}

/** A network error in a few words, with what to check; exported for its tests (the OS is passed in). */
export function networkMessage(err: unknown, code: string | null, platform: NodeJS.Platform = process.platform): string {
  const words: Record<string, string> = {
    ECONNREFUSED: 'connection refused (is pveproxy running?)',
    ECONNRESET: 'connection reset',
    UND_ERR_SOCKET: 'connection closed by the server',
    UND_ERR_CONNECT_TIMEOUT: 'connect timed out',
    EHOSTUNREACH: 'host unreachable',
    ENETUNREACH: 'network unreachable',
    ENOTFOUND: 'host name not found',
  };
  const hint = localNetworkHint(code, platform);
  if (code && words[code]) return `${words[code]} (${code})${hint ? `; ${hint}` : ''}`;
  let e: unknown = err;
  while ((e as { cause?: unknown })?.cause) e = (e as { cause?: unknown }).cause;
  return e instanceof Error ? e.message : String(e);
}
