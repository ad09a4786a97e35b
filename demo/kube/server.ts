/**
 * A fake kube-apiserver on 127.0.0.1 for one SimCluster: HTTPS with its own CA,
 * bearer-token and client-certificate auth, discovery, list (with limit and
 * continue) and watch (ndjson, resourceVersion, 410 Gone after compaction),
 * server-side Tables for kubectl, PATCH node / deployment, DELETE pod, and
 * faults: down, dropped watches, expired tokens, watches refused.
 *
 * This file is the server (listeners, auth, faults, the request log, routing);
 * discovery.ts, resources.ts and watch.ts answer the requests.
 *
 *   const fake = await startKubeFake(new SimCluster(spec));
 *   const file = writeKubeconfig(dir, [fake.contextEntry('k3s-main', { token: fake.addToken('admin') })]);
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { randomBytes } from 'node:crypto';
import { createCa, type Ca, type KeyPairPem } from './pki';
import type { SimCluster } from './cluster';
import { discovery } from './discovery';
import { deletePod, getObject, listObjects, parseResourcePath, patchObject, statusBody, type ResourceCall } from './resources';
import { serveWatch } from './watch';

export interface RequestLogEntry {
  method: string;
  path: string;
  /** The query string as sent (`watch=true&resourceVersion=1042`). */
  query: string;
  user: string | null;
  status: number;
  watch: boolean;
}

interface Credentials {
  user: string;
  groups: string[];
  expired: boolean;
}

/** Options for a context entry in a kubeconfig written for this fake. */
export interface ContextAuth {
  token?: string;
  clientCert?: KeyPairPem;
}

export interface KubeconfigContext {
  name: string;
  server: string;
  caPem: string;
  auth: ContextAuth;
}

export class KubeFake {
  readonly ca: Ca;
  private readonly serving: KeyPairPem;
  private server: Server;
  /** Client-certificate listener: the certificate is required and verified against our CA. */
  private certServer: Server;
  private portValue = 0;
  private certPortValue = 0;
  private readonly tokens = new Map<string, Credentials>();
  private readonly sockets = new Set<Socket>();
  private readonly watches = new Set<ServerResponse>();
  private downValue = false;
  /** Requests seen, in order (tests assert resumes and relists on it). */
  readonly log: RequestLogEntry[] = [];
  /** When true, watch requests are answered 403 (an RBAC role without the watch verb). */
  refuseWatch = false;
  /** Verbs refused to a user on a resource ('*' for any user), as RBAC refuses them: answered 403. */
  readonly denied: { user: string; verb: KubeVerb; resource: string }[] = [];

  constructor(
    readonly cluster: SimCluster,
    private readonly now: () => number = Date.now,
  ) {
    this.ca = createCa(cluster.spec.name);
    this.serving = this.ca.issueServer('kube-apiserver', ['127.0.0.1', '::1'], ['localhost', 'kubernetes', 'kubernetes.default']);
    this.server = this.makeServer(false);
    this.certServer = this.makeServer(true);
  }

  get port(): number {
    return this.portValue;
  }

  /** The bearer-token endpoint. */
  get url(): string {
    return `https://127.0.0.1:${this.portValue}`;
  }

  /**
   * The client-certificate endpoint. kube-apiserver takes both on one port
   * ("verify if given"); the fake uses a second listener so a presented
   * certificate is always verified in the TLS handshake itself.
   */
  get certUrl(): string {
    return `https://127.0.0.1:${this.certPortValue}`;
  }

  get isDown(): boolean {
    return this.downValue;
  }

  /** A bearer token for a user (a ServiceAccount token or a k3s static token). */
  addToken(user: string, groups: string[] = ['system:masters']): string {
    const token = `K10${randomBytes(24).toString('hex')}::server:${randomBytes(8).toString('hex')}`;
    this.tokens.set(token, { user, groups, expired: false });
    return token;
  }

  /** The token stops working: every request with it gets 401 Unauthorized. */
  expireToken(token: string): void {
    const c = this.tokens.get(token);
    if (c) c.expired = true;
  }

  /** A client certificate signed by this cluster's CA. */
  issueClientCert(user: string, groups: string[] = ['system:masters']): KeyPairPem {
    return this.ca.issueClient(user, groups);
  }

  /** What writeKubeconfig needs for one context. */
  contextEntry(name: string, auth: ContextAuth): KubeconfigContext {
    return { name, server: auth.clientCert ? this.certUrl : this.url, caPem: this.ca.certPem, auth };
  }

  async start(): Promise<void> {
    this.portValue = await listen(this.server, this.portValue);
    this.certPortValue = await listen(this.certServer, this.certPortValue);
  }

  async stop(): Promise<void> {
    this.downValue = true;
    await this.closeServer();
  }

  /** API down (the VM is off: connections are refused) or back up on the same port. */
  async setDown(down: boolean): Promise<void> {
    if (down === this.downValue) return;
    this.downValue = down;
    if (down) await this.closeServer();
    else {
      this.server = this.makeServer(false);
      this.certServer = this.makeServer(true);
      await this.start();
    }
  }

  /** Cuts every open watch connection mid-stream, like a load balancer or a flaky Wi-Fi does. */
  dropWatches(): number {
    const n = this.watches.size;
    for (const res of this.watches) res.socket?.destroy();
    this.watches.clear();
    return n;
  }

  /** Number of watch streams open now. */
  get openWatches(): number {
    return this.watches.size;
  }

  /** Number of client connections open now (TCP, with or without TLS on top). */
  get openConnections(): number {
    return this.sockets.size;
  }

  private async closeServer(): Promise<void> {
    for (const res of this.watches) res.socket?.destroy();
    this.watches.clear();
    const closed = [this.server, this.certServer].map((srv) => new Promise<void>((resolve) => srv.close(() => resolve())));
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    await Promise.all(closed);
  }

  private makeServer(clientCerts: boolean): Server {
    const server = createServer(
      {
        cert: this.serving.certPem,
        key: this.serving.keyPem,
        ca: [this.ca.certPem],
        // With requestCert, Node's server refuses any client certificate that does not chain to our CA.
        requestCert: clientCerts,
      },
      (req, res) => this.handle(req, res),
    );
    server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    server.on('secureConnection', (s: TLSSocket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    return server;
  }

  private authenticate(req: IncomingMessage): Credentials | 'expired' | null {
    const auth = req.headers.authorization;
    if (auth?.startsWith('Bearer ')) {
      const c = this.tokens.get(auth.slice(7).trim());
      if (!c) return null;
      return c.expired ? 'expired' : c;
    }
    const sock = req.socket as TLSSocket;
    if (sock.authorized) {
      const cert = sock.getPeerCertificate();
      const cn = cert.subject?.CN;
      const org = cert.subject?.O;
      if (typeof cn === 'string') return { user: cn, groups: Array.isArray(org) ? org : org ? [org] : [], expired: false };
    }
    return null;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    const watch = url.searchParams.get('watch') === 'true' || url.searchParams.get('watch') === '1';
    const entry: RequestLogEntry = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams.toString(), user: null, status: 0, watch };
    this.log.push(entry);
    const send = (status: number, body: unknown, type = 'application/json'): void => {
      entry.status = status;
      const text = JSON.stringify(body);
      res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(text), 'Audit-Id': randomBytes(8).toString('hex'), 'Cache-Control': 'no-cache, private' });
      res.end(text);
    };
    const creds = this.authenticate(req);
    if (creds === null || creds === 'expired') {
      send(401, statusBody(401, 'Unauthorized', 'Unauthorized'));
      return;
    }
    entry.user = creds.user;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        this.route(req, res, url, Buffer.concat(chunks).toString('utf8'), send, entry);
      } catch (err) {
        send(500, statusBody(500, 'InternalError', `fake apiserver: ${err instanceof Error ? err.message : String(err)}`));
      }
    });
  }

  private route(req: IncomingMessage, res: ServerResponse, url: URL, body: string, send: (s: number, b: unknown) => void, entry: RequestLogEntry): void {
    const method = req.method ?? 'GET';
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const doc = method === 'GET' ? discovery(this.cluster, this.port, path) : undefined;
    if (doc !== undefined) {
      send(200, doc);
      return;
    }
    const r = parseResourcePath(path);
    if (!r || r.group === 'metrics.k8s.io') {
      send(404, statusBody(404, 'NotFound', 'the server could not find the requested resource'));
      return;
    }
    const call: ResourceCall = { cluster: this.cluster, path: r, req, url, body, now: () => this.now(), send };
    const verb: KubeVerb | null =
      method === 'GET' ? (r.name ? 'get' : entry.watch ? 'watch' : 'list') : method === 'PATCH' ? 'patch' : method === 'DELETE' ? 'delete' : null;
    const user = entry.user ?? '';
    if (verb && ((verb === 'watch' && this.refuseWatch) || this.denied.some((d) => (d.user === '*' || d.user === user) && d.verb === verb && d.resource === r.resource))) {
      const where = r.namespace ? `in the namespace "${r.namespace}"` : 'at the cluster scope';
      const what = r.name ? `${r.resource} "${r.name}"` : r.resource;
      send(403, statusBody(403, 'Forbidden', `${what} is forbidden: User "${user}" cannot ${verb} resource "${r.resource}" in API group "${r.group}" ${where}`, { ...(r.name ? { name: r.name } : {}), kind: r.resource }));
      return;
    }
    if (method === 'GET' && r.name) getObject(call);
    else if (method === 'GET' && entry.watch) serveWatch(this.cluster.store, r, url, res, entry, this.watches);
    else if (method === 'GET') listObjects(call);
    else if (method === 'PATCH' && r.name) patchObject(call);
    else if (method === 'DELETE' && r.name && r.resource === 'pods' && r.namespace) deletePod(call);
    else send(405, statusBody(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource`));
  }
}

/** The RBAC verbs the fake tells apart. */
export type KubeVerb = 'get' | 'list' | 'watch' | 'patch' | 'delete';

async function listen(server: Server, port: number): Promise<number> {
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  const addr = server.address();
  return addr && typeof addr === 'object' ? addr.port : port;
}

/** Starts a fake API server for the cluster on 127.0.0.1 (a random free port). */
export async function startKubeFake(cluster: SimCluster, now?: () => number): Promise<KubeFake> {
  const fake = new KubeFake(cluster, now);
  await fake.start();
  return fake;
}
