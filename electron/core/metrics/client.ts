import { LabError } from '../../../shared/api';
import { formatBytes, readResponseText, TooLargeError } from '../bounded';
import { findMismatch } from '../tls/fingerprint';
import type { FetchLike } from '../tls/agent';

// Plain fetch (undici) rather than the prometheus-query package: we need only
// instant vector queries, and our TLS trust (pinned fingerprint or CA file)
// lives in an undici dispatcher that prometheus-query's HTTP client cannot
// take; it would also add a dependency for ~60 lines of code.

/** The largest answer read: a few instant vectors over a homelab's hosts are kilobytes. */
export const MAX_METRICS_BODY = 32 * 1024 * 1024;

/** One series of an instant vector: its labels and its value. */
export interface Sample {
  labels: Record<string, string>;
  value: number;
}

export interface PromClientOptions {
  /** Prometheus-compatible base, e.g. `http://vm:8428` or `https://prom.lan/prometheus`. */
  url: string;
  fetch: FetchLike;
  /** Authorization and other headers, resolved per request (secrets are read late). */
  headers?: () => Promise<Record<string, string>>;
  timeoutMs?: number;
}

export interface PromClient {
  query(expr: string, signal?: AbortSignal): Promise<Sample[]>;
  /** The server as it may be shown to the user: no credentials, no query. */
  readonly display: string;
}

/** `http://user:pw@vm:8428/x/` → `http://vm:8428/x` (safe for messages and snapshots). */
export function displayUrl(url: string): string {
  const u = new URL(url);
  u.username = '';
  u.password = '';
  u.search = '';
  u.hash = '';
  return u.toString().replace(/\/+$/, '');
}

/** The instant-query endpoint under the configured base (a base that already names it is accepted). */
export function queryEndpoint(url: string): string {
  const u = new URL(url);
  u.search = '';
  u.hash = '';
  u.pathname = u.pathname.replace(/\/+$/, '').replace(/\/api\/v1\/query$/, '') + '/api/v1/query';
  return u.toString();
}

/** Reads a Prometheus instant-query answer; throws with the server's own error text when it is one. */
export function parseVector(body: unknown, expr: string): Sample[] {
  if (!body || typeof body !== 'object') throw new Error(`query ${expr}: the answer is not a Prometheus API object`);
  const b = body as { status?: unknown; errorType?: unknown; error?: unknown; data?: { resultType?: unknown; result?: unknown } };
  if (b.status === 'error') throw new Error(`query ${expr} failed: ${String(b.errorType ?? 'error')}: ${String(b.error ?? 'no reason given')}`);
  if (b.status !== 'success' || !b.data) throw new Error(`query ${expr}: unexpected answer (status ${String(b.status)})`);
  if (b.data.resultType !== 'vector' || !Array.isArray(b.data.result)) throw new Error(`query ${expr}: expected an instant vector, got ${String(b.data.resultType)}`);
  const out: Sample[] = [];
  for (const r of b.data.result as unknown[]) {
    const s = r as { metric?: unknown; value?: unknown };
    if (!s.metric || typeof s.metric !== 'object' || !Array.isArray(s.value) || s.value.length !== 2) continue;
    // Values are strings: "1.5", "NaN", "+Inf".
    const value = Number(s.value[1]);
    if (!Number.isFinite(value)) continue;
    const labels: Record<string, string> = {};
    for (const [k, v] of Object.entries(s.metric as Record<string, unknown>)) if (typeof v === 'string') labels[k] = v;
    out.push({ labels, value });
  }
  return out;
}

/** A minimal instant-query client: GET /api/v1/query with a timeout and the caller's signal. */
export function createPromClient(opts: PromClientOptions): PromClient {
  const endpoint = queryEndpoint(opts.url);
  const display = displayUrl(opts.url);
  const timeoutMs = opts.timeoutMs ?? 10_000;
  return {
    display,
    async query(expr, signal) {
      const signals = [AbortSignal.timeout(timeoutMs), ...(signal ? [signal] : [])];
      const headers = { accept: 'application/json', ...(await opts.headers?.()) };
      let res;
      try {
        // Never follow a redirect: the Authorization header would go wherever it points.
        res = await opts.fetch(`${endpoint}?query=${encodeURIComponent(expr)}`, { method: 'GET', headers, signal: AbortSignal.any(signals), redirect: 'manual' });
      } catch (err) {
        const mismatch = findMismatch(err);
        if (mismatch) throw new LabError('certificate-changed', `metrics at ${display}: ${mismatch.message}`, { cause: err });
        if (signal?.aborted) throw err;
        const why = err instanceof Error ? ((err.cause as Error | undefined)?.message ?? err.message) : String(err);
        const timedOut = err instanceof Error && (err.name === 'TimeoutError' || /timeout/i.test(why));
        throw new LabError('unreachable', timedOut ? `metrics at ${display}: no answer within ${timeoutMs / 1000} s` : `cannot reach metrics at ${display}: ${why}`, { cause: err });
      }
      if (res.status >= 300 && res.status < 400) {
        await res.body?.cancel().catch(() => undefined);
        throw new LabError('redirect', `metrics at ${display} answered with a redirect (HTTP ${res.status}) to ${res.headers.get('location') ?? '(no Location header)'}; LabTray does not follow redirects for API calls: set metrics.url to the address that answers`);
      }
      let text: string;
      try {
        text = await readResponseText(res, MAX_METRICS_BODY);
      } catch (err) {
        if (err instanceof TooLargeError) throw new LabError('bad-answer', `metrics at ${display} sent ${err.message}; stopped reading (limit ${formatBytes(err.limit)})`, { cause: err });
        if (signal?.aborted) throw err;
        throw new LabError('unreachable', `metrics at ${display}: the answer was cut off: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
      }
      if (res.status === 401 || res.status === 403) {
        throw new LabError('auth', `metrics at ${display} refused the credentials (HTTP ${res.status}): check metrics.bearerToken or metrics.username/password`);
      }
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch (err) {
        throw new LabError(
          'bad-answer',
          `metrics at ${display} answered HTTP ${res.status} with something that is not Prometheus JSON — is metrics.url the query API base (e.g. http://victoria-metrics:8428)?`,
          { cause: err },
        );
      }
      try {
        return parseVector(body, expr);
      } catch (err) {
        throw new LabError('bad-answer', `metrics at ${display}: ${(err as Error).message}`, { cause: err });
      }
    },
  };
}
