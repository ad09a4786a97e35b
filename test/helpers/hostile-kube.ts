/**
 * A hostile Kubernetes API server on 127.0.0.1: real TLS with its own CA (trusted through the kubeconfig it
 * writes), an ordinary /version and empty lists, and watches that answer 200 and then stream bytes without a
 * newline until the client hangs up or `lineBytes` have gone out (lists too, when asked). Watches of the other
 * kinds stay open and quiet.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:https';
import type { Socket } from 'node:net';
import { createCa } from '../../demo/kube/pki';
import type { KubeconfigContext } from '../../demo/kube/server';

export interface HostileKubeOptions {
  /** Watch paths that get the endless line (default: only /api/v1/pods). */
  hostilePaths?: string[];
  /** How much of the endless line to offer per watch. */
  lineBytes: number;
  /** Lists of the hostile paths answer with `lineBytes` of one endless JSON document too. */
  hostileLists?: boolean;
}

export interface HostileWatch {
  path: string;
  /** A list request (hostileLists), not a watch. */
  list: boolean;
  /** Bytes handed to the socket for this watch. */
  sent: number;
  /** The client hung up before the stream was offered in full. */
  cut: boolean;
  done: boolean;
}

export interface HostileKube {
  url: string;
  /** Every watch asked for, in order. */
  readonly watches: HostileWatch[];
  contextEntry(name: string): KubeconfigContext;
  stop(): Promise<void>;
}

const CHUNK = Buffer.alloc(4 * 1024 * 1024, 0x61);

export async function startHostileKube(opts: HostileKubeOptions): Promise<HostileKube> {
  const ca = createCa('hostile');
  const serving = ca.issueServer('kube-apiserver', ['127.0.0.1']);
  const hostile = new Set(opts.hostilePaths ?? ['/api/v1/pods']);
  const watches: HostileWatch[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer({ cert: serving.certPem, key: serving.keyPem }, (req, res) => {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    const json = (status: number, body: unknown): void => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/version') return json(200, { major: '1', minor: '30', gitVersion: 'v1.30.6+k3s1', platform: 'linux/amd64' });
    if (url.pathname.startsWith('/apis/')) return json(404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 404, reason: 'NotFound', message: 'not found' });
    const list = url.searchParams.get('watch') !== 'true';
    if (list && !(opts.hostileLists && hostile.has(url.pathname))) return json(200, { kind: 'List', apiVersion: 'v1', metadata: { resourceVersion: '1' }, items: [] });
    res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
    res.flushHeaders();
    if (!hostile.has(url.pathname)) return;
    const w: HostileWatch = { path: url.pathname, list, sent: 0, cut: false, done: false };
    watches.push(w);
    res.on('close', () => {
      w.cut = w.sent < opts.lineBytes;
      w.done = true;
    });
    const pump = (): void => {
      while (w.sent < opts.lineBytes && !res.destroyed) {
        const piece = w.sent + CHUNK.length <= opts.lineBytes ? CHUNK : CHUNK.subarray(0, opts.lineBytes - w.sent);
        w.sent += piece.length;
        if (!res.write(piece)) {
          res.once('drain', pump);
          return;
        }
      }
      if (!res.destroyed) res.end();
    };
    pump();
  });
  server.on('secureConnection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const addr = server.address();
  const url = `https://127.0.0.1:${addr && typeof addr === 'object' ? addr.port : 0}`;
  return {
    url,
    watches,
    contextEntry: (name) => ({ name, server: url, caPem: ca.certPem, auth: { token: 'hostile-token' } }),
    stop: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of sockets) s.destroy();
      await closed;
    },
  };
}
