/**
 * HTTPS to one API server: credentials and CA from the context's KubeConfig
 * (@kubernetes/client-node: tokens, client certificates; exec plugins are run
 * by exec-plugin.ts),
 * verified TLS always, a timeout and an AbortSignal on every request, watch
 * streams read line by line as the server sends them.
 */
import { Agent, request, type RequestOptions } from 'node:https';
import type { IncomingMessage } from 'node:http';
import type { KubeConfig } from '@kubernetes/client-node';
import { formatBytes, LineSplitter, readStreamText, TooLargeError } from '../bounded';
import type { Clock } from '../clock';
import { ExecCredentials, splitExec, systemExecHost, type ExecHost } from './exec-plugin';
import { statusSchema, watchEventSchema } from './wire';

export type KubeErrorCode = 'unreachable' | 'timeout' | 'tls' | 'unauthorized' | 'forbidden' | 'not-found' | 'gone' | 'refused' | 'http' | 'aborted' | 'bad-response';

/** A failed API call; `code` says what the caller can do about it. */
export class KubeApiError extends Error {
  constructor(
    readonly code: KubeErrorCode,
    message: string,
    readonly status: number | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'KubeApiError';
  }
}

export interface KubeRequest {
  method?: 'GET' | 'PATCH' | 'DELETE' | 'POST';
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  contentType?: string;
  accept?: string;
  signal?: AbortSignal;
  timeoutMs: number;
}

export interface WatchRequest extends KubeRequest {
  /** A watch that sends nothing for this long is treated as dead. */
  idleMs: number;
  /** Called once the server has accepted the watch (status 200). */
  onOpen?: () => void;
}

export interface WatchLine {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: unknown;
}

/** What the source needs from the network; tests may pass another implementation. */
export interface KubeTransport {
  readonly server: string;
  json(req: KubeRequest): Promise<unknown>;
  /** Streams watch events until the server ends the stream (resolves) or the connection fails (rejects). */
  watch(req: WatchRequest, onEvent: (e: WatchLine) => void): Promise<void>;
  close(): void;
}

/** A list page of 500 pods is a few MB; past this an answer is not one a Kubernetes API server sends. */
export const MAX_BODY = 32 * 1024 * 1024;
/** One watch event is one object (etcd keeps objects under 1.5 MB by default). */
export const MAX_WATCH_LINE = 16 * 1024 * 1024;
const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ALTNAME|UNABLE_TO_GET_ISSUER|ERR_TLS|ERR_SSL/;

export class HttpsTransport implements KubeTransport {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 8 });
  private closed = false;
  readonly server: string;

  private readonly kc: KubeConfig;
  /** The user's exec plugin, run by LabTray (see exec-plugin.ts), never by client-node. */
  private readonly plugin: ExecCredentials | null;

  constructor(
    kc: KubeConfig,
    private readonly clock: Clock,
    execHost: ExecHost = systemExecHost(),
  ) {
    const cluster = kc.getCurrentCluster();
    if (!cluster) throw new KubeApiError('bad-response', `context ${kc.getCurrentContext()} has no cluster`);
    this.server = cluster.server.replace(/\/+$/, '');
    const split = splitExec(kc);
    this.kc = split.kc;
    this.plugin = split.exec ? new ExecCredentials({ context: kc.getCurrentContext(), spec: split.exec, host: execHost, clock }) : null;
  }

  close(): void {
    this.closed = true;
    this.agent.destroy();
  }

  private url(req: KubeRequest): URL {
    const u = new URL(this.server + req.path);
    for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined) u.searchParams.set(k, String(v));
    return u;
  }

  /** TLS and auth options for one request; credentials are fetched fresh so exec plugins can renew tokens. */
  private async options(req: KubeRequest): Promise<RequestOptions> {
    const o: RequestOptions = {};
    try {
      await this.kc.applyToHTTPSOptions(o);
      if (this.plugin) {
        const c = await this.plugin.get();
        if (c.token) o.headers = { ...o.headers, Authorization: `Bearer ${c.token}` };
        if (c.cert && c.key) Object.assign(o, { cert: c.cert, key: c.key });
      }
    } catch (err) {
      throw new KubeApiError('unauthorized', `cannot get credentials for ${this.kc.getCurrentContext()}: ${msg(err)}`, null, { cause: err });
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(o.headers ?? {})) if (v !== undefined) headers[k] = String(v);
    headers.Accept = req.accept ?? 'application/json';
    headers['User-Agent'] = 'labtray';
    if (req.body !== undefined) headers['Content-Type'] = req.contentType ?? 'application/json';
    return {
      method: req.method ?? 'GET',
      agent: this.agent,
      ca: o.ca,
      cert: o.cert,
      key: o.key,
      pfx: o.pfx,
      passphrase: o.passphrase,
      servername: o.servername,
      auth: o.auth,
      headers,
      // Verification is never switched off, whatever the kubeconfig says (contextConfig refuses such contexts too).
      rejectUnauthorized: true,
    };
  }

  /** Opens a request and resolves with the response head; `deadline` aborts it when it fires. */
  private async open(req: KubeRequest, ac: AbortController): Promise<IncomingMessage> {
    const url = this.url(req);
    const opts = await this.options(req);
    // A closed transport (its source was disposed) opens no connection again.
    if (this.closed) throw new KubeApiError('aborted', `the connection to ${this.server} was closed`);
    const signal = req.signal ? AbortSignal.any([req.signal, ac.signal]) : ac.signal;
    const once = (): Promise<IncomingMessage> =>
      new Promise<IncomingMessage>((resolve, reject) => {
        const r = request(url, { ...opts, signal }, resolve);
        r.on('error', (err) => reject(r.reusedSocket && (err as { code?: string }).code === 'ECONNRESET' ? new StaleSocket(err) : this.networkError(err, req, ac)));
        if (req.body !== undefined) r.end(typeof req.body === 'string' ? req.body : JSON.stringify(req.body));
        else r.end();
      });
    try {
      return await once();
    } catch (err) {
      // A kept-alive socket the server closed while idle: the request never reached it, so send it again once.
      if (err instanceof StaleSocket) return once().catch((e: unknown) => Promise.reject(e instanceof StaleSocket ? this.networkError(e.cause, req, ac) : e));
      throw err;
    }
  }

  private networkError(err: unknown, req: KubeRequest, ac: AbortController): KubeApiError {
    if (ac.signal.aborted && ac.signal.reason instanceof KubeApiError) return ac.signal.reason;
    if (req.signal?.aborted) return new KubeApiError('aborted', `request to ${this.server}${req.path} was cancelled: ${msg(req.signal.reason)}`, null, { cause: err });
    const code = (err as { code?: string }).code ?? '';
    if (code === 'ECONNREFUSED') return new KubeApiError('unreachable', `the API server ${this.server} refused the connection (is the cluster running?)`, null, { cause: err });
    if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'ECONNABORTED') return new KubeApiError('unreachable', `the connection to ${this.server} was cut (${code})`, null, { cause: err });
    if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new KubeApiError('unreachable', `cannot reach ${this.server} (${code})`, null, { cause: err });
    if (TLS_CODES.test(code)) return new KubeApiError('tls', `TLS: the certificate of ${this.server} does not verify against the kubeconfig's CA (${code}); check certificate-authority-data`, null, { cause: err });
    return new KubeApiError('unreachable', `request to ${this.server} failed: ${msg(err)}`, null, { cause: err });
  }

  /** A body or line past its limit, as an error naming the server, the request and the limit. */
  private tooLarge(err: TooLargeError, what: string): KubeApiError {
    return new KubeApiError('bad-response', `context ${this.kc.getCurrentContext()}: ${what} on ${this.server}: ${err.message}; stopped reading (limit ${formatBytes(err.limit)})`, null, { cause: err });
  }

  private readError(err: unknown, req: KubeRequest, ac: AbortController, what: string): KubeApiError {
    return err instanceof TooLargeError ? this.tooLarge(err, what) : this.networkError(err, req, ac);
  }

  /** API calls never follow redirects: a 3xx is reported with where it pointed. */
  private refuseRedirect(res: IncomingMessage, what: string): void {
    const status = res.statusCode ?? 0;
    if (status < 300 || status >= 400) return;
    res.destroy();
    const target = res.headers.location ?? '(no Location header)';
    throw new KubeApiError('http', `${what}: ${this.server} answered with a redirect (HTTP ${status}) to ${target}; LabTray does not follow redirects for API calls`, status);
  }

  private deadline(ac: AbortController, ms: number, what: string): unknown {
    return this.clock.setTimeout(() => ac.abort(new KubeApiError('timeout', `no answer from ${this.server} within ${ms / 1000} s (${what})`)), ms);
  }

  async json(req: KubeRequest): Promise<unknown> {
    const ac = new AbortController();
    const timer = this.deadline(ac, req.timeoutMs, `${req.method ?? 'GET'} ${req.path}`);
    try {
      const res = await this.open(req, ac);
      const what = `${req.method ?? 'GET'} ${req.path}`;
      this.refuseRedirect(res, what);
      const text = await readStreamText(res, MAX_BODY).catch((err: unknown) => {
        throw this.readError(err, req, ac, what);
      });
      if ((res.statusCode ?? 0) >= 400) throw httpError(res.statusCode ?? 0, text, what);
      try {
        return JSON.parse(text) as unknown;
      } catch (err) {
        throw new KubeApiError('bad-response', `${this.server}${req.path} answered something that is not JSON`, res.statusCode ?? null, { cause: err });
      }
    } finally {
      this.clock.clearTimeout(timer);
    }
  }

  async watch(req: WatchRequest, onEvent: (e: WatchLine) => void): Promise<void> {
    const ac = new AbortController();
    let timer = this.deadline(ac, req.timeoutMs, `watch ${req.path}`);
    try {
      const res = await this.open(req, ac);
      this.refuseRedirect(res, `watch ${req.path}`);
      if ((res.statusCode ?? 0) >= 400) {
        const text = await readStreamText(res, MAX_BODY).catch(() => '');
        throw httpError(res.statusCode ?? 0, text, `watch ${req.path}`);
      }
      const idle = (): void => {
        this.clock.clearTimeout(timer);
        timer = this.deadline(ac, req.idleMs, `watch ${req.path} went quiet`);
      };
      idle();
      req.onOpen?.();
      await new Promise<void>((resolve, reject) => {
        let failed = false;
        const fail = (err: unknown): void => {
          if (failed) return;
          failed = true;
          res.destroy();
          reject(err instanceof KubeApiError ? err : this.networkError(err, req, ac));
        };
        const onLine = (line: string): void => {
          if (failed || !line.trim()) return;
          let parsed: unknown;
          try {
            parsed = JSON.parse(line);
          } catch (err) {
            fail(new KubeApiError('bad-response', `watch ${req.path}: a line that is not JSON`, null, { cause: err }));
            return;
          }
          const ev = watchEventSchema.safeParse(parsed);
          if (!ev.success) {
            fail(new KubeApiError('bad-response', `watch ${req.path}: not a watch event (${ev.error.issues[0]?.message ?? 'invalid'})`));
            return;
          }
          try {
            onEvent(ev.data);
          } catch (err) {
            fail(err);
          }
        };
        // Lines are capped: a server streaming without newlines is cut off, never buffered without end.
        const lines = new LineSplitter(MAX_WATCH_LINE, onLine);
        res.on('data', (chunk: Buffer) => {
          if (failed) return;
          idle();
          try {
            lines.push(chunk);
          } catch (err) {
            fail(err instanceof TooLargeError ? this.tooLarge(err, `watch ${req.path}`) : err);
          }
        });
        res.on('error', fail);
        res.on('aborted', () => fail(new KubeApiError('unreachable', `the watch on ${req.path} was cut by ${this.server}`)));
        ac.signal.addEventListener('abort', () => fail(ac.signal.reason), { once: true });
        req.signal?.addEventListener('abort', () => fail(new KubeApiError('aborted', 'watch stopped')), { once: true });
        res.on('end', () => {
          if (failed) return;
          const last = lines.end();
          if (last !== null) onLine(last);
          if (failed) return;
          // A cut connection ends the stream too; res.complete tells a clean end from a dropped one.
          if (res.complete) resolve();
          else fail(new KubeApiError('unreachable', `the watch on ${req.path} was cut before the server ended it`));
        });
        res.on('close', () => {
          if (!failed && !res.complete) fail(new KubeApiError('unreachable', `the watch on ${req.path} was cut before the server ended it`));
        });
      });
    } finally {
      this.clock.clearTimeout(timer);
    }
  }
}


/** Maps an HTTP error (with its Status body when there is one) to an error a person can act on. */
export function httpError(status: number, body: string, what: string): KubeApiError {
  let message = '';
  try {
    const s = statusSchema.safeParse(JSON.parse(body));
    if (s.success) message = s.data.message ?? s.data.reason ?? '';
  } catch {
    message = body.slice(0, 200);
  }
  switch (status) {
    case 401:
      return new KubeApiError('unauthorized', `the API server rejected the credentials (401 Unauthorized): the token has expired or was revoked, or the client certificate is not accepted; refresh this context in the kubeconfig`, status);
    case 403:
      return new KubeApiError('forbidden', `${what}: forbidden (403): ${message || 'the user lacks permission'}`, status);
    case 404:
      return new KubeApiError('not-found', `${what}: not found (404)${message ? `: ${message}` : ''}`, status);
    case 405:
      return new KubeApiError('refused', `${what}: method not allowed (405)`, status);
    case 410:
      return new KubeApiError('gone', `${what}: ${message || 'resource version too old'} (410 Gone)`, status);
    default:
      return new KubeApiError('http', `${what}: HTTP ${status}${message ? `: ${message}` : ''}`, status);
  }
}

function msg(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The request went out on a reused keep-alive socket that the server had already closed. */
class StaleSocket extends Error {
  constructor(cause: unknown) {
    super('stale keep-alive socket', { cause });
  }
}
