import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { isLabMethod, LabError, labEventNames, type LabEventName, type LabEvents, type LabMethod } from '../../shared/api';

/** What the bridge needs from the Lab: its invoke (which validates the input) and events. */
export interface BridgedLab {
  invoke(method: LabMethod, params: unknown): Promise<unknown>;
  on<E extends LabEventName>(event: E, listener: (payload: LabEvents[E]) => void): () => void;
}

export interface PreviewServerOptions {
  /** Built renderer directory (out/renderer). */
  root: string;
  lab: BridgedLab;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Fixed token for tests; random otherwise. */
  token?: string;
  log?: (line: string) => void;
}

export interface PreviewServer {
  url: string;
  port: number;
  token: string;
  stop(): Promise<void>;
}

const MAX_MESSAGE_BYTES = 1 << 20;

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

// The same policy as renderer/index.html, sent as a header too: the page may only talk back to this server.
const csp = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * Serves the built renderer on 127.0.0.1 and bridges LabApi over a WebSocket at
 * /bridge: a token from the page URL is required before any message is read,
 * and the Origin must be this page.
 */
export async function startPreviewServer(opts: PreviewServerOptions): Promise<PreviewServer> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const root = resolve(opts.root);
  const log = opts.log ?? (() => undefined);
  let port = 0;
  const hostOk = (host: string | undefined): boolean => host === `127.0.0.1:${port}` || host === `localhost:${port}`;

  const server: Server = createServer((req, res) => {
    if (!hostOk(req.headers.host)) return send(res, 421, 'text/plain', 'wrong Host header');
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'method not allowed');
    void serveFile(root, req, res).catch((err: unknown) => {
      log(`preview: ${req.url}: ${err instanceof Error ? err.message : String(err)}`);
      if (!res.headersSent) send(res, 500, 'text/plain', 'cannot read the file');
      else res.destroy();
    });
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refusal = checkUpgrade(req, token, port, hostOk);
    if (refusal) {
      log(`preview: refused a bridge connection: ${refusal}`);
      socket.end(`HTTP/1.1 ${refusal}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveBridge(ws, opts.lab, log));
  });

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', fail);
      ok();
    });
  });
  const addr = server.address();
  port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}/#token=${token}`,
    port,
    token,
    stop: async () => {
      for (const c of wss.clients) c.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}

/** Returns the HTTP status line for a refused upgrade, or null when the connection may proceed. */
function checkUpgrade(req: IncomingMessage, token: string, port: number, hostOk: (h: string | undefined) => boolean): string | null {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  if (url.pathname !== '/bridge') return '404 Not Found';
  if (!hostOk(req.headers.host)) return '421 Misdirected Request';
  const origin = req.headers.origin;
  if (origin !== `http://127.0.0.1:${port}` && origin !== `http://localhost:${port}`) return '403 Forbidden';
  const given = Buffer.from(url.searchParams.get('token') ?? '');
  const want = Buffer.from(token);
  if (given.length !== want.length || !timingSafeEqual(given, want)) return '401 Unauthorized';
  return null;
}

function serveBridge(ws: WebSocket, lab: BridgedLab, log: (line: string) => void): void {
  const offs = labEventNames.map((event) =>
    lab.on(event, (payload) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ event, payload }));
    }),
  );
  ws.on('close', () => offs.forEach((off) => off()));
  ws.on('error', (err) => log(`preview: bridge socket: ${err.message}`));
  ws.on('message', (data, isBinary) => {
    void answer(lab, isBinary ? null : data.toString()).then((reply) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(reply));
    });
  });
}

type Reply = { id: number | string | null; ok: true; value: unknown } | { id: number | string | null; ok: false; error: { code: string; message: string } };

/** One JSON-RPC style request → one reply; every failure is a reply, never a thrown error. */
export async function answer(lab: BridgedLab, text: string | null): Promise<Reply> {
  let msg: unknown;
  try {
    msg = text === null ? null : JSON.parse(text);
  } catch (err) {
    return { id: null, ok: false, error: { code: 'bad-request', message: `not JSON: ${err instanceof Error ? err.message : String(err)}` } };
  }
  if (!msg || typeof msg !== 'object' || Array.isArray(msg)) return { id: null, ok: false, error: { code: 'bad-request', message: 'expected {id, method, params}' } };
  const { id, method, params } = msg as { id?: unknown; method?: unknown; params?: unknown };
  const rid = typeof id === 'number' || typeof id === 'string' ? id : null;
  if (rid === null) return { id: null, ok: false, error: { code: 'bad-request', message: 'id must be a number or a string' } };
  if (!isLabMethod(method)) {
    return { id: rid, ok: false, error: { code: 'unknown-method', message: `no LabApi method "${String(method).slice(0, 64)}"` } };
  }
  try {
    return { id: rid, ok: true, value: (await lab.invoke(method, params)) ?? null };
  } catch (err) {
    if (err instanceof LabError) return { id: rid, ok: false, error: { code: err.code, message: err.message } };
    return { id: rid, ok: false, error: { code: 'internal', message: err instanceof Error ? err.message : String(err) } };
  }
}

async function serveFile(root: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
  const rel = normalize(pathname === '/' ? '/index.html' : pathname);
  const file = join(root, rel);
  if (file !== root && !file.startsWith(root + sep)) return send(res, 403, 'text/plain', 'outside the renderer');
  const info = await stat(file).catch(() => null);
  const target = info?.isFile() ? file : join(root, 'index.html');
  if (!info?.isFile() && extname(rel) !== '') return send(res, 404, 'text/plain', 'not found');
  const body = await readFile(target);
  res.writeHead(200, {
    'Content-Type': contentTypes[extname(target)] ?? 'application/octet-stream',
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'Content-Type': type, 'Content-Security-Policy': csp });
  res.end(body);
}
