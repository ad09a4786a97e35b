import { createStore, type StoreApi } from 'zustand/vanilla';
import { emptySnapshot, type Snapshot } from '../../shared/snapshot';
import type { GuestAction, GuestStatus, GuestType } from '../../shared/proxmox';
import type { Notice } from '../../shared/tasks';
import type { Connection } from './api';

export type ViewId = 'overview' | 'guests' | 'network' | 'kubernetes' | 'backups' | 'tasks' | 'settings';
export const viewIds: ViewId[] = ['overview', 'guests', 'network', 'kubernetes', 'backups', 'tasks', 'settings'];

export type GuestSortKey = 'name' | 'vmid' | 'node' | 'status' | 'cpu' | 'mem' | 'backup';

export interface GuestFilters {
  query: string;
  node: string;
  status: GuestStatus | '';
  type: GuestType | '';
  tag: string;
  favouritesOnly: boolean;
}

/** What the user chose; kept across restarts. */
export interface Prefs {
  view: ViewId;
  language: 'system' | 'en' | 'zh-CN';
  theme: 'system' | 'light' | 'dark';
  favourites: string[];
  guestSort: { key: GuestSortKey; dir: 'asc' | 'desc' };
}

/** An action the user asked for that the snapshot does not show yet. */
export interface PendingAction {
  action: GuestAction;
  taskId: string | null;
  error: string | null;
}

export interface LabState {
  snapshot: Snapshot;
  connection: Connection;
  notices: Notice[];
  prefs: Prefs;
  guestFilters: GuestFilters;
  /** Selected guests by key `cluster/vmid`. */
  selection: string[];
  /** Optimistic actions by guest key. */
  pending: Record<string, PendingAction>;
  /** What `#focus=` (or a link) asked to show: `guest:home/100`, `node:home/gtr5`; seq changes on every request. */
  focus: { target: string; seq: number } | null;
  setSnapshot(s: Snapshot): void;
  setConnection(c: Connection): void;
  pushNotice(n: Notice): void;
  dismissNotice(id: string): void;
  setView(v: ViewId): void;
  setPrefs(p: Partial<Prefs>): void;
  toggleFavourite(key: string): void;
  setGuestFilters(f: Partial<GuestFilters>): void;
  setSelection(keys: string[]): void;
  toggleSelected(key: string): void;
  markPending(keys: string[], action: GuestAction, taskIds: (string | null)[]): void;
  failPending(keys: string[], error: string): void;
  clearPending(key: string): void;
  setFocus(target: string | null): void;
}

export const defaultPrefs: Prefs = { view: 'overview', language: 'system', theme: 'system', favourites: [], guestSort: { key: 'name', dir: 'asc' } };
export const defaultFilters: GuestFilters = { query: '', node: '', status: '', type: '', tag: '', favouritesOnly: false };

const MAX_NOTICES = 5;

export function createLabStore(prefs: Prefs = defaultPrefs): StoreApi<LabState> {
  return createStore<LabState>()((set) => ({
    snapshot: emptySnapshot(),
    connection: 'connecting',
    notices: [],
    prefs,
    guestFilters: defaultFilters,
    selection: [],
    pending: {},
    focus: null,
    setSnapshot: (snapshot) =>
      set((s) => (snapshot.version < s.snapshot.version && snapshot.takenAt <= s.snapshot.takenAt ? s : { snapshot, pending: settlePending(s.pending, snapshot) })),
    setConnection: (connection) => set({ connection }),
    pushNotice: (n) => set((s) => ({ notices: [n, ...s.notices.filter((o) => o.id !== n.id)].slice(0, MAX_NOTICES) })),
    dismissNotice: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
    setView: (view) => set((s) => ({ prefs: { ...s.prefs, view } })),
    setPrefs: (p) => set((s) => ({ prefs: { ...s.prefs, ...p } })),
    toggleFavourite: (key) =>
      set((s) => ({ prefs: { ...s.prefs, favourites: s.prefs.favourites.includes(key) ? s.prefs.favourites.filter((k) => k !== key) : [...s.prefs.favourites, key] } })),
    setGuestFilters: (f) => set((s) => ({ guestFilters: { ...s.guestFilters, ...f } })),
    setSelection: (selection) => set({ selection }),
    toggleSelected: (key) => set((s) => ({ selection: s.selection.includes(key) ? s.selection.filter((k) => k !== key) : [...s.selection, key] })),
    markPending: (keys, action, taskIds) =>
      set((s) => {
        const pending = { ...s.pending };
        keys.forEach((k, i) => (pending[k] = { action, taskId: taskIds[i] ?? null, error: null }));
        return { pending };
      }),
    failPending: (keys, error) =>
      set((s) => {
        const pending = { ...s.pending };
        for (const k of keys) if (pending[k]) pending[k] = { ...pending[k], error };
        return { pending };
      }),
    clearPending: (key) =>
      set((s) => {
        const pending = { ...s.pending };
        delete pending[key];
        return { pending };
      }),
    setFocus: (target) => set((s) => ({ focus: target ? { target, seq: (s.focus?.seq ?? 0) + 1 } : null })),
  }));
}

const expected: Record<GuestAction, GuestStatus[]> = {
  start: ['running'],
  resume: ['running'],
  reboot: ['running'],
  shutdown: ['stopped'],
  stop: ['stopped'],
  suspend: ['paused', 'suspended'],
};
// After a task ends the source is re-read; this bounds the wait for that read.
const SETTLE_MS = 30_000;

/**
 * Drops optimistic entries once the snapshot shows their result (task ended and
 * the guest in the expected state); failed ones stay, with the error, until dismissed.
 */
export function settlePending(pending: Record<string, PendingAction>, snap: Snapshot): Record<string, PendingAction> {
  let changed = false;
  const next: Record<string, PendingAction> = {};
  for (const [key, p] of Object.entries(pending)) {
    const task = p.taskId ? snap.tasks.find((t) => t.id === p.taskId) : undefined;
    if (task && task.state === 'ok') {
      const [cluster, vmid] = key.split('/');
      const guest = snap.proxmox.find((c) => c.name === cluster)?.guests.find((g) => String(g.vmid) === vmid);
      const settled = !guest || expected[p.action].includes(guest.status) || (task.endedAt !== null && Date.parse(snap.takenAt) - Date.parse(task.endedAt) > SETTLE_MS);
      if (settled) {
        changed = true;
        continue;
      }
    }
    if (task && task.state === 'error' && !p.error) {
      next[key] = { ...p, error: task.message ?? 'failed' };
      changed = true;
      continue;
    }
    next[key] = p;
  }
  return changed ? next : pending;
}

const PREFS_KEY = 'labtray.prefs';

export function loadPrefs(storage: Pick<Storage, 'getItem'>): Prefs {
  try {
    const raw = storage.getItem(PREFS_KEY);
    if (!raw) return defaultPrefs;
    const p = JSON.parse(raw) as Partial<Prefs>;
    return {
      view: p.view && viewIds.includes(p.view) ? p.view : defaultPrefs.view,
      language: p.language === 'en' || p.language === 'zh-CN' ? p.language : 'system',
      theme: p.theme === 'light' || p.theme === 'dark' ? p.theme : 'system',
      favourites: Array.isArray(p.favourites) ? p.favourites.filter((f): f is string => typeof f === 'string') : [],
      guestSort: p.guestSort && typeof p.guestSort.key === 'string' ? p.guestSort : defaultPrefs.guestSort,
    };
  } catch (err) {
    console.warn('labtray: saved preferences are unreadable; using defaults', err);
    return defaultPrefs;
  }
}

export function savePrefs(storage: Pick<Storage, 'setItem'>, prefs: Prefs): void {
  storage.setItem(PREFS_KEY, JSON.stringify(prefs));
}
