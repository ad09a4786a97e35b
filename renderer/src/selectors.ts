import { pveConsoleUrl } from '../../shared/proxmox';
import type { Snapshot } from '../../shared/snapshot';
import type { BackupVolume, Guest, PveNode } from '../../shared/proxmox';
import { statusRank, type Check, type Status } from '../../shared/status';
import type { TaskInfo } from '../../shared/tasks';
import { backupAgeHours, backupAgeStatus } from '../../shared/backup-age';
import { cardState, isNote, type CardState } from '../../shared/card-status';
import type { LanguageChoice } from '../../shared/language';
import type { UserPrefs } from '../../shared/snapshot';
import type { GuestFilters, GuestSort, GuestSortKey, LabState, PendingAction, ViewId } from './store';

/** The favourites the window shows: one being saved, else the config's (every snapshot carries them). */
export const savedFavourites = (s: LabState): readonly string[] => s.prefsPending.favourites ?? s.snapshot.prefs.favourites;

/** The language choice the window follows ('system' or a language), the same way. */
export const languageChoice = (s: LabState): LanguageChoice => s.prefsPending.language ?? s.snapshot.prefs.language;

/** The theme choice, the same way. */
export const themeChoice = (s: LabState): UserPrefs['theme'] => s.prefsPending.theme ?? s.snapshot.prefs.theme;

/** A guest with where it lives and what LabTray knows about it. */
export interface GuestRow {
  key: string;
  cluster: string;
  guest: Guest;
  lastBackup: number | null;
  /** The core's backup-freshness verdict (it knows the configured limits), when it made one. */
  backupCheck: Check | null;
  favourite: boolean;
  pending: PendingAction | null;
  task: TaskInfo | null;
  stale: boolean;
  /** Name, vmid, node and tags in lower case, built once per snapshot so a keystroke only scans strings. */
  search: string;
  /** Its console in the PVE web UI, through the endpoint that answered last. */
  consoleUrl: string | null;
}

export function guestKey(cluster: string, vmid: number): string {
  return `${cluster}/${vmid}`;
}

/**
 * Caches a derived value per snapshot: snapshots are immutable and a new
 * version is a new object, so a WeakMap on the object is a per-version memo.
 */
export function perSnapshot<T>(derive: (snap: Snapshot) => T): (snap: Snapshot) => T {
  const cache = new WeakMap<Snapshot, T>();
  return (snap) => {
    if (cache.has(snap)) return cache.get(snap) as T;
    const v = derive(snap);
    cache.set(snap, v);
    return v;
  };
}

/** Newest backup time (unix seconds) per `cluster/vmid`; computed once per snapshot. */
export const lastBackups = perSnapshot(computeLastBackups);

function computeLastBackups(snap: Snapshot): Map<string, number> {
  const out = new Map<string, number>();
  for (const c of snap.proxmox) {
    for (const b of c.backups) {
      const k = guestKey(c.name, b.vmid);
      if ((out.get(k) ?? 0) < b.ctime) out.set(k, b.ctime);
    }
  }
  return out;
}

function staleSources(snap: Snapshot): Set<string> {
  return new Set(snap.sources.filter((s) => s.stale || (s.error && !s.updatedAt)).map((s) => s.id));
}

type BaseRow = Omit<GuestRow, 'favourite' | 'pending' | 'task'>;

// What a row owes to the snapshot alone: built once per snapshot, whatever the favourites and pending actions.
const baseRows = perSnapshot((snap: Snapshot): BaseRow[] => {
  const backups = lastBackups(snap);
  const stale = staleSources(snap);
  const checks = new Map(snap.checks.map((c) => [c.id, c]));
  const rows: BaseRow[] = [];
  for (const c of snap.proxmox) {
    const isStale = stale.has(`proxmox:${c.name}`);
    for (const g of c.guests) {
      if (g.template) continue;
      const key = guestKey(c.name, g.vmid);
      const backupCheck = checks.get(`proxmox:${c.name}:backup:${g.vmid}`) ?? null;
      const search = [g.name, String(g.vmid), g.node, ...g.tags].join('\u0000').toLowerCase();
      const consoleUrl = c.endpoint ? pveConsoleUrl(c.endpoint, g) : null;
      rows.push({ key, cluster: c.name, guest: g, lastBackup: backups.get(key) ?? null, backupCheck, stale: isStale, search, consoleUrl });
    }
  }
  return rows;
});

const taskIndex = perSnapshot((snap: Snapshot) => new Map(snap.tasks.map((t) => [t.id, t])));

/** Every guest of every cluster, templates left out, with backup age, favourite and pending action. */
export function guestRows(snap: Snapshot, favourites: readonly string[], pending: Record<string, PendingAction>): GuestRow[] {
  const fav = new Set(favourites);
  const tasks = taskIndex(snap);
  return baseRows(snap).map((b) => {
    const p = pending[b.key] ?? null;
    return { ...b, favourite: fav.has(b.key), pending: p, task: p?.taskId ? (tasks.get(p.taskId) ?? null) : null };
  });
}

/** Rows that pass the search and filters, sorted; favourites first. */
export function filterGuests(rows: GuestRow[], f: GuestFilters, sort: GuestSort): GuestRow[] {
  return filterSorted(sortGuests(rows, sort), f);
}

/** Rows sorted; favourites first. Sort once per data or order change, then filter (which keeps the order) per keystroke. */
export function sortGuests(rows: GuestRow[], sort: GuestSort): GuestRow[] {
  const dir = sort.dir === 'asc' ? 1 : -1;
  const cmp = comparator(sort.key);
  return [...rows].sort((a, b) => Number(b.favourite) - Number(a.favourite) || dir * cmp(a, b) || a.guest.vmid - b.guest.vmid);
}

/** The sorted rows that pass the search and filters, in the same order. */
export function filterSorted(sorted: GuestRow[], f: GuestFilters): GuestRow[] {
  const q = f.query.trim().toLowerCase();
  if (!q && !f.node && !f.status && !f.type && !f.tag && !f.favouritesOnly) return sorted;
  return sorted.filter((r) => {
    const g = r.guest;
    if (f.node && g.node !== f.node) return false;
    if (f.status && g.status !== f.status) return false;
    if (f.type && g.type !== f.type) return false;
    if (f.tag && !g.tags.includes(f.tag)) return false;
    if (f.favouritesOnly && !r.favourite) return false;
    return !q || r.search.includes(q);
  });
}

// One collator for every sort: String.localeCompare builds locale data on each call.
const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

function comparator(key: GuestSortKey): (a: GuestRow, b: GuestRow) => number {
  const num = (v: number | null): number => (v === null ? -1 : v);
  switch (key) {
    case 'vmid':
      return (a, b) => a.guest.vmid - b.guest.vmid;
    case 'node':
      return (a, b) => collator.compare(a.guest.node, b.guest.node);
    case 'status':
      return (a, b) => collator.compare(a.guest.status, b.guest.status);
    case 'cpu':
      return (a, b) => num(a.guest.cpu) - num(b.guest.cpu);
    case 'mem':
      return (a, b) => num(a.guest.mem) - num(b.guest.mem);
    case 'backup':
      return (a, b) => num(a.lastBackup) - num(b.lastBackup);
    case 'name':
    default:
      return (a, b) => collator.compare(a.guest.name, b.guest.name);
  }
}

/** The values each guest filter can take, from the data. */
export function guestFacets(rows: GuestRow[]): { nodes: string[]; tags: string[] } {
  const nodes = new Set<string>();
  const tags = new Set<string>();
  for (const r of rows) {
    nodes.add(r.guest.node);
    r.guest.tags.forEach((t) => tags.add(t));
  }
  return { nodes: [...nodes].sort(), tags: [...tags].sort() };
}

/** Checks that need attention, worst first, then newest; computed once per snapshot. An unknown that can never be known is a note on its card, not a problem. */
export const problems = perSnapshot((snap: Snapshot): Check[] =>
  snap.checks.filter((c) => c.status !== 'ok' && !isNote(c)).sort((a, b) => statusRank(b.status) - statusRank(a.status) || (b.observedAt < a.observedAt ? -1 : b.observedAt > a.observedAt ? 1 : 0)),
);

/** How many checks have each status; notes (unknowns that can never be known) are not counted. */
export function statusCounts(checks: Check[]): Record<Status, number> {
  const out: Record<Status, number> = { ok: 0, warn: 0, crit: 0, unknown: 0 };
  for (const c of checks) if (!isNote(c)) out[c.status] += 1;
  return out;
}

/** Where a check leads: the view that shows its target, and a search for it. */
export function checkLink(c: Check): { view: ViewId; query?: string; anchor?: string } {
  const target = c.target ?? c.source;
  if (/^guest:/.test(target)) return { view: 'guests', query: target.split('/').pop() };
  if (/backup/.test(c.id) || /^backup:/.test(target)) return { view: 'backups' };
  if (/^(peer:|tailscale)/.test(target) || c.source === 'tailscale') return { view: 'network' };
  if (/^(kubernetes:|pod:|kube)/.test(target) || c.source.startsWith('kubernetes:')) return { view: 'kubernetes' };
  if (/^task:/.test(target)) return { view: 'tasks' };
  if (/^node:/.test(target)) return { view: 'overview', anchor: `node-${target.slice(5)}` };
  if (/^host:/.test(target)) return { view: 'overview', anchor: `host-${target.slice(5)}` };
  return { view: 'overview' };
}

/**
 * The checks a node's card answers for: the node's own (state, disks), its
 * storages, and those of the host entries that are the same machine
 * (node_exporter through the metrics server, an SSH host).
 */
export function nodeCardChecks(snap: Snapshot, cluster: string, node: PveNode): Check[] {
  const targets = new Set([`node:${node.name}`, ...(node.hosts ?? []).map((h) => `host:${h}`)]);
  const storage = `storage:${node.name}/`;
  const own = `proxmox:${cluster}:node:${node.name}:`;
  return snap.checks.filter((c) => (c.target !== undefined && (targets.has(c.target) || (c.source === `proxmox:${cluster}` && c.target.startsWith(storage)))) || c.id.startsWith(own));
}

/** A node card's colour and what it lists (see shared/card-status.ts). */
export function nodeCard(snap: Snapshot, cluster: string, node: PveNode): CardState<Check> {
  return cardState(nodeCardChecks(snap, cluster, node));
}

/** A host card's colour and what it lists: the checks about that host, as the problem list shows them. */
export function hostCard(snap: Snapshot, host: string): CardState<Check> {
  return cardState(snap.checks.filter((c) => c.target === `host:${host}`));
}

/** Host entries that are a Proxmox node: their figures and checks are on the node's card, not a card of their own. */
export const hostsOnNodes = perSnapshot((snap: Snapshot): Set<string> => new Set(snap.proxmox.flatMap((c) => c.nodes.flatMap((n) => n.hosts ?? []))));

/** A row's backup freshness: the core's check when there is one, else the age against the default limits (the core's own rule). */
export function rowFreshness(r: Pick<GuestRow, 'lastBackup' | 'backupCheck'>, nowMs: number): Status {
  if (r.backupCheck) return r.backupCheck.status;
  return backupAgeStatus(r.lastBackup === null ? null : backupAgeHours(r.lastBackup, nowMs / 1000));
}

export function runningTasks(snap: Snapshot): TaskInfo[] {
  return snap.tasks.filter((t) => t.state === 'running');
}

/** Backup history newest first across clusters. */
export function backupHistory(snap: Snapshot): (BackupVolume & { cluster: string })[] {
  return snap.proxmox.flatMap((c) => c.backups.map((b) => ({ ...b, cluster: c.name }))).sort((a, b) => b.ctime - a.ctime);
}

/** Whether a source's data is old (its last read failed). */
export function isStale(snap: Snapshot, sourceId: string): boolean {
  return snap.sources.some((s) => s.id === sourceId && s.stale);
}

/** Backup freshness rows, worst first (crit, warn, unknown, ok), then the oldest (or never backed up) first. */
export function freshnessRows(snap: Snapshot, nowMs: number): (GuestRow & { freshness: Status })[] {
  return guestRows(snap, [], {})
    .map((r) => ({ ...r, freshness: rowFreshness(r, nowMs) }))
    .sort((a, b) => statusRank(b.freshness) - statusRank(a.freshness) || (a.lastBackup ?? -Infinity) - (b.lastBackup ?? -Infinity) || a.key.localeCompare(b.key));
}
