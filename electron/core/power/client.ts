import { LabError } from '../../../shared/api';
import { formatBytes, readResponseText, TooLargeError } from '../bounded';
import { findMismatch } from '../tls/fingerprint';
import type { FetchLike } from '../tls/agent';

/** The largest /api/states answer read: a house with a few thousand entities is a few MiB. */
export const MAX_STATES_BODY = 8 * 1024 * 1024;
/** The largest history answer read (30 days of a few plugs that report every minute). */
export const MAX_HISTORY_BODY = 32 * 1024 * 1024;

/** One entity's state as Home Assistant's REST API gives it (GET /api/states). */
export interface HaState {
  entity_id: string;
  /** Always a string: "35.2", "unavailable", "unknown". */
  state: string;
  attributes: Record<string, unknown>;
  last_changed: string;
  last_updated?: string;
}

/** One point of an entity's recorded history (minimal_response). */
export interface HaHistoryPoint {
  state: string;
  last_changed: string;
}

export interface HaClientOptions {
  /** Home Assistant's base, e.g. `https://homeassistant.lan:8123`. */
  url: string;
  fetch: FetchLike;
  /** The long-lived access token, read when a request goes out. */
  token: () => Promise<string>;
  timeoutMs?: number;
}

export interface HaClient {
  /** Every entity's state: one request, filtered by the caller. */
  states(signal?: AbortSignal): Promise<HaState[]>;
  /** Recorded states of `entities` from `start` to `end`, one list per entity. */
  history(entities: readonly string[], start: Date, end: Date, signal?: AbortSignal): Promise<HaHistoryPoint[][]>;
  readonly display: string;
}

function isState(x: unknown): x is HaState {
  const s = x as Partial<HaState> | null;
  return !!s && typeof s === 'object' && typeof s.entity_id === 'string' && typeof s.state === 'string' && !!s.attributes && typeof s.attributes === 'object';
}

/** A minimal Home Assistant REST client: bearer token, no redirects, a timeout, bounded bodies. */
export function createHaClient(opts: HaClientOptions): HaClient {
  const base = new URL(opts.url);
  base.pathname = base.pathname.replace(/\/+$/, '');
  base.search = '';
  const display = base.toString().replace(/\/+$/, '');
  const timeoutMs = opts.timeoutMs ?? 10_000;

  async function get(path: string, limit: number, signal?: AbortSignal): Promise<unknown> {
    const signals = [AbortSignal.timeout(timeoutMs), ...(signal ? [signal] : [])];
    const headers = { accept: 'application/json', authorization: `Bearer ${await opts.token()}` };
    let res;
    try {
      // Never follow a redirect: the token would go wherever it points.
      res = await opts.fetch(`${display}${path}`, { method: 'GET', headers, signal: AbortSignal.any(signals), redirect: 'manual' });
    } catch (err) {
      const mismatch = findMismatch(err);
      if (mismatch) throw new LabError('certificate-changed', `Home Assistant at ${display}: ${mismatch.message}`, { cause: err });
      if (signal?.aborted) throw err;
      const why = err instanceof Error ? ((err.cause as Error | undefined)?.message ?? err.message) : String(err);
      const timedOut = err instanceof Error && (err.name === 'TimeoutError' || /timeout/i.test(why));
      throw new LabError('unreachable', timedOut ? `Home Assistant at ${display}: no answer within ${timeoutMs / 1000} s` : `cannot reach Home Assistant at ${display}: ${why}`, { cause: err });
    }
    if (res.status >= 300 && res.status < 400) {
      await res.body?.cancel().catch(() => undefined);
      throw new LabError('redirect', `Home Assistant at ${display} answered with a redirect (HTTP ${res.status}); LabTray does not follow redirects for API calls: set power.url to the address that answers`);
    }
    if (res.status === 401 || res.status === 403) {
      await res.body?.cancel().catch(() => undefined);
      throw new LabError('auth', `Home Assistant at ${display} refused the token (HTTP ${res.status}): make a new long-lived access token in your Home Assistant profile and store it under power.token`);
    }
    let text: string;
    try {
      text = await readResponseText(res, limit);
    } catch (err) {
      if (err instanceof TooLargeError) throw new LabError('bad-answer', `Home Assistant at ${display} sent ${err.message}; stopped reading (limit ${formatBytes(err.limit)})`, { cause: err });
      if (signal?.aborted) throw err;
      throw new LabError('unreachable', `Home Assistant at ${display}: the answer was cut off: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    if (res.status !== 200) throw new LabError('bad-answer', `Home Assistant at ${display} answered ${path.split('?')[0]} with HTTP ${res.status}`);
    try {
      return JSON.parse(text) as unknown;
    } catch (err) {
      throw new LabError('bad-answer', `Home Assistant at ${display} answered with something that is not JSON — is power.url Home Assistant's address (e.g. https://homeassistant.lan:8123)?`, { cause: err });
    }
  }

  return {
    display,
    async states(signal) {
      const body = await get('/api/states', MAX_STATES_BODY, signal);
      if (!Array.isArray(body)) throw new LabError('bad-answer', `Home Assistant at ${display}: /api/states is not a list of states`);
      return body.filter(isState);
    },
    async history(entities, start, end, signal) {
      const q = new URLSearchParams({ filter_entity_id: entities.join(','), end_time: end.toISOString() });
      const body = await get(`/api/history/period/${encodeURIComponent(start.toISOString())}?${q.toString()}&minimal_response&no_attributes`, MAX_HISTORY_BODY, signal);
      if (!Array.isArray(body)) throw new LabError('bad-answer', `Home Assistant at ${display}: the history is not a list`);
      return body.map((list) => (Array.isArray(list) ? list.filter((p): p is HaHistoryPoint => !!p && typeof p.state === 'string' && typeof p.last_changed === 'string') : []));
    },
  };
}
