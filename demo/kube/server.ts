/**
 * A fake kube-apiserver on 127.0.0.1 for one SimCluster: HTTPS with its own CA,
 * bearer-token and client-certificate auth, discovery, list (with limit and
 * continue) and watch (ndjson, resourceVersion, 410 Gone after compaction),
 * server-side Tables for kubectl, PATCH node / deployment, DELETE pod, and
 * faults: down, dropped watches, expired tokens, watches refused.
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
import type { DeploymentObject, NodeObject, PodObject, SimCluster } from './cluster';
import type { Change, KObject, Resource } from './store';
import { defaultTable, nodeTable, podTable } from './table';

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

interface Route {
  resource: Resource;
  group: '' | 'apps' | 'metrics.k8s.io';
  namespace?: string;
  name?: string;
}

const KINDS: Record<Resource, string> = { nodes: 'Node', pods: 'Pod', events: 'Event', deployments: 'Deployment', namespaces: 'Namespace' };

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
    const accept = req.headers.accept ?? '';
    const spec = this.cluster.spec;

    if (method === 'GET') {
      switch (path) {
        case '/version': {
          const [major, minor] = spec.gitVersion.replace(/^v/, '').split('.');
          send(200, { major, minor, gitVersion: spec.gitVersion, gitCommit: '0c97cd5fd3a0b4b4bd1d1d5cbc2d8a8d7a4a6f10', gitTreeState: 'clean', buildDate: '2024-10-26T00:08:30Z', goVersion: 'go1.22.8', compiler: 'gc', platform: spec.platform });
          return;
        }
        case '/api':
          send(200, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: `127.0.0.1:${this.port}` }] });
          return;
        case '/apis':
          send(200, { kind: 'APIGroupList', apiVersion: 'v1', groups: this.groups() });
          return;
        case '/api/v1':
          send(200, resourceList('v1', [
            res_('namespaces', 'Namespace', false, ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'], ['ns']),
            res_('nodes', 'Node', false, ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'], ['no']),
            res_('pods', 'Pod', true, ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'], ['po'], ['all']),
            res_('events', 'Event', true, ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'], ['ev']),
          ]));
          return;
        case '/apis/apps':
          send(200, this.groups().find((g) => g.name === 'apps'));
          return;
        case '/apis/apps/v1':
          send(200, resourceList('apps/v1', [res_('deployments', 'Deployment', true, ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'], ['deploy'], ['all'])]));
          return;
        case '/apis/metrics.k8s.io/v1beta1':
          if (spec.metrics) {
            send(200, resourceList('metrics.k8s.io/v1beta1', [res_('nodes', 'NodeMetrics', false, ['get', 'list']), res_('pods', 'PodMetrics', true, ['get', 'list'])]));
            return;
          }
          break;
        case '/apis/metrics.k8s.io/v1beta1/nodes':
          if (spec.metrics) {
            send(200, { kind: 'NodeMetricsList', apiVersion: 'metrics.k8s.io/v1beta1', metadata: {}, items: this.cluster.nodeMetrics() });
            return;
          }
          break;
      }
    }

    const r = parseRoute(path);
    if (!r || (r.group === 'metrics.k8s.io')) {
      send(404, statusBody(404, 'NotFound', 'the server could not find the requested resource'));
      return;
    }
    const kind = KINDS[r.resource];
    const key = r.namespace ? `${r.namespace}/${r.name ?? ''}` : (r.name ?? '');

    if (method === 'GET' && r.name) {
      const obj = this.cluster.store.get(r.resource, key);
      if (!obj) send(404, statusBody(404, 'NotFound', `${r.resource} "${r.name}" not found`, { name: r.name, kind: r.resource }));
      else send(200, obj);
      return;
    }
    if (method === 'GET' && entry.watch) {
      if (this.refuseWatch) {
        send(403, statusBody(403, 'Forbidden', `${r.resource} is forbidden: User "${entry.user ?? ''}" cannot watch resource "${r.resource}" in API group "${r.group}" ${r.namespace ? `in the namespace "${r.namespace}"` : 'at the cluster scope'}`, { kind: r.resource }));
        return;
      }
      this.watch(r, url, res, entry);
      return;
    }
    if (method === 'GET') {
      let items = this.cluster.store.list(r.resource, r.namespace);
      items = filterFields(items, url.searchParams.get('fieldSelector'));
      const rv = this.cluster.store.resourceVersion;
      const limit = Number(url.searchParams.get('limit') ?? '0');
      const start = Number(url.searchParams.get('continue') ? Buffer.from(url.searchParams.get('continue') ?? '', 'base64url').toString() : '0');
      const page = limit > 0 ? items.slice(start, start + limit) : items;
      const more = limit > 0 && start + limit < items.length;
      if (/as=Table/.test(accept)) {
        const include = url.searchParams.get('includeObject') ?? 'Metadata';
        const table =
          r.resource === 'nodes' ? nodeTable(page as NodeObject[], this.now(), include) : r.resource === 'pods' ? podTable(page as PodObject[], this.now(), include) : defaultTable(page, this.now(), include);
        send(200, { ...table, metadata: { resourceVersion: rv, ...(more ? { continue: Buffer.from(String(start + limit)).toString('base64url') } : {}) } });
        return;
      }
      send(200, {
        kind: `${kind}List`,
        apiVersion: r.group ? `${r.group}/v1` : 'v1',
        metadata: { resourceVersion: rv, ...(more ? { continue: Buffer.from(String(start + limit)).toString('base64url') } : {}) },
        // Real list items carry no kind/apiVersion of their own.
        items: page.map((o) => {
          const { kind: _k, apiVersion: _a, ...rest } = o;
          return rest;
        }),
      });
      return;
    }
    if (method === 'PATCH' && r.name) {
      const type = req.headers['content-type'] ?? '';
      if (!/application\/(strategic-merge-patch|merge-patch)\+json/.test(type)) {
        send(415, statusBody(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json`));
        return;
      }
      let patch: unknown;
      try {
        patch = JSON.parse(body);
      } catch (err) {
        send(400, statusBody(400, 'BadRequest', `error decoding patch: ${err instanceof Error ? err.message : String(err)}`));
        return;
      }
      const updated: KObject | undefined =
        r.resource === 'nodes' ? this.cluster.patchNode(r.name, patch) : r.resource === 'deployments' && r.namespace ? this.cluster.patchDeployment(r.namespace, r.name, patch) : undefined;
      if (!updated) send(404, statusBody(404, 'NotFound', `${r.resource}${r.group ? '.' + r.group : ''} "${r.name}" not found`, { name: r.name, kind: r.resource }));
      else send(200, updated as NodeObject | DeploymentObject);
      return;
    }
    if (method === 'DELETE' && r.name && r.resource === 'pods' && r.namespace) {
      const gone = this.cluster.deletePod(r.namespace, r.name);
      if (!gone) send(404, statusBody(404, 'NotFound', `pods "${r.name}" not found`, { name: r.name, kind: 'pods' }));
      else send(200, gone);
      return;
    }
    send(405, statusBody(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource`));
  }

  private groups(): { name: string; versions: { groupVersion: string; version: string }[]; preferredVersion: { groupVersion: string; version: string } }[] {
    const g = (name: string, version: string) => ({ name, versions: [{ groupVersion: `${name}/${version}`, version }], preferredVersion: { groupVersion: `${name}/${version}`, version } });
    return [g('apps', 'v1'), ...(this.cluster.spec.metrics ? [g('metrics.k8s.io', 'v1beta1')] : [])];
  }

  private watch(r: Route, url: URL, res: ServerResponse, entry: RequestLogEntry): void {
    const store = this.cluster.store;
    const rvParam = url.searchParams.get('resourceVersion');
    const timeout = Number(url.searchParams.get('timeoutSeconds') ?? '1800');
    const selector = url.searchParams.get('fieldSelector');
    entry.status = 200;
    res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private' });
    // kube-apiserver sends the head at once, before any event.
    res.flushHeaders();
    const match = (o: KObject): boolean => (!r.namespace || o.metadata.namespace === r.namespace) && filterFields([o], selector).length === 1;
    const write = (type: string, object: unknown): void => {
      res.write(JSON.stringify({ type, object }) + '\n');
    };
    const emit = (c: Change): void => {
      if (c.resource === r.resource && match(c.object)) write(c.type, c.object);
    };
    if (!rvParam || rvParam === '0') {
      // No version: the current state as ADDED events first (what `kubectl get -w` shows).
      for (const o of store.list(r.resource, r.namespace)) if (match(o)) write('ADDED', o);
    } else {
      const backlog = store.since(r.resource, Number(rvParam));
      if (backlog === 'expired') {
        // kube-apiserver answers 200 and then one ERROR event carrying a 410 Status.
        write('ERROR', statusBody(410, 'Expired', `too old resource version: ${rvParam} (${store.resourceVersion})`));
        res.end();
        return;
      }
      for (const c of backlog) emit(c);
    }
    this.watches.add(res);
    const unsubscribe = store.subscribe(emit);
    const timer = setTimeout(() => res.end(), timeout * 1000);
    timer.unref();
    res.on('close', () => {
      clearTimeout(timer);
      unsubscribe();
      this.watches.delete(res);
    });
  }
}

function statusBody(code: number, reason: string, message: string, details?: object): object {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code };
}

function res_(name: string, kind: string, namespaced: boolean, verbs: string[], shortNames?: string[], categories?: string[]): object {
  return { name, singularName: kind.toLowerCase(), namespaced, kind, verbs, ...(shortNames ? { shortNames } : {}), ...(categories ? { categories } : {}) };
}

function resourceList(groupVersion: string, resources: object[]): object {
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion, resources };
}

/** `/api/v1/namespaces/monitoring/pods/x` → { resource: 'pods', namespace: 'monitoring', name: 'x' }. */
function parseRoute(path: string): Route | null {
  const m = /^\/(?:api\/v1|apis\/(apps)\/v1|apis\/(metrics\.k8s\.io)\/v1beta1)(?:\/namespaces\/([^/]+))?\/([a-z]+)(?:\/([^/]+))?$/.exec(path);
  if (!m) {
    const ns = /^\/api\/v1\/namespaces(?:\/([^/]+))?$/.exec(path);
    return ns ? { resource: 'namespaces', group: '', ...(ns[1] ? { name: ns[1] } : {}) } : null;
  }
  const group = (m[1] ?? m[2] ?? '') as Route['group'];
  const resource = m[4] as Resource;
  if (!(resource in KINDS)) return null;
  if (group === 'apps' && resource !== 'deployments') return null;
  if (group === '' && resource === 'deployments') return null;
  return { resource, group, ...(m[3] ? { namespace: decodeURIComponent(m[3]) } : {}), ...(m[5] ? { name: decodeURIComponent(m[5]) } : {}) };
}

/** `type=Warning,involvedObject.kind=Pod`: equality selectors on dotted paths. */
function filterFields<T extends KObject>(items: T[], selector: string | null): T[] {
  if (!selector) return items;
  const terms = selector.split(',').map((t) => {
    const neg = t.includes('!=');
    const [path, value] = t.split(neg ? '!=' : /==?/);
    return { path: path.split('.'), value, neg };
  });
  return items.filter((o) =>
    terms.every(({ path, value, neg }) => {
      let cur: unknown = o;
      for (const p of path) cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[p] : undefined;
      return (String(cur ?? '') === value) !== neg;
    }),
  );
}

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

