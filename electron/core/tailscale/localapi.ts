import http from 'node:http';
import { LabError } from '../../../shared/api';
import { formatBytes, LineSplitter, readStreamText, TooLargeError } from '../bounded';

/** tailscaled ignores the host but its clients always send this one; we do the same. */
export const LOCALAPI_HOST = 'local-tailscaled.sock';

/**
 * IPN bus options: engine updates (rx/tx, live peers), the initial state, rate
 * limiting, peer changes as deltas, and no heavy legacy NetMap (Windows, macOS).
 * Older tailscaled ignores bits it does not know.
 */
export const WATCH_MASK = (1 << 0) | (1 << 1) | (1 << 8) | (1 << 12) | (1 << 13);

/** Where tailscaled listens by default on this OS (unix socket, or the Windows named pipe). */
export function defaultSocketPath(platform: NodeJS.Platform): string {
  if (platform === 'win32') return '\\\\.\\pipe\\ProtectedPrefix\\Administrators\\Tailscale\\tailscaled';
  if (platform === 'darwin') return '/var/run/tailscaled.socket';
  return '/var/run/tailscale/tailscaled.sock';
}

/** A status of a tailnet with thousands of peers is a few MB; past this it is not tailscaled talking. */
export const MAX_LOCALAPI_BODY = 16 * 1024 * 1024;
/** One IPN bus message per line; without the NetMap (see WATCH_MASK) they are small. */
export const MAX_NOTIFY_LINE = 16 * 1024 * 1024;

export interface WatchHandle {
  close(): void;
}

/** A client for tailscaled's LocalAPI over its unix socket or named pipe. Never TCP: that would be a different trust model. */
export class LocalApiClient {
  constructor(
    readonly socketPath: string,
    private readonly timeoutMs = 5000,
  ) {}

  /** GET /localapi/v0/status (ipnstate.Status). */
  status(signal?: AbortSignal): Promise<unknown> {
    return this.json('GET', '/localapi/v0/status', signal, this.timeoutMs);
  }

  /** One disco ping (POST /localapi/v0/ping); tailscaled answers within its own 5–10 s. */
  ping(ip: string, signal?: AbortSignal, timeoutMs = 12_000): Promise<unknown> {
    return this.json('POST', `/localapi/v0/ping?ip=${encodeURIComponent(ip)}&type=disco`, signal, timeoutMs);
  }

  /**
   * Follows /localapi/v0/watch-ipn-bus: one JSON object (ipn.Notify) per line.
   * `onEnd` is called once, with the reason, when the stream stops for any cause but close().
   */
  watch(onNotify: (n: unknown) => void, onEnd: (err: Error) => void, mask = WATCH_MASK): WatchHandle {
    let closed = false;
    let ended = false;
    const end = (err: Error): void => {
      if (closed || ended) return;
      ended = true;
      onEnd(err);
    };
    const req = http.request({ socketPath: this.socketPath, path: `/localapi/v0/watch-ipn-bus?mask=${mask}`, method: 'GET', headers: { Host: LOCALAPI_HOST } });
    const connectTimer = setTimeout(() => req.destroy(new LabError('timeout', `tailscaled at ${this.socketPath} did not answer the event stream within ${this.timeoutMs / 1000} s`)), this.timeoutMs);
    connectTimer.unref();
    req.on('response', (res) => {
      clearTimeout(connectTimer);
      if (res.statusCode !== 200) {
        collect(res, this.socketPath)
          .then((body) => end(httpError(this.socketPath, res.statusCode ?? 0, body)))
          .catch((err: unknown) => end(asError(err)));
        return;
      }
      let broken = false;
      const fail = (err: LabError): void => {
        broken = true;
        end(err);
        req.destroy();
      };
      // Each byte is looked at once and a line is capped: a stream without newlines is cut off, not buffered.
      const lines = new LineSplitter(MAX_NOTIFY_LINE, (raw) => {
        const line = raw.trim();
        if (broken || !line) return;
        let parsed: unknown;
        try {
          parsed = JSON.parse(line);
        } catch (err) {
          fail(new LabError('tailscale-format', `tailscaled's event stream sent a line that is not JSON: ${line.slice(0, 80)}`, { cause: err }));
          return;
        }
        if (!closed) onNotify(parsed);
      });
      res.on('data', (chunk: Buffer) => {
        if (broken) return;
        try {
          lines.push(chunk);
        } catch (err) {
          if (!(err instanceof TooLargeError)) throw err;
          fail(new LabError('tailscale-format', `tailscaled (${this.socketPath}) sent ${err.message} on its event stream; stopped reading (limit ${formatBytes(err.limit)})`, { cause: err }));
        }
      });
      res.on('end', () => end(new LabError('tailscaled-unreachable', `tailscaled closed its event stream (${this.socketPath}); it may have stopped or restarted`)));
      res.on('error', (err) => end(reachError(this.socketPath, err)));
    });
    req.on('error', (err) => {
      clearTimeout(connectTimer);
      end(reachError(this.socketPath, err));
    });
    req.end();
    return {
      close: () => {
        closed = true;
        clearTimeout(connectTimer);
        req.destroy();
      },
    };
  }

  private json(method: string, path: string, signal: AbortSignal | undefined, timeoutMs: number): Promise<unknown> {
    const timeout = AbortSignal.timeout(timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    return new Promise((resolve, reject) => {
      if (combined.aborted) return reject(abortReason(combined, timeout, this.socketPath, timeoutMs));
      const req = http.request({ socketPath: this.socketPath, path, method, headers: { Host: LOCALAPI_HOST, 'Content-Length': 0 }, signal: combined }, (res) => {
        collect(res, this.socketPath).then((body) => {
          if (res.statusCode !== 200) return reject(httpError(this.socketPath, res.statusCode ?? 0, body));
          try {
            resolve(JSON.parse(body));
          } catch (err) {
            reject(new LabError('tailscale-format', `tailscaled answered ${path} with something that is not JSON: ${body.slice(0, 80)}`, { cause: err }));
          }
        }, (err: unknown) => reject(reachError(this.socketPath, asError(err))));
      });
      req.on('error', (err) => reject(combined.aborted ? abortReason(combined, timeout, this.socketPath, timeoutMs) : reachError(this.socketPath, err)));
      req.end();
    });
  }
}

/** A LocalAPI answer, at most MAX_LOCALAPI_BODY bytes. */
async function collect(res: http.IncomingMessage, socket: string): Promise<string> {
  try {
    return await readStreamText(res, MAX_LOCALAPI_BODY);
  } catch (err) {
    if (err instanceof TooLargeError) throw new LabError('tailscale-format', `tailscaled (${socket}) sent ${err.message}; stopped reading (limit ${formatBytes(err.limit)})`, { cause: err });
    throw err;
  }
}

function abortReason(signal: AbortSignal, timeout: AbortSignal, socket: string, ms: number): Error {
  if (timeout.aborted) return new LabError('timeout', `tailscaled at ${socket} did not answer within ${ms / 1000} s`);
  return asError(signal.reason);
}

function httpError(socket: string, status: number, body: string): LabError {
  // LocalAPI errors are `{"error": "..."}` or plain text.
  let msg = body.trim();
  try {
    const j: unknown = JSON.parse(body);
    if (j && typeof j === 'object' && 'error' in j && typeof j.error === 'string') msg = j.error;
  } catch {
    // plain text body: keep it as it is
  }
  if (status === 403) return new LabError('tailscaled-denied', `tailscaled (${socket}) refused access: ${msg || 'forbidden'}`);
  return new LabError('tailscaled-error', `tailscaled (${socket}) answered HTTP ${status}: ${msg.slice(0, 200) || 'no details'}`);
}

/** Turns socket errors into sentences a person can act on. */
export function reachError(socket: string, err: Error): LabError {
  const code = (err as NodeJS.ErrnoException).code;
  if (err instanceof LabError) return err;
  if (code === 'ENOENT' || code === 'ECONNREFUSED') {
    return new LabError('tailscaled-unreachable', `tailscaled is not running or listens elsewhere: nothing at ${socket} (${code}); start Tailscale or set tailscale.socket`, { cause: err });
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return new LabError('tailscaled-denied', `no permission to open ${socket} (${code}); LabTray falls back to the tailscale CLI`, { cause: err });
  }
  return new LabError('tailscaled-unreachable', `cannot talk to tailscaled at ${socket}: ${err.message}`, { cause: err });
}

function asError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}
