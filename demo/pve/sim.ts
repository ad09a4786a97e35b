import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { formatUpid } from '../../shared/upid';
import { generateCertificate, type SimCertificate } from './cert';
import { homelabBackups, homelabDisks, homelabGuests, homelabJobs, homelabNodes, homelabStorages, type SimDiskSpec, type SimGuestSpec, type SimNodeSpec, type SimStorageSpec } from './homelab';

const GiB = 1024 ** 3;
const TICKET_LIFETIME_S = 2 * 3600;

export interface SimToken {
  /** `user@realm!tokenname` */
  id: string;
  secret: string;
  /** Privileges granted on `/` (propagated); `all` for root. */
  privileges: 'all' | string[];
}

export interface SimUser {
  username: string;
  password: string;
  privileges: 'all' | string[];
}

export interface PveSimOptions {
  /** Multiplies every task duration (1 feels like PVE; tests use ~0.05). */
  speed?: number;
  tokens?: SimToken[];
  users?: SimUser[];
  certificate?: SimCertificate;
  /** The cluster's name in /cluster/status. */
  clusterName?: string;
}

export type SimFault =
  | { kind: 'latency'; ms: number }
  | { kind: 'status'; status: number; reason: string }
  | { kind: 'reset' }
  | { kind: 'blackhole' }
  | { kind: 'malformed' }
  | { kind: 'truncated' };

interface ActiveFault {
  fault: SimFault;
  path: RegExp | null;
  remaining: number;
}

export interface SimGuest extends SimGuestSpec {
  status: 'running' | 'stopped' | 'paused';
  lock: string | null;
  startedAt: number | null;
}

interface SimNode extends SimNodeSpec {
  online: boolean;
  bootedAt: number;
}

interface SimStorage extends SimStorageSpec {
  online: boolean;
}

export interface SimBackupVolume {
  volid: string;
  storage: string;
  node: string;
  vmid: number;
  subtype: 'qemu' | 'lxc';
  ctime: number;
  size: number;
  format: string;
  notes: string;
  protected: boolean;
}

export interface SimTask {
  upid: string;
  node: string;
  pid: number;
  pstart: number;
  starttime: number;
  type: string;
  id: string;
  user: string;
  endtime: number | null;
  exitstatus: string | null;
  log: string[];
}

interface Ticket {
  user: string;
  csrf: string;
  issued: number;
  epoch: number;
}

export class SimHttpError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    readonly errors?: Record<string, string>,
  ) {
    super(reason);
  }
}

export interface SimCall {
  params: Record<string, string>;
  user: string;
  sim: PveSim;
}

export interface SimRoute {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** As in the PVE API schema, e.g. `/nodes/{node}/qemu/{vmid}/status/start`. */
  path: string;
  /** Every parameter the route accepts (path ones included); anything else is refused like PVE does. */
  params: string[];
  /** `[privilege, acl path template]` checked before the handler. */
  perm?: [string, string];
  /** Requests about a node that is offline answer 595 like pveproxy. */
  nodeMustBeOnline?: boolean;
  handler(c: SimCall): unknown;
}

const now = (): number => Math.floor(Date.now() / 1000);

/**
 * A Proxmox VE cluster on 127.0.0.1 over HTTPS: the reference homelab's three
 * nodes and their guests, ticket and token auth, CSRF on writes, tasks with
 * real UPIDs that take time, locks, node failures, vzdump with real-looking
 * task logs, wake-on-LAN, and injectable faults.
 */
export class PveSim {
  readonly nodes = new Map<string, SimNode>();
  readonly guests = new Map<number, SimGuest>();
  readonly storages: SimStorage[];
  readonly disks: SimDiskSpec[];
  readonly backups: SimBackupVolume[] = [];
  readonly jobs = homelabJobs.map((j) => ({ ...j }));
  readonly tasks: SimTask[] = [];
  /** Every HTTP request that reached the API (method + path), for tests. */
  readonly requests: { method: string; path: string; query: string }[] = [];
  /** TCP connections accepted (counted before the TLS handshake). */
  connections = 0;
  /** How each ticket was obtained, in order. */
  readonly logins: ('password' | 'renewal')[] = [];
  /** Node names asked to wake. */
  readonly wakes: string[] = [];
  readonly tokens: SimToken[];
  readonly users: SimUser[];
  private readonly tickets = new Map<string, Ticket>();
  private ticketEpoch = 0;
  private faults: ActiveFault[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly sockets = new Set<Socket>();
  private readonly rawSockets = new Set<Socket>();
  private server: Server | null = null;
  private cert: SimCertificate;
  private pid = 0x1000;
  private readonly speed: number;
  private readonly clusterName: string;
  port = 0;

  constructor(opts: PveSimOptions = {}) {
    this.speed = opts.speed ?? 1;
    this.clusterName = opts.clusterName ?? 'homelab';
    this.cert = opts.certificate ?? generateCertificate();
    this.tokens = opts.tokens ?? [
      { id: 'root@pam!labtray', secret: randomUUID(), privileges: 'all' },
      { id: 'monitor@pve!readonly', secret: randomUUID(), privileges: ['VM.Audit', 'Sys.Audit', 'Datastore.Audit'] },
    ];
    this.users = opts.users ?? [{ username: 'root@pam', password: randomBytes(9).toString('base64url'), privileges: 'all' }];
    const t = now();
    for (const n of homelabNodes) this.nodes.set(n.name, { ...n, online: true, bootedAt: t - 86400 * 12 - n.threads * 3607 });
    for (const g of homelabGuests) this.guests.set(g.vmid, { ...g, status: g.running ? 'running' : 'stopped', lock: null, startedAt: g.running ? t - 86400 * 3 - g.vmid * 61 : null });
    this.storages = homelabStorages.map((s) => ({ ...s, online: true }));
    this.disks = homelabDisks.map((d) => ({ ...d }));
    for (const b of homelabBackups) {
      const g = this.guests.get(b.vmid)!;
      this.addBackup(g, b.storage, b.node, t - Math.round(b.ageHours * 3600), b.sizeBytes, 'zstd', g.name, b.protected ?? false);
    }
    this.seedHistory(t);
  }

  /** Last night's scheduled backup and a node update, so the task list is not empty at start. */
  private seedHistory(t: number): void {
    const done = (node: string, type: string, id: string, user: string, start: number, secs: number, exitstatus: string, log: string[]): void => {
      const pid = ++this.pid;
      const pstart = 0x1c0000 + pid * 13;
      this.tasks.push({ upid: formatUpid({ node, pid, pstart, starttime: start, type, id, user }), node, pid, pstart, starttime: start, type, id, user, endtime: start + secs, exitstatus, log: [...log, exitstatus === 'OK' ? 'TASK OK' : `TASK ERROR: ${exitstatus}`] });
    };
    done('um560', 'aptupdate', '', 'root@pam', t - 50 * 3600, 14, 'OK', ['starting apt-get update', 'Hit:1 http://download.proxmox.com/debian/pve trixie InRelease', 'Reading package lists...']);
    done('um560', 'vzdump', '', 'root@pam', t - 30 * 3600 - 600, 540, 'OK', ['INFO: starting new backup job: vzdump 100 102 103 104 105 110 --storage usb-backup --mode snapshot --compress zstd --notes-template \'{{guestname}}\' --mailnotification failure', 'INFO: Backup job finished successfully']);
    done('gtr5', 'qmstart', '123', 'root@pam', t - 3 * 86400 - 123 * 61, 2, 'OK', []);
  }

  static async start(opts: PveSimOptions = {}): Promise<PveSim> {
    const sim = new PveSim(opts);
    await sim.listen();
    return sim;
  }

  get url(): string {
    return `https://127.0.0.1:${this.port}`;
  }

  get fingerprint(): string {
    return this.cert.fingerprint;
  }

  get certificatePem(): string {
    return this.cert.cert;
  }

  async listen(): Promise<void> {
    const server = createServer({ key: this.cert.key, cert: this.cert.cert }, (req, res) => void this.handle(req, res));
    server.on('secureConnection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    server.on('connection', (s: Socket) => {
      this.connections++;
      this.sockets.add(s);
      this.rawSockets.add(s);
      s.on('close', () => {
        this.sockets.delete(s);
        this.rawSockets.delete(s);
      });
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const s of this.sockets) s.destroy();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((r) => server.close(() => r()));
  }

  // ---- test controls -------------------------------------------------------

  /** Injects a fault for requests whose path matches (all when no path), `times` times (default: until cleared). */
  fault(fault: SimFault, opts: { path?: RegExp; times?: number } = {}): void {
    this.faults.push({ fault, path: opts.path ?? null, remaining: opts.times ?? Infinity });
  }

  clearFaults(): void {
    this.faults = [];
  }

  /** Every ticket issued so far stops working (as after they expire). */
  expireTickets(): void {
    this.ticketEpoch++;
  }

  /** A new certificate (pvenode cert set / renewal); open connections are dropped. Returns the new fingerprint. */
  rotateCertificate(cert: SimCertificate = generateCertificate()): string {
    this.cert = cert;
    this.server?.setSecureContext({ key: cert.key, cert: cert.cert });
    for (const s of this.sockets) s.destroy();
    return cert.fingerprint;
  }

  setNodeOnline(name: string, online: boolean): void {
    const n = this.nodes.get(name);
    if (!n) throw new Error(`no node ${name}`);
    n.online = online;
    if (online) n.bootedAt = now();
  }

  /**
   * `pvecm delnode`: the node leaves the cluster. Like PVE, only once its guests have moved elsewhere;
   * its local storages go with it.
   */
  removeNode(name: string): void {
    if (!this.nodes.has(name)) throw new Error(`no node ${name}`);
    const left = [...this.guests.values()].filter((g) => g.node === name).map((g) => g.vmid);
    if (left.length) throw new Error(`cannot remove ${name}: guests ${left.join(', ')} are still on it; migrate them first`);
    this.nodes.delete(name);
    for (let i = this.storages.length - 1; i >= 0; i--) if (this.storages[i].node === name) this.storages.splice(i, 1);
  }

  setStorageOnline(storage: string, online: boolean): void {
    for (const s of this.storages) if (s.storage === storage) s.online = online;
  }

  guest(vmid: number): SimGuest {
    const g = this.guests.get(vmid);
    if (!g) throw new Error(`no guest ${vmid}`);
    return g;
  }

  task(upid: string): SimTask | undefined {
    return this.tasks.find((t) => t.upid === upid);
  }

  // ---- HTTP ---------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://sim');
    const apiPath = url.pathname.replace(/^\/api2\/json/, '');
    this.requests.push({ method: req.method ?? 'GET', path: apiPath, query: url.search });
    try {
      for (const f of this.faults) {
        if (f.remaining <= 0 || (f.path && !f.path.test(apiPath))) continue;
        if (f.fault.kind === 'latency') {
          await this.wait(f.fault.ms, true);
          continue;
        }
        f.remaining--;
        switch (f.fault.kind) {
          case 'blackhole':
            return; // never answers
          case 'reset': {
            // The TLS socket cannot send a RST itself; its TCP socket can.
            const raw = [...this.rawSockets].find((s) => s.remotePort === req.socket.remotePort && s.localPort === req.socket.localPort);
            (raw ?? req.socket).resetAndDestroy();
            return;
          }
          case 'status':
            throw new SimHttpError(f.fault.status, f.fault.reason);
          case 'malformed':
            res.writeHead(200, { 'Content-Type': 'application/json;charset=UTF-8' });
            res.end('{"data":[{"id":"qemu/100","type":"qemu",');
            return;
          case 'truncated': {
            const body = JSON.stringify({ data: [{ id: 'node/um560', type: 'node', node: 'um560', status: 'online' }] });
            res.writeHead(200, { 'Content-Type': 'application/json;charset=UTF-8', 'Content-Length': String(body.length + 500) });
            res.write(body.slice(0, 40));
            setTimeout(() => req.socket.destroy(), 5);
            return;
          }
        }
      }
      const params = await this.readParams(req, url);
      const route = this.match(req.method ?? 'GET', apiPath, params);
      let user = '';
      if (!(route.path === '/access/ticket' && route.method === 'POST')) user = this.authenticate(req);
      const unknown = Object.keys(params).filter((k) => !route.params.includes(k));
      if (unknown.length) {
        throw new SimHttpError(400, 'Parameter verification failed.', Object.fromEntries(unknown.map((k) => [k, 'property is not defined in schema and the schema does not allow additional properties'])));
      }
      if (route.nodeMustBeOnline && params.node) {
        const n = this.nodes.get(params.node);
        if (!n) throw new SimHttpError(500, `hostname lookup '${params.node}' failed - failed to get address info for: ${params.node}: Name or service not known`);
        if (!n.online) throw new SimHttpError(595, `No route to host`);
      }
      if (route.perm) this.checkPerm(user, route.perm[0], route.perm[1].replace(/\{(\w+)\}/g, (_m, k: string) => params[k] ?? ''));
      const data = await route.handler({ params, user, sim: this });
      this.send(res, 200, 'OK', { data: data ?? null });
    } catch (err) {
      if (err instanceof SimHttpError) this.send(res, err.status, err.reason, { data: null, ...(err.errors ? { errors: err.errors } : {}) });
      else this.send(res, 500, err instanceof Error ? err.message.split('\n')[0] : String(err), { data: null });
    }
  }

  private send(res: ServerResponse, status: number, reason: string, body: unknown): void {
    if (res.headersSent || res.destroyed) return;
    const text = JSON.stringify(body);
    res.writeHead(status, reason.replace(/[\r\n]/g, ' '), { 'Content-Type': 'application/json;charset=UTF-8', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'max-age=0' });
    res.end(text);
  }

  private async readParams(req: IncomingMessage, url: URL): Promise<Record<string, string>> {
    const params: Record<string, string> = {};
    for (const [k, v] of url.searchParams) params[k] = v;
    if (req.method === 'POST' || req.method === 'PUT' || req.method === 'DELETE') {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const text = Buffer.concat(chunks).toString('utf8');
      if (text) {
        if ((req.headers['content-type'] ?? '').includes('json')) {
          for (const [k, v] of Object.entries(JSON.parse(text) as Record<string, unknown>)) params[k] = String(v);
        } else for (const [k, v] of new URLSearchParams(text)) params[k] = v;
      }
    }
    return params;
  }

  private match(method: string, path: string, params: Record<string, string>): SimRoute {
    const segs = path.split('/').filter(Boolean).map(decodeURIComponent);
    for (const r of simRoutes) {
      const rs = r.path.split('/').filter(Boolean);
      if (rs.length !== segs.length) continue;
      const got: Record<string, string> = {};
      if (!rs.every((s, i) => (s.startsWith('{') ? ((got[s.slice(1, -1)] = segs[i]), true) : s === segs[i]))) continue;
      if (r.method !== method) continue;
      Object.assign(params, got);
      return r;
    }
    throw new SimHttpError(501, `Method '${method} /api2/json${path}' not implemented`);
  }

  private authenticate(req: IncomingMessage): string {
    const auth = req.headers.authorization;
    if (auth) {
      const m = /^PVEAPIToken=([^=\s]+)[=:](\S+)$/.exec(auth);
      const tok = m ? this.tokens.find((t) => t.id === m[1]) : undefined;
      if (!m || !tok || tok.secret !== m[2]) throw new SimHttpError(401, 'authentication failure');
      return tok.id;
    }
    const cookie = /PVEAuthCookie=([^;]+)/.exec(req.headers.cookie ?? '');
    if (!cookie) throw new SimHttpError(401, 'No ticket');
    const ticket = decodeURIComponent(cookie[1]);
    const t = this.validTicket(ticket);
    if (!t) throw new SimHttpError(401, 'invalid PVE ticket');
    if (req.method !== 'GET' && req.headers.csrfpreventiontoken !== t.csrf) throw new SimHttpError(401, 'Permission denied - invalid csrf token');
    return t.user;
  }

  private validTicket(ticket: string): Ticket | null {
    const t = this.tickets.get(ticket);
    if (!t || t.epoch !== this.ticketEpoch || now() - t.issued >= TICKET_LIFETIME_S) return null;
    return t;
  }

  private privileges(user: string): 'all' | string[] {
    return this.tokens.find((t) => t.id === user)?.privileges ?? this.users.find((u) => u.username === user)?.privileges ?? [];
  }

  private checkPerm(user: string, priv: string, path: string): void {
    const p = this.privileges(user);
    if (p !== 'all' && !p.includes(priv)) throw new SimHttpError(403, `Permission check failed (${path}, ${priv})`);
  }

  /** POST /access/ticket: a password, or a still valid ticket as the password (renewal). */
  login(username: string, password: string): { username: string; ticket: string; CSRFPreventionToken: string; cap: object } {
    const u = this.users.find((x) => x.username === username);
    const renewing = this.validTicket(password);
    if (!u || (u.password !== password && !(renewing && renewing.user === username))) throw new SimHttpError(401, 'authentication failure');
    this.logins.push(u.password === password ? 'password' : 'renewal');
    const issued = now();
    const hex = issued.toString(16).toUpperCase();
    const ticket = `PVE:${username}:${hex}::${randomBytes(96).toString('base64')}`;
    const csrf = `${hex}:${randomBytes(32).toString('base64').replace(/=+$/, '')}`;
    this.tickets.set(ticket, { user: username, csrf, issued, epoch: this.ticketEpoch });
    return { username, ticket, CSRFPreventionToken: csrf, cap: {} };
  }

  // ---- tasks ---------------------------------------------------------------

  /** Waits `ms` scaled by the speed (latency faults are not scaled). */
  wait(ms: number, raw = false): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve();
      }, raw ? ms : Math.max(1, Math.round(ms * this.speed)));
      this.timers.add(t);
    });
  }

  /** Starts a worker like pve's fork_worker: returns its UPID at once, runs the body in the background. */
  runTask(node: string, type: string, id: string, user: string, body: (t: SimTask) => Promise<void>): string {
    const pid = ++this.pid;
    const starttime = now();
    const upid = formatUpid({ node, pid, pstart: 0x2a3f0000 + pid * 7, starttime, type, id, user });
    const task: SimTask = { upid, node, pid, pstart: 0x2a3f0000 + pid * 7, starttime, type, id, user, endtime: null, exitstatus: null, log: [] };
    this.tasks.push(task);
    if (this.tasks.length > 200) this.tasks.splice(0, this.tasks.length - 200);
    void (async () => {
      try {
        await this.wait(50);
        await body(task);
        task.exitstatus = 'OK';
        task.log.push('TASK OK');
      } catch (err) {
        const msg = err instanceof Error ? err.message : String(err);
        task.exitstatus = msg;
        task.log.push(`TASK ERROR: ${msg}`);
      }
      task.endtime = now();
    })();
    return upid;
  }

  guestOn(node: string, vmid: string, type: 'qemu' | 'lxc'): SimGuest {
    const g = this.guests.get(Number(vmid));
    if (!g || g.type !== type) throw new SimHttpError(500, `Configuration file 'nodes/${node}/${type === 'qemu' ? 'qemu-server' : 'lxc'}/${vmid}.conf' does not exist`);
    if (g.node !== node) throw new SimHttpError(500, `Configuration file 'nodes/${node}/${type === 'qemu' ? 'qemu-server' : 'lxc'}/${vmid}.conf' does not exist`);
    return g;
  }

  guestAction(c: SimCall, type: 'qemu' | 'lxc', action: string): string {
    const g = this.guestOn(c.params.node, c.params.vmid, type);
    const kind = type === 'qemu' ? 'VM' : 'CT';
    if (g.lock && c.params.skiplock !== '1') throw new SimHttpError(500, `${kind} is locked (${g.lock})`);
    if (g.template && action === 'start') throw new SimHttpError(500, `${kind} ${g.vmid} is a template`);
    const prefix = type === 'qemu' ? 'qm' : 'vz';
    const dur = { start: 1500, stop: 800, shutdown: 2500, reboot: 3500, suspend: 700, resume: 500 }[action] ?? 1000;
    // Like PVE: reboot and suspend need a running guest; shutdown and stop of a stopped guest just succeed.
    if ((action === 'reboot' || action === 'suspend') && g.status === 'stopped') throw new SimHttpError(500, `${kind} ${g.vmid} not running`);
    if (action === 'resume' && g.status !== 'paused') throw new SimHttpError(500, `${kind} ${g.vmid} not paused`);
    return this.runTask(c.params.node, `${prefix}${action}`, String(g.vmid), c.user, async (t) => {
      switch (action) {
        case 'start':
          if (g.status !== 'stopped') throw new Error(`${kind} ${g.vmid} already running`);
          if (type === 'qemu') t.log.push(`generating cloud-init ISO`);
          await this.wait(dur);
          g.status = 'running';
          g.startedAt = now();
          break;
        case 'stop':
          await this.wait(dur);
          g.status = 'stopped';
          g.startedAt = null;
          break;
        case 'shutdown': {
          if (g.status === 'stopped') break;
          const timeoutS = c.params.timeout !== undefined ? Number(c.params.timeout) : type === 'qemu' ? 180 : 60;
          if (g.ignoresShutdown) {
            await this.wait(timeoutS * 1000);
            if (c.params.forceStop !== '1') throw new Error(type === 'qemu' ? 'VM quit/powerdown failed - got timeout' : 'shutdown failed: container did not stop in time');
            t.log.push(type === 'qemu' ? `VM still running - terminating now with SIGTERM` : 'forcing stop of container');
          } else await this.wait(Math.min(dur, timeoutS * 1000));
          g.status = 'stopped';
          g.startedAt = null;
          break;
        }
        case 'reboot':
          await this.wait(dur);
          g.status = 'running';
          g.startedAt = now();
          break;
        case 'suspend':
          await this.wait(dur);
          g.status = 'paused';
          break;
        case 'resume':
          await this.wait(dur);
          g.status = 'running';
          break;
      }
    });
  }

  addBackup(g: SimGuest, storage: string, node: string, ctime: number, size: number, compress: string, notes: string, prot: boolean): SimBackupVolume {
    const d = new Date(ctime * 1000);
    const p = (n: number): string => String(n).padStart(2, '0');
    const stamp = `${d.getUTCFullYear()}_${p(d.getUTCMonth() + 1)}_${p(d.getUTCDate())}-${p(d.getUTCHours())}_${p(d.getUTCMinutes())}_${p(d.getUTCSeconds())}`;
    const ext = `${g.type === 'qemu' ? 'vma' : 'tar'}.${compress === 'zstd' ? 'zst' : compress === 'gzip' ? 'gz' : compress === 'lzo' ? 'lzo' : ''}`.replace(/\.$/, '');
    const vol: SimBackupVolume = { volid: `${storage}:backup/vzdump-${g.type}-${g.vmid}-${stamp}.${ext}`, storage, node, vmid: g.vmid, subtype: g.type, ctime, size: Math.round(size), format: ext, notes, protected: prot };
    this.backups.push(vol);
    return vol;
  }

  /** POST /nodes/{node}/vzdump: one worker for the listed guests, logging like vzdump does. */
  vzdump(c: SimCall): string {
    const node = c.params.node;
    const vmids = c.params.all === '1' ? [...this.guests.values()].filter((g) => g.node === node && !g.template).map((g) => g.vmid) : (c.params.vmid ?? '').split(/[,;\s]+/).filter(Boolean).map(Number);
    if (vmids.length === 0) throw new SimHttpError(400, 'Parameter verification failed.', { vmid: 'property is missing and it is not optional' });
    const storageId = c.params.storage ?? 'local';
    const storage = this.storages.find((s) => s.storage === storageId && (s.node === node || s.shared));
    if (!storage) throw new SimHttpError(500, `storage '${storageId}' does not exist`);
    if (!storage.content.split(',').includes('backup')) throw new SimHttpError(500, `storage '${storageId}' does not support backups`);
    for (const v of vmids) this.checkPerm(c.user, 'VM.Backup', `/vms/${v}`);
    const mode = c.params.mode ?? 'snapshot';
    const compress = c.params.compress ?? '0';
    const cmd = ['vzdump', ...(c.params.all === '1' ? ['--all', '1'] : [vmids.join(' ')]), '--storage', storageId, '--mode', mode, '--compress', compress];
    if (c.params['notes-template']) cmd.push('--notes-template', `'${c.params['notes-template']}'`);
    if (c.params.protected === '1') cmd.push('--protected', '1');
    cmd.push('--node', node);
    return this.runTask(node, 'vzdump', vmids.length === 1 ? String(vmids[0]) : '', c.user, async (t) => {
      t.log.push(`INFO: starting new backup job: ${cmd.join(' ')}`);
      let errors = 0;
      for (const vmid of vmids) {
        const g = this.guests.get(vmid);
        if (!g || g.node !== node) {
          t.log.push(`ERROR: Backup of VM ${vmid} failed - unable to find VM '${vmid}' on node '${node}'`);
          errors++;
          continue;
        }
        const failed = await this.backupOne(t, g, storage, mode, compress, c.params['notes-template'] ?? '', c.params.protected === '1');
        if (failed) errors++;
      }
      if (errors) {
        t.log.push('INFO: Backup job finished with errors');
        throw new Error('job errors');
      }
      t.log.push('INFO: Backup job finished successfully');
    });
  }

  private async backupOne(t: SimTask, g: SimGuest, storage: SimStorage, mode: string, compress: string, notesTemplate: string, prot: boolean): Promise<boolean> {
    const stamp = (): string => new Date().toISOString().replace('T', ' ').slice(0, 19);
    const started = Date.now();
    t.log.push(`INFO: Starting Backup of VM ${g.vmid} (${g.type})`);
    t.log.push(`INFO: Backup started at ${stamp()}`);
    const fail = (why: string): boolean => {
      t.log.push(`ERROR: Backup of VM ${g.vmid} failed - ${why}`);
      t.log.push(`INFO: Failed at ${stamp()}`);
      return true;
    };
    if (g.lock) return fail(`${g.type === 'qemu' ? 'VM' : 'CT'} is locked (${g.lock})`);
    if (!storage.online) return fail(`storage '${storage.storage}' is not online`);
    const size = g.diskGiB * GiB;
    const archiveSize = Math.round(size * (0.18 + (g.vmid % 5) * 0.04));
    if (storage.usedBytes + archiveSize > storage.totalBytes) return fail(`vma_queue_write: write error - No space left on device`);
    g.lock = 'backup';
    try {
      t.log.push(`INFO: status = ${g.status}`);
      if (g.type === 'qemu') {
        t.log.push(`INFO: VM Name: ${g.name}`);
        t.log.push(`INFO: include disk 'scsi0' 'local-lvm:vm-${g.vmid}-disk-0' ${g.diskGiB}G`);
      } else t.log.push(`INFO: CT Name: ${g.name}`, `INFO: including mount point rootfs ('/') in backup`);
      t.log.push(`INFO: backup mode: ${mode}`, 'INFO: ionice priority: 7');
      const vol = this.pendingVolume(g, storage, compress);
      t.log.push(`INFO: creating vzdump archive '${storage.path}/dump/${vol}'`);
      const steps = 8;
      const total = `${(size / GiB).toFixed(1)} GiB`;
      if (g.type === 'qemu') {
        t.log.push(`INFO: started backup task '${randomUUID()}'`);
        if (g.status === 'running' && mode !== 'stop') t.log.push('INFO: resuming VM again');
        for (let i = 1; i <= steps; i++) {
          await this.wait(700);
          const pct = Math.round((i / steps) * 100);
          const done = ((size * i) / steps / GiB).toFixed(1);
          t.log.push(`INFO: ${String(pct).padStart(3, ' ')}% (${done} GiB of ${total}) in ${i * 3}s, read: ${(90 + (i * 37) % 200).toFixed(1)} MiB/s, write: ${(40 + (i * 13) % 80).toFixed(1)} MiB/s`);
        }
        t.log.push(`INFO: backup is sparse: ${((size - archiveSize) / GiB).toFixed(2)} GiB (${Math.round(((size - archiveSize) / size) * 100)}%) total zero data`);
        const secs = Math.max(1, Math.round((Date.now() - started) / 1000));
        t.log.push(`INFO: transferred ${(size / GiB).toFixed(2)} GiB in ${secs} seconds (${(size / 1024 ** 2 / secs).toFixed(1)} MiB/s)`);
      } else {
        await this.wait(700 * steps);
        t.log.push(`INFO: Total bytes written: ${archiveSize} (${(archiveSize / GiB).toFixed(2)}GiB, ${(archiveSize / 1024 ** 2 / 4).toFixed(0)}MiB/s)`);
      }
      t.log.push(`INFO: archive file size: ${(archiveSize / 1024 ** 2).toFixed(0)}MB`);
      const notes = notesTemplate.replace(/\{\{guestname\}\}/g, g.name).replace(/\{\{vmid\}\}/g, String(g.vmid)).replace(/\{\{node\}\}/g, g.node).replace(/\{\{cluster\}\}/g, this.clusterName);
      if (notes) t.log.push('INFO: adding notes to backup');
      if (prot) t.log.push('INFO: marking backup as protected');
      this.addBackup(g, storage.storage, storage.node, now(), archiveSize, compress, notes, prot);
      storage.usedBytes += archiveSize;
      const secs = Math.round((Date.now() - started) / 1000);
      t.log.push(`INFO: Finished Backup of VM ${g.vmid} (${new Date(secs * 1000).toISOString().slice(11, 19)})`);
      t.log.push(`INFO: Backup finished at ${stamp()}`);
      return false;
    } finally {
      g.lock = null;
    }
  }

  private pendingVolume(g: SimGuest, storage: SimStorage, compress: string): string {
    const d = new Date();
    const p = (n: number): string => String(n).padStart(2, '0');
    const stamp = `${d.getUTCFullYear()}_${p(d.getUTCMonth() + 1)}_${p(d.getUTCDate())}-${p(d.getUTCHours())}_${p(d.getUTCMinutes())}_${p(d.getUTCSeconds())}`;
    void storage;
    return `vzdump-${g.type}-${g.vmid}-${stamp}.${g.type === 'qemu' ? 'vma' : 'tar'}${compress === 'zstd' ? '.zst' : compress === 'gzip' ? '.gz' : compress === 'lzo' ? '.lzo' : ''}`;
  }

  /** POST /nodes/{node}/wakeonlan: the target node boots a moment later. */
  wake(target: string): string {
    const n = this.nodes.get(target);
    if (!n) throw new SimHttpError(500, `no such node '${target}'`);
    this.wakes.push(target);
    if (!n.online) void this.wait(3000).then(() => this.setNodeOnline(target, true));
    return n.mac;
  }

  // ---- reads ---------------------------------------------------------------

  /** Whether a user or token holds a privilege (list reads filter by it, like PVE). */
  can(user: string, priv: string): boolean {
    const p = this.privileges(user);
    return p === 'all' || p.includes(priv);
  }

  /** A guest's live usage, the same figures in every read (zero while stopped). */
  private usage(g: SimGuest, t: number): { cpu: number; mem: number; disk: number; uptime: number; netin: number; netout: number; diskread: number; diskwrite: number } {
    const running = g.status !== 'stopped';
    return {
      cpu: g.status === 'running' ? 0.01 + (g.vmid % 9) * 0.017 : 0,
      mem: running ? Math.round(g.memGiB * GiB * (0.35 + (g.vmid % 6) * 0.08)) : 0,
      disk: g.type === 'lxc' ? Math.round(g.diskGiB * GiB * 0.41) : 0,
      uptime: running && g.startedAt ? t - g.startedAt : 0,
      netin: running ? g.vmid * 1_234_567 : 0,
      netout: running ? g.vmid * 345_678 : 0,
      diskread: running ? g.vmid * 9_876_543 : 0,
      diskwrite: running ? g.vmid * 1_987_654 : 0,
    };
  }

  /**
   * One row of GET /nodes/{node}/qemu or /lxc, or the body of …/status/current
   * (`current` adds what only the per-guest read has: HA state, agent; a list
   * has the QMP status only when asked for in full).
   */
  private guestEntry(g: SimGuest, t: number, current: boolean, full = false): Record<string, unknown> {
    const u = this.usage(g, t);
    const running = g.status !== 'stopped';
    // PVE's own status is only running or stopped; a paused VM says so in qmpstatus (a frozen CT stays running).
    const e: Record<string, unknown> = {
      vmid: g.vmid,
      name: g.name,
      status: running ? 'running' : 'stopped',
      cpus: g.cpus,
      cpu: u.cpu,
      maxmem: Math.round(g.memGiB * GiB),
      mem: u.mem,
      maxdisk: g.diskGiB * GiB,
      disk: u.disk,
      diskread: u.diskread,
      diskwrite: u.diskwrite,
      netin: u.netin,
      netout: u.netout,
      uptime: u.uptime,
    };
    if (running && g.type === 'qemu') e.pid = 4000 + g.vmid * 7;
    if (g.type === 'lxc') e.maxswap = 512 * 1024 ** 2;
    if (g.tags.length) e.tags = g.tags.join(';');
    if (g.lock) e.lock = g.lock;
    if (g.template) e.template = 1;
    if (g.type === 'qemu' && (current || (full && running))) e.qmpstatus = g.status;
    if (current) {
      e.ha = g.ha ? { managed: 1, state: running ? 'started' : 'stopped', group: null } : { managed: 0 };
      if (g.type === 'qemu') {
        e.agent = 1;
        if (running) Object.assign(e, { 'running-machine': 'pc-i440fx-10.0+pve0', 'running-qemu': '10.0.2', balloon: e.maxmem, freemem: Math.round(g.memGiB * GiB) - u.mem });
      }
    }
    return e;
  }

  /** GET /nodes/{node}/qemu or /lxc: the guests of that type on the node the caller may see. */
  guestList(node: string, type: 'qemu' | 'lxc', user: string, full = false): unknown[] {
    const t = now();
    return [...this.guests.values()].filter((g) => g.node === node && g.type === type && this.can(user, 'VM.Audit')).map((g) => this.guestEntry(g, t, false, full));
  }

  /** GET /nodes/{node}/{qemu,lxc}/{vmid}/status/current. */
  guestCurrent(node: string, vmid: string, type: 'qemu' | 'lxc'): unknown {
    return this.guestEntry(this.guestOn(node, vmid, type), now(), true);
  }

  resources(type?: string): unknown[] {
    const out: unknown[] = [];
    const t = now();
    if (!type || type === 'node') {
      for (const n of this.nodes.values()) {
        const base = { id: `node/${n.name}`, type: 'node', node: n.name, level: '', 'cgroup-mode': 2, status: n.online ? 'online' : 'offline' };
        if (!n.online) out.push(base);
        else {
          const guestsMem = [...this.guests.values()].filter((g) => g.node === n.name && g.status !== 'stopped').reduce((s, g) => s + g.memGiB * GiB * 0.85, 0);
          out.push({ ...base, cpu: 0.04 + (n.threads % 5) * 0.013, maxcpu: n.threads, mem: Math.round(2.1 * GiB + guestsMem), maxmem: n.memGiB * GiB - 0.6 * GiB, disk: 9.8 * GiB, maxdisk: n.rootfsGiB * GiB, uptime: t - n.bootedAt });
        }
      }
    }
    if (!type || type === 'vm') {
      for (const g of this.guests.values()) {
        const node = this.nodes.get(g.node)!;
        const running = g.status !== 'stopped';
        const entry: Record<string, unknown> = {
          id: `${g.type}/${g.vmid}`,
          type: g.type,
          vmid: g.vmid,
          name: g.name,
          node: g.node,
          status: node.online ? g.status : 'unknown',
          template: g.template ? 1 : 0,
          maxcpu: g.cpus,
          maxmem: Math.round(g.memGiB * GiB),
          maxdisk: g.diskGiB * GiB,
          ...this.usage(g, t),
        };
        if (g.tags.length) entry.tags = g.tags.join(';');
        if (g.lock) entry.lock = g.lock;
        if (g.ha) entry.hastate = running ? 'started' : 'stopped';
        if (!node.online) for (const k of ['cpu', 'mem', 'uptime', 'netin', 'netout', 'diskread', 'diskwrite']) delete entry[k];
        out.push(entry);
      }
    }
    if (!type || type === 'storage') {
      for (const s of this.storages) {
        const online = this.nodes.get(s.node)?.online && s.online;
        out.push({ id: `storage/${s.node}/${s.storage}`, type: 'storage', storage: s.storage, node: s.node, plugintype: s.plugintype, content: s.content, shared: s.shared ? 1 : 0, status: online ? 'available' : 'unknown', ...(online ? { disk: s.usedBytes, maxdisk: s.totalBytes } : {}) });
      }
    }
    return out;
  }

  clusterStatus(): unknown[] {
    const nodes = [...this.nodes.values()];
    const online = nodes.filter((n) => n.online).length;
    return [
      { type: 'cluster', id: 'cluster', name: this.clusterName, version: 3, nodes: nodes.length, quorate: online * 2 > nodes.length ? 1 : 0 },
      ...nodes.map((n, i) => ({ type: 'node', id: `node/${n.name}`, name: n.name, nodeid: i + 1, ip: n.ip, local: i === 0 ? 1 : 0, online: n.online ? 1 : 0, level: '' })),
    ];
  }

  nodeStatus(name: string): unknown {
    const n = this.nodes.get(name)!;
    const used = (this.resources('node').find((x) => (x as { node: string }).node === name) as { mem?: number }).mem ?? 0;
    const load = (0.3 + (n.threads % 7) * 0.21).toFixed(2);
    return {
      uptime: now() - n.bootedAt,
      pveversion: 'pve-manager/9.1.1/42db4a6cf33dac83',
      kversion: 'Linux 6.17.2-1-pve #1 SMP PREEMPT_DYNAMIC PMX 6.17.2-1 (2025-10-21T11:55Z)',
      'current-kernel': { sysname: 'Linux', release: '6.17.2-1-pve', version: '#1 SMP PREEMPT_DYNAMIC PMX 6.17.2-1 (2025-10-21T11:55Z)', machine: 'x86_64' },
      cpu: 0.05,
      wait: 0.001,
      loadavg: [load, (Number(load) * 0.9).toFixed(2), (Number(load) * 0.8).toFixed(2)],
      cpuinfo: { model: n.cpuModel, sockets: 1, cores: n.threads / 2, cpus: n.threads, mhz: '4183.000', hvm: '1', user_hz: 100, flags: 'fpu vme de pse tsc msr pae mce cx8 apic sep mtrr svm' },
      memory: { total: n.memGiB * GiB, used, free: n.memGiB * GiB - used },
      swap: { total: 8 * GiB, used: 112 * 1024 ** 2, free: 8 * GiB - 112 * 1024 ** 2 },
      rootfs: { total: n.rootfsGiB * GiB, used: 9.8 * GiB, avail: (n.rootfsGiB - 9.8) * GiB, free: (n.rootfsGiB - 9.8) * GiB },
      ksm: { shared: 0 },
      'boot-info': { mode: 'efi', secureboot: 0 },
    };
  }

  diskList(node: string): unknown[] {
    return this.disks
      .filter((d) => d.node === node)
      .map((d) => ({
        devpath: d.devpath,
        model: d.model,
        serial: d.serial,
        vendor: d.type === 'nvme' ? 'unknown' : 'ATA',
        type: d.type,
        size: d.sizeBytes,
        health: d.health,
        // PVE sends SATA wearout as a string and NVMe as a number; HDDs say N/A.
        wearout: d.wearout === 'N/A' ? 'N/A' : d.type === 'nvme' ? d.wearout : String(d.wearout),
        rpm: d.type === 'hdd' ? 5400 : 0,
        gpt: 1,
        used: d.type === 'hdd' ? 'LVM' : 'BIOS boot',
        wwn: 'unknown',
        osdid: -1,
        'osdid-list': null,
        by_id_link: `/dev/disk/by-id/${d.type === 'nvme' ? 'nvme' : 'ata'}-${d.model.replace(/\s+/g, '_')}_${d.serial}`,
      }));
  }

  storageContent(node: string, storage: string, content?: string, vmid?: string): unknown[] {
    const s = this.storages.find((x) => x.storage === storage && (x.node === node || x.shared));
    if (!s) throw new SimHttpError(500, `storage '${storage}' does not exist`);
    if (!s.online) throw new SimHttpError(500, `storage '${storage}' is not online`);
    if (content && content !== 'backup') return [];
    return this.backups
      .filter((b) => b.storage === storage && (s.shared || b.node === node) && (!vmid || String(b.vmid) === vmid))
      .map((b) => ({ volid: b.volid, content: 'backup', ctime: b.ctime, format: b.format, size: b.size, subtype: b.subtype, vmid: b.vmid, notes: b.notes || undefined, protected: b.protected ? 1 : undefined }));
  }

  backupJobs(): unknown[] {
    return this.jobs.map((j) => {
      const [hh, mm] = j.schedule.split(':').map(Number);
      const d = new Date();
      d.setUTCHours(hh, mm, 0, 0);
      if (d.getTime() <= Date.now()) d.setUTCDate(d.getUTCDate() + 1);
      return { ...j, 'next-run': Math.floor(d.getTime() / 1000) };
    });
  }

  taskList(): unknown[] {
    return [...this.tasks]
      .reverse()
      .slice(0, 50)
      .map((t) => ({ upid: t.upid, node: t.node, pid: t.pid, pstart: t.pstart, starttime: t.starttime, type: t.type, id: t.id, user: t.user, ...(t.endtime !== null ? { endtime: t.endtime, status: t.exitstatus } : {}), saved: t.endtime !== null ? '1' : '0' }));
  }

  taskStatus(node: string, upid: string): unknown {
    const t = this.task(upid);
    if (!t || t.node !== node) throw new SimHttpError(500, `no such task`);
    return { upid: t.upid, node: t.node, pid: t.pid, pstart: t.pstart, starttime: t.starttime, type: t.type, id: t.id, user: t.user, status: t.endtime === null ? 'running' : 'stopped', ...(t.endtime !== null ? { exitstatus: t.exitstatus } : {}) };
  }

  taskLog(node: string, upid: string, start: number, limit: number): unknown[] {
    const t = this.task(upid);
    if (!t || t.node !== node) throw new SimHttpError(500, `no such task`);
    if (t.log.length === 0) return [{ n: 1, t: 'no content' }];
    return t.log.slice(start, start + limit).map((line, i) => ({ n: start + i + 1, t: line }));
  }
}

// Parameters per guest type and action, as PVE's schema has them (a subset: what the simulator understands).
const actionParams: Record<'qemu' | 'lxc', Record<string, string[]>> = {
  qemu: { start: ['skiplock', 'timeout'], stop: ['skiplock', 'timeout'], shutdown: ['forceStop', 'timeout', 'skiplock'], reboot: ['timeout'], suspend: ['skiplock', 'todisk'], resume: ['skiplock'] },
  lxc: { start: ['skiplock'], stop: ['skiplock'], shutdown: ['forceStop', 'timeout'], reboot: ['timeout'], suspend: [], resume: [] },
};

const guestRoutes = (['qemu', 'lxc'] as const).flatMap((type): SimRoute[] =>
  (['start', 'stop', 'shutdown', 'reboot', 'suspend', 'resume'] as const).map((action) => ({
    method: 'POST' as const,
    path: `/nodes/{node}/${type}/{vmid}/status/${action}`,
    params: ['node', 'vmid', ...actionParams[type][action]],
    perm: ['VM.PowerMgmt', '/vms/{vmid}'] as [string, string],
    nodeMustBeOnline: true,
    handler: (c: SimCall) => c.sim.guestAction(c, type, action),
  })),
);

/** Every API route the simulator serves; their names are checked against the PVE API schema in a test. */
export const simRoutes: SimRoute[] = [
  { method: 'POST', path: '/access/ticket', params: ['username', 'password', 'realm'], handler: (c) => c.sim.login(c.params.realm && !c.params.username.includes('@') ? `${c.params.username}@${c.params.realm}` : c.params.username, c.params.password) },
  { method: 'GET', path: '/version', params: [], handler: () => ({ version: '9.1.1', release: '9.1', repoid: '42db4a6cf33dac83' }) },
  { method: 'GET', path: '/cluster/resources', params: ['type'], handler: (c) => c.sim.resources(c.params.type) },
  { method: 'GET', path: '/cluster/status', params: [], handler: (c) => c.sim.clusterStatus() },
  { method: 'GET', path: '/cluster/tasks', params: [], handler: (c) => c.sim.taskList() },
  { method: 'GET', path: '/cluster/backup', params: [], perm: ['Sys.Audit', '/'], handler: (c) => c.sim.backupJobs() },
  { method: 'GET', path: '/nodes', params: [], handler: (c) => [...c.sim.nodes.values()].map((n) => ({ node: n.name, status: n.online ? 'online' : 'offline', type: 'node', id: `node/${n.name}` })) },
  { method: 'GET', path: '/nodes/{node}/status', params: ['node'], perm: ['Sys.Audit', '/nodes/{node}'], nodeMustBeOnline: true, handler: (c) => c.sim.nodeStatus(c.params.node) },
  { method: 'GET', path: '/nodes/{node}/disks/list', params: ['node', 'include-partitions', 'skipsmart', 'type'], perm: ['Sys.Audit', '/nodes/{node}'], nodeMustBeOnline: true, handler: (c) => c.sim.diskList(c.params.node) },
  { method: 'GET', path: '/nodes/{node}/storage/{storage}/content', params: ['node', 'storage', 'content', 'vmid'], perm: ['Datastore.Audit', '/storage/{storage}'], nodeMustBeOnline: true, handler: (c) => c.sim.storageContent(c.params.node, c.params.storage, c.params.content, c.params.vmid) },
  { method: 'GET', path: '/nodes/{node}/tasks/{upid}/status', params: ['node', 'upid'], nodeMustBeOnline: true, handler: (c) => c.sim.taskStatus(c.params.node, c.params.upid) },
  { method: 'GET', path: '/nodes/{node}/tasks/{upid}/log', params: ['node', 'upid', 'start', 'limit'], nodeMustBeOnline: true, handler: (c) => c.sim.taskLog(c.params.node, c.params.upid, Number(c.params.start ?? 0), Number(c.params.limit ?? 50)) },
  // What a per-node/per-guest poller reads (LabTray itself reads /cluster/resources instead).
  ...(['qemu', 'lxc'] as const).flatMap((type): SimRoute[] => [
    { method: 'GET', path: `/nodes/{node}/${type}`, params: type === 'qemu' ? ['node', 'full'] : ['node'], nodeMustBeOnline: true, handler: (c) => c.sim.guestList(c.params.node, type, c.user, c.params.full === '1') },
    { method: 'GET', path: `/nodes/{node}/${type}/{vmid}/status/current`, params: ['node', 'vmid'], perm: ['VM.Audit', '/vms/{vmid}'], nodeMustBeOnline: true, handler: (c) => c.sim.guestCurrent(c.params.node, c.params.vmid, type) },
  ]),
  { method: 'POST', path: '/nodes/{node}/vzdump', params: ['node', 'vmid', 'all', 'storage', 'mode', 'compress', 'notes-template', 'protected', 'remove'], nodeMustBeOnline: true, handler: (c) => c.sim.vzdump(c) },
  // The target node is asleep, so this one must not require it online.
  { method: 'POST', path: '/nodes/{node}/wakeonlan', params: ['node'], perm: ['Sys.PowerMgmt', '/nodes/{node}'], handler: (c) => c.sim.wake(c.params.node) },
  ...guestRoutes,
];
