import { randomBytes, randomUUID } from 'node:crypto';
import { SimApiServer } from './api-server';
import { SimAuth } from './auth';
import { addBackup } from './backup';
import { generateCertificate, type SimCertificate } from './cert';
import { homelabBackups, homelabDisks, homelabGuests, homelabJobs, homelabNodes, homelabStorages, type SimDiskSpec } from './homelab';
import { now, type PveCluster, type PveSimOptions, type SimBackupVolume, type SimFault, type SimGuest, type SimNode, type SimStorage, type SimTask, type SimTicketGrant, type SimToken, type SimUser } from './model';
import { TaskRunner } from './tasks';
import { seedBackupHistory } from './backup-history';

// The simulator's public face: tests and the demo lab import from here.
export { simRoutes } from './routes';
export { SimHttpError } from './model';
export type { PveCluster, PveSimOptions, SimBackupVolume, SimCall, SimFault, SimGuest, SimRoute, SimTask, SimTicketGrant, SimToken, SimUser } from './model';

/**
 * A Proxmox VE cluster on 127.0.0.1 over HTTPS: the reference homelab's three
 * nodes and their guests, ticket and token auth, CSRF on writes, tasks with
 * real UPIDs that take time, locks, node failures, vzdump with real-looking
 * task logs, wake-on-LAN, and injectable faults.
 *
 * This class holds the cluster's state and the controls tests use; the parts
 * live beside it: api-server.ts (HTTPS, faults, dispatch), routes.ts (the API
 * table), views.ts (read answers), actions.ts and backup.ts (what changes
 * state), tasks.ts (workers and the clock), auth.ts (tickets, tokens, ACLs).
 */
export class PveSim implements PveCluster {
  readonly nodes = new Map<string, SimNode>();
  readonly guests = new Map<number, SimGuest>();
  readonly storages: SimStorage[];
  readonly disks: SimDiskSpec[];
  readonly backups: SimBackupVolume[] = [];
  readonly jobs = homelabJobs.map((j) => ({ ...j }));
  /** Node names asked to wake. */
  readonly wakes: string[] = [];
  readonly tokens: SimToken[];
  readonly users: SimUser[];
  readonly clusterName: string;
  private readonly auth: SimAuth;
  private readonly runner: TaskRunner;
  private readonly api: SimApiServer;

  constructor(opts: PveSimOptions = {}) {
    this.clusterName = opts.clusterName ?? 'homelab';
    this.tokens = opts.tokens ?? [
      { id: 'root@pam!labtray', secret: randomUUID(), privileges: 'all' },
      { id: 'monitor@pve!readonly', secret: randomUUID(), privileges: ['VM.Audit', 'Sys.Audit', 'Datastore.Audit'] },
      // Reads everything and may power the Windows VM only (an ACL entry of its own on /vms/101), as one hands out to family.
      { id: 'family@pve!tray', secret: randomUUID(), privileges: ['VM.Audit', 'Sys.Audit', 'Datastore.Audit'], acl: [{ path: '/vms/101', privileges: ['VM.Audit', 'VM.PowerMgmt'] }] },
    ];
    this.users = opts.users ?? [{ username: 'root@pam', password: randomBytes(9).toString('base64url'), privileges: 'all' }];
    this.auth = new SimAuth(this.tokens, this.users);
    this.runner = new TaskRunner(opts.speed ?? 1);
    this.api = new SimApiServer({ cluster: this, auth: this.auth, runner: this.runner, certificate: opts.certificate ?? generateCertificate(), clockOffsetMs: opts.clockOffsetMs });
    const t = now();
    for (const n of homelabNodes) this.nodes.set(n.name, { ...n, online: true, bootedAt: t - 86400 * 12 - n.threads * 3607 });
    for (const g of homelabGuests) this.guests.set(g.vmid, { ...g, status: g.running ? 'running' : 'stopped', lock: null, startedAt: g.running ? t - 86400 * 3 - g.vmid * 61 : null });
    for (const g of opts.extraGuests ?? []) {
      if (this.guests.has(g.vmid)) throw new Error(`extra guest ${g.name}: VMID ${g.vmid} is already taken by ${this.guests.get(g.vmid)?.name}`);
      if (!this.nodes.has(g.node)) throw new Error(`extra guest ${g.name}: no node ${g.node} (the nodes are ${[...this.nodes.keys()].join(', ')})`);
      this.guests.set(g.vmid, { ...g, tags: [...g.tags], status: g.running ? 'running' : 'stopped', lock: null, startedAt: g.running ? t - 3600 - (g.vmid % 3600) : null });
    }
    this.storages = homelabStorages.map((s) => ({ ...s, online: true }));
    this.disks = homelabDisks.map((d) => ({ ...d }));
    for (const b of homelabBackups) {
      const g = this.guests.get(b.vmid)!;
      addBackup(this, g, b.storage, b.node, t - Math.round(b.ageHours * 3600), b.sizeBytes, 'zstd', g.name, b.protected ?? false);
    }
    this.seedHistory(t);
  }

  /** Three weeks of backups and their tasks, and a node update, so the task list is not empty at start. */
  private seedHistory(t: number): void {
    const r = this.runner;
    r.recordFinished('um560', 'aptupdate', '', 'root@pam', t - 50 * 3600, 14, 'OK', ['starting apt-get update', 'Hit:1 http://download.proxmox.com/debian/pve trixie InRelease', 'Reading package lists...']);
    seedBackupHistory(this, r, t);
    r.recordFinished('gtr5', 'qmstart', '123', 'root@pam', t - 3 * 86400 - 123 * 61, 2, 'OK', []);
  }

  static async start(opts: PveSimOptions = {}): Promise<PveSim> {
    const sim = new PveSim(opts);
    await sim.listen();
    return sim;
  }

  get url(): string {
    return `https://127.0.0.1:${this.port}`;
  }

  get port(): number {
    return this.api.port;
  }

  get fingerprint(): string {
    return this.api.certificate.fingerprint;
  }

  get certificatePem(): string {
    return this.api.certificate.cert;
  }

  get tasks(): SimTask[] {
    return this.runner.tasks;
  }

  /** Every HTTP request that reached the API (method + path), for tests. */
  get requests(): { method: string; path: string; query: string }[] {
    return this.api.requests;
  }

  /** TCP connections accepted (counted before the TLS handshake). */
  get connections(): number {
    return this.api.connections;
  }

  /** How each ticket was obtained, in order. */
  get logins(): ('password' | 'renewal')[] {
    return this.auth.logins;
  }

  listen(): Promise<void> {
    return this.api.listen();
  }

  async stop(): Promise<void> {
    this.runner.cancelAll();
    await this.api.close();
  }

  // ---- test controls -------------------------------------------------------

  /** Injects a fault for requests whose path matches (all when no path), `times` times (default: until cleared). */
  fault(fault: SimFault, opts: { path?: RegExp; times?: number } = {}): void {
    this.api.addFault(fault, opts);
  }

  clearFaults(): void {
    this.api.clearFaults();
  }

  /** Every ticket issued so far stops working (as after they expire). */
  expireTickets(): void {
    this.auth.expireTickets();
  }

  /** A new certificate (pvenode cert set / renewal); open connections are dropped. Returns the new fingerprint. */
  rotateCertificate(cert: SimCertificate = generateCertificate()): string {
    this.api.rotateCertificate(cert);
    return cert.fingerprint;
  }

  /** Guests a node shut down with: they start again when it boots (onboot). */
  private readonly onboot = new Map<string, number[]>();

  /** A node goes offline (with the guests to start at its next boot) or boots. */
  setNodeOnline(name: string, online: boolean, startOnBoot: number[] = []): void {
    const n = this.nodes.get(name);
    if (!n) throw new Error(`no node ${name}`);
    n.online = online;
    if (!online) {
      this.onboot.set(name, startOnBoot);
      return;
    }
    n.bootedAt = now();
    for (const vmid of this.onboot.get(name) ?? []) {
      const g = this.guests.get(vmid);
      if (g && g.node === name && g.status === 'stopped') {
        g.status = 'running';
        g.startedAt = now();
      }
    }
    this.onboot.delete(name);
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
    return this.runner.find(upid);
  }

  // ---- what the API handlers call ---------------------------------------------

  /** POST /access/ticket: a password, or a still valid ticket as the password (renewal). */
  login(username: string, password: string): SimTicketGrant {
    return this.auth.login(username, password);
  }

  /** Whether a user or token holds a privilege on `path` (list reads filter by it, like PVE). */
  can(user: string, priv: string, path: string): boolean {
    return this.auth.can(user, priv, path);
  }

  checkPerm(user: string, priv: string, path: string): void {
    this.auth.checkPerm(user, priv, path);
  }

  permissions(user: string, path?: string): Record<string, Record<string, number>> {
    return this.auth.permissions(user, path);
  }

  /** Waits `ms` scaled by the speed (`raw`: not scaled). */
  wait(ms: number, raw = false): Promise<void> {
    return this.runner.wait(ms, raw);
  }

  /** Starts a worker like pve's fork_worker: returns its UPID at once, runs the body in the background. */
  /** Calls `listener` with every guest's name and whether it runs, now and after each task; returns the unsubscribe. */
  watchGuests(listener: (guests: { name: string; running: boolean }[]) => void): () => void {
    const tell = (): void => listener([...this.guests.values()].map((g) => ({ name: g.name, running: g.status === 'running' })));
    this.runner.ended.add(tell);
    tell();
    return () => void this.runner.ended.delete(tell);
  }

  runTask(node: string, type: string, id: string, user: string, body: (t: SimTask) => Promise<void>): string {
    return this.runner.run(node, type, id, user, body);
  }
}
