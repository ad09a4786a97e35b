import { LabError, labMethods, type LabApi, type LabEventName, type LabEvents, type LabMethod } from '../../../shared/api';

/** The part of a WebSocket the bridge uses (the browser's, or `ws` in tests). */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(): void;
  addEventListener(type: 'open' | 'close' | 'error' | 'message', listener: (ev: { data?: unknown }) => void): void;
}

export type BridgeState = 'connecting' | 'open' | 'closed';

export interface WsBridgeOptions {
  /** ws://127.0.0.1:PORT/bridge */
  url: string;
  token: string;
  connect?: (url: string) => SocketLike;
  /** How long one call may wait for its answer. */
  timeoutMs?: number;
  /** Delay before reconnecting after the server went away; 0 disables reconnecting. */
  reconnectMs?: number;
  onState?: (state: BridgeState) => void;
  timers?: { setTimeout(fn: () => void, ms: number): unknown; clearTimeout(h: unknown): void };
}

export type WsLabApi = LabApi & { close(): void };

interface Pending {
  resolve(v: unknown): void;
  reject(e: Error): void;
  timer: unknown;
}

const OPEN = 1;

/**
 * LabApi over the preview server's loopback WebSocket: requests `{id, method,
 * params}`, replies `{id, ok, value|error}`, events `{event, payload}`.
 */
export function createWsLabApi(opts: WsBridgeOptions): WsLabApi {
  const connect = opts.connect ?? ((u: string) => new WebSocket(u));
  const timers = opts.timers ?? { setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms), clearTimeout: (h: unknown) => clearTimeout(h as number) };
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const reconnectMs = opts.reconnectMs ?? 1_000;
  const listeners = new Map<LabEventName, Set<(p: never) => void>>();
  const pending = new Map<number, Pending>();
  let queue: string[] = [];
  let seq = 0;
  let socket: SocketLike | null = null;
  let closed = false;
  let retry: unknown = null;

  const open = (): void => {
    opts.onState?.('connecting');
    const s = connect(`${opts.url}?token=${encodeURIComponent(opts.token)}`);
    socket = s;
    s.addEventListener('open', () => {
      opts.onState?.('open');
      const q = queue;
      queue = [];
      for (const m of q) s.send(m);
    });
    s.addEventListener('message', (ev) => receive(ev.data));
    s.addEventListener('close', () => {
      if (socket !== s) return;
      socket = null;
      opts.onState?.('closed');
      for (const [id, p] of pending) {
        timers.clearTimeout(p.timer);
        p.reject(new LabError('disconnected', 'the connection to LabTray closed before it answered'));
        pending.delete(id);
      }
      if (!closed && reconnectMs > 0) retry = timers.setTimeout(open, reconnectMs);
    });
    // 'error' is always followed by 'close', which does the work.
    s.addEventListener('error', () => undefined);
  };

  const receive = (data: unknown): void => {
    if (typeof data !== 'string') return;
    let msg: { id?: unknown; ok?: boolean; value?: unknown; error?: { code: string; message: string }; event?: LabEventName; payload?: unknown };
    try {
      msg = JSON.parse(data) as typeof msg;
    } catch (err) {
      console.warn('labtray bridge: a message was not JSON', err);
      return;
    }
    if (msg.event) {
      for (const l of listeners.get(msg.event) ?? []) (l as (p: unknown) => void)(msg.payload);
      return;
    }
    const p = typeof msg.id === 'number' ? pending.get(msg.id) : undefined;
    if (!p || typeof msg.id !== 'number') return;
    pending.delete(msg.id);
    timers.clearTimeout(p.timer);
    if (msg.ok) p.resolve(msg.value);
    else p.reject(new LabError(msg.error?.code ?? 'error', msg.error?.message ?? 'the request failed'));
  };

  const call = (method: LabMethod, params: unknown): Promise<unknown> =>
    new Promise((resolve, reject) => {
      if (closed) return reject(new LabError('disconnected', 'the bridge is closed'));
      const id = ++seq;
      const timer = timers.setTimeout(() => {
        pending.delete(id);
        reject(new LabError('timeout', `${method}: no answer within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      pending.set(id, { resolve, reject, timer });
      const text = JSON.stringify({ id, method, params });
      if (socket && socket.readyState === OPEN) socket.send(text);
      else queue.push(text);
    });

  const api = Object.fromEntries(labMethods.map((m) => [m, (input: unknown) => call(m, input)])) as unknown as WsLabApi;
  api.on = <E extends LabEventName>(event: E, listener: (payload: LabEvents[E]) => void): (() => void) => {
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    set.add(listener as (p: never) => void);
    return () => set.delete(listener as (p: never) => void);
  };
  api.close = () => {
    closed = true;
    timers.clearTimeout(retry);
    socket?.close();
  };
  open();
  return api;
}

/** The bridge for a page served by the preview server: the token comes from `#token=...`. */
export function bridgeFromLocation(loc: Pick<Location, 'host' | 'hash' | 'protocol'>, onState?: (s: BridgeState) => void): WsLabApi | null {
  const token = new URLSearchParams(loc.hash.replace(/^#/, '')).get('token');
  if (!token) return null;
  const scheme = loc.protocol === 'https:' ? 'wss' : 'ws';
  return createWsLabApi({ url: `${scheme}://${loc.host}/bridge`, token, onState });
}
