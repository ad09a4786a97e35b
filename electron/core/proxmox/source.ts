import { msg } from '../../../shared/message';
import type { BackupJob, BackupVolume, ProxmoxCluster, PveDisk, PveNodeDetail, PveTaskSummary } from '../../../shared/proxmox';
import type { Check } from '../../../shared/status';
import type { Clock } from '../clock';
import type { PollContext, Source } from '../lab/source';
import { clusterChecks, defaultFreshness, type FreshnessLimits, type FreshnessMemoEntry } from './checks';
import type { PveClient } from './client';
import { parseBackupContent, parseBackupJobs, parseClusterStatus, parseDisks, parseNodeStatus, parseResources, parseTasks, type ClusterStatusParsed, type ResourcesParsed } from './parse';

/** How often the slower reads run (only /cluster/resources runs every poll: one request per steady refresh). */
export interface PveCadence {
  /** Cluster task list: tasks started elsewhere; LabTray's own are followed by the task follower and re-read when one ends. */
  tasksMs: number;
  clusterStatusMs: number;
  nodeStatusMs: number;
  disksMs: number;
  backupsMs: number;
  /**
   * With the window hidden a poll reads the nodes only (a few hundred bytes) and the guest and storage
   * list when this much time per guest has passed since the last one: a small lab's list is read every
   * poll, 1,000 guests every 5 minutes. Parsing a large list is most of a hidden poll's cost.
   */
  hiddenListMsPerGuest: number;
  hiddenListMaxMs: number;
}

export const defaultCadence: PveCadence = { tasksMs: 60_000, clusterStatusMs: 30_000, nodeStatusMs: 60_000, disksMs: 10 * 60_000, backupsMs: 5 * 60_000, hiddenListMsPerGuest: 300, hiddenListMaxMs: 10 * 60_000 };

export interface ProxmoxSourceOptions {
  name: string;
  clock: Clock;
  /** Built lazily: secrets are resolved at the first poll. */
  client: () => Promise<PveClient>;
  intervalMs?: number;
  timeoutMs?: number;
  cadence?: Partial<PveCadence>;
  freshness?: FreshnessLimits;
}

interface Timed<T> {
  at: number;
  value: T;
}

/** One Proxmox VE cluster, read with few calls: everything fast from /cluster/resources, the rest on slower cadences. */
export class ProxmoxSource implements Source<'proxmox'> {
  readonly kind = 'proxmox' as const;
  readonly id: string;
  readonly name: string;
  readonly intervalMs: number;
  readonly timeoutMs: number;
  private readonly cadence: PveCadence;
  /** Each guest's last backup finding, said again only when its backup, job or age changes. */
  private readonly freshnessMemo = new Map<number, FreshnessMemoEntry>();
  private last: ProxmoxCluster | null = null;
  /** The last full /cluster/resources (nodes, guests, storages). */
  private list: Timed<ResourcesParsed> | null = null;
  /** Set when one of our own actions changed a guest: the next poll reads the full list even while hidden. */
  private listWanted = false;
  private clusterStatus: Timed<ClusterStatusParsed> | null = null;
  private readonly nodeDetail = new Map<string, Timed<PveNodeDetail>>();
  private readonly disks = new Map<string, Timed<PveDisk[]>>();
  private backups: Timed<BackupVolume[]> | null = null;
  private tasks: Timed<PveTaskSummary[]> | null = null;
  /** Set when one of our own tasks ends: the next poll re-reads the task list whatever its cadence. */
  private tasksWanted = false;
  private jobs: Timed<BackupJob[]> | null = null;
  /** Failures of the slower reads: shown as warnings, they do not fail the poll. */
  private readonly partErrors = new Map<string, string>();

  constructor(private readonly opts: ProxmoxSourceOptions) {
    this.id = `proxmox:${opts.name}`;
    this.name = opts.name;
    this.intervalMs = opts.intervalMs ?? 10_000;
    this.timeoutMs = opts.timeoutMs ?? 20_000;
    this.cadence = { ...defaultCadence, ...opts.cadence };
  }

  /** The last data read (actions look guests up here). */
  current(): ProxmoxCluster | null {
    return this.last;
  }

  /** Makes the next poll re-read the cluster task list (after one of our own tasks ends); its guest changed too. */
  invalidateTasks(): void {
    this.tasksWanted = true;
    this.listWanted = true;
  }

  /** Makes the next poll read every guest, even with the window hidden (one of our own actions began). */
  invalidateGuests(): void {
    this.listWanted = true;
  }

  /** Makes the next poll re-read backups (after a vzdump ends). */
  invalidateBackups(): void {
    this.backups = null;
  }

  placeholder(): ProxmoxCluster {
    return { name: this.name, endpoint: null, clusterName: null, quorate: null, nodes: [], guests: [], storages: [], disks: [], tasks: [], backups: [], backupJobs: [] };
  }

  async poll({ signal, relax = 1 }: PollContext): Promise<ProxmoxCluster> {
    const client = await this.opts.client();
    const api = client.api(signal);
    const now = this.opts.clock.now();
    // With the window hidden the slower reads wait longer too: a hidden poll is then one request.
    const due = (t: Timed<unknown> | null | undefined, ms: number): boolean => !t || now - t.at >= ms * relax;

    const readTasks = this.tasksWanted || due(this.tasks, this.cadence.tasksMs);
    // Cleared before the read: an invalidation that arrives while it runs asks for another one.
    this.tasksWanted = false;
    const [resources, tasks, status] = await Promise.all([
      this.readResources(api, now, relax),
      readTasks ? this.part('tasks', () => api.cluster.tasks.$get().then(parseTasks)) : Promise.resolve(null),
      due(this.clusterStatus, this.cadence.clusterStatusMs) ? this.part('cluster status', () => api.cluster.status.$get().then(parseClusterStatus)) : Promise.resolve(null),
    ]);
    if (tasks) this.tasks = { at: now, value: tasks.slice(0, 50) };
    else if (readTasks) this.tasksWanted = true; // a failed read is tried again next poll
    if (status) this.clusterStatus = { at: now, value: status };
    const cs = this.clusterStatus?.value ?? null;

    const nodes = resources.nodes.map((n) => {
      const online = cs?.online.get(n.name);
      return online === false && n.status === 'online' ? { ...n, status: 'offline' as const } : n;
    });
    const onlineNodes = nodes.filter((n) => n.status === 'online').map((n) => n.name);
    const offline = new Set(nodes.filter((n) => n.status !== 'online').map((n) => n.name));
    const guests = resources.guests.map((g) => (offline.has(g.node) && g.status !== 'unknown' ? { ...g, status: 'unknown' as const } : g));

    // A node that left the cluster takes its slower reads with it.
    const present = new Set(nodes.map((n) => n.name));
    for (const map of [this.nodeDetail, this.disks]) for (const name of map.keys()) if (!present.has(name)) map.delete(name);

    const slow: Promise<unknown>[] = [];
    for (const node of onlineNodes) {
      if (due(this.nodeDetail.get(node), this.cadence.nodeStatusMs)) {
        slow.push(this.part(`status of ${node}`, () => api.nodes.$(node).status.$get().then(parseNodeStatus)).then((v) => v && this.nodeDetail.set(node, { at: now, value: v })));
      }
      if (due(this.disks.get(node), this.cadence.disksMs)) {
        slow.push(this.part(`disk health of ${node}`, () => api.nodes.$(node).disks.list.$get().then((d) => parseDisks(node, d))).then((v) => v && this.disks.set(node, { at: now, value: v })));
      }
    }
    if (due(this.backups, this.cadence.backupsMs)) {
      const backupStorages = resources.storages.filter((s) => s.content.includes('backup') && s.status === 'available' && onlineNodes.includes(s.node));
      const seenShared = new Set<string>();
      const reads = backupStorages
        .filter((s) => !s.shared || (!seenShared.has(s.storage) && seenShared.add(s.storage)))
        .map((s) => api.nodes.$(s.node).storage.$(s.storage).content.$get({ content: 'backup' }).then((d) => parseBackupContent(s.storage, s.node, d)));
      slow.push(this.part('backups', async () => (await Promise.all(reads)).flat()).then((v) => v && (this.backups = { at: now, value: v })));
    }
    if (due(this.jobs, this.cadence.backupsMs)) {
      slow.push(this.part('backup jobs', () => api.cluster.backup.$get().then(parseBackupJobs)).then((v) => v && (this.jobs = { at: now, value: v })));
    }
    await Promise.all(slow);
    signal.throwIfAborted();

    const data: ProxmoxCluster = {
      name: this.name,
      endpoint: client.endpoint,
      clusterName: cs?.clusterName ?? null,
      quorate: cs?.quorate ?? null,
      nodes: nodes.map((n) => ({ ...n, ip: cs?.addresses.get(n.name) ?? null, detail: this.nodeDetail.get(n.name)?.value ?? null })),
      guests,
      storages: resources.storages,
      disks: nodes.flatMap((n) => this.disks.get(n.name)?.value ?? []),
      tasks: this.tasks?.value ?? [],
      backups: this.backups?.value ?? [],
      backupJobs: this.jobs?.value ?? [],
    };
    this.last = data;
    return data;
  }

  checks(data: ProxmoxCluster, observedAt: string): Check[] {
    const extra: Check[] = [...this.partErrors].map(([part, error]) => ({
      id: `${this.id}:read:${part}`,
      source: this.id,
      target: this.id,
      status: 'warn',
      ...msg('pve.readFailed', { source: this.name, part, error }),
      observedAt,
      error,
    }));
    return clusterChecks(this.id, data, observedAt, { freshness: this.opts.freshness ?? defaultFreshness, backupsKnown: this.backups !== null, extra, freshnessMemo: this.freshnessMemo });
  }

  /** /cluster/resources: the whole list, or while hidden and the list is not due, the nodes only. */
  private async readResources(api: ReturnType<PveClient['api']>, now: number, relax: number): Promise<ResourcesParsed> {
    const list = this.list;
    const wanted = this.listWanted;
    this.listWanted = false;
    const full = async (): Promise<ResourcesParsed> => {
      try {
        const r = parseResources(await api.cluster.resources.$get());
        this.list = { at: now, value: r };
        return r;
      } catch (err) {
        this.listWanted ||= wanted;
        throw err;
      }
    };
    const listMs = list ? Math.min(this.cadence.hiddenListMaxMs, list.value.guests.length * this.cadence.hiddenListMsPerGuest) : 0;
    if (relax <= 1 || wanted || !list || now - list.at >= listMs) return full();
    const { nodes } = parseResources(await api.cluster.resources.$get({ type: 'node' }));
    // A node that went down or came back changes its guests (HA moves them, they become unknown): read them now.
    const before = new Map(list.value.nodes.map((n) => [n.name, n.status]));
    if (nodes.length !== before.size || nodes.some((n) => before.get(n.name) !== n.status)) return full();
    return { nodes, guests: list.value.guests, storages: list.value.storages };
  }

  private async part<T>(what: string, read: () => Promise<T>): Promise<T | null> {
    try {
      const v = await read();
      this.partErrors.delete(what);
      return v;
    } catch (err) {
      this.partErrors.set(what, err instanceof Error ? err.message : String(err));
      return null;
    }
  }
}
