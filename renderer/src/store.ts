import { createStore, type StoreApi } from 'zustand/vanilla';
import { emptySnapshot, type Snapshot, type UserPrefs } from '../../shared/snapshot';
import type { GuestAction, GuestStatus, GuestType } from '../../shared/proxmox';
import type { Notice } from '../../shared/tasks';
import type { Connection } from './api';

export type ViewId = 'overview' | 'guests' | 'network' | 'kubernetes' | 'backups' | 'tasks' | 'power' | 'settings';
export const viewIds: ViewId[] = ['overview', 'guests', 'network', 'kubernetes', 'backups', 'tasks', 'power', 'settings'];

export type GuestSortKey = 'name' | 'vmid' | 'node' | 'status' | 'cpu' | 'mem' | 'backup';

export interface GuestFilters {
  query: string;
  node: string;
  status: GuestStatus | '';
  type: GuestType | '';
  tag: string;
  favouritesOnly: boolean;
}

/** The guest list's order. */
export interface GuestSort {
  key: GuestSortKey;
  dir: 'asc' | 'desc';
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
  /** When the core last answered or pushed something (ms), null before it ever did. */
  lastContactAt: number | null;
  /** False while the core has stopped answering the heartbeat (busy, or gone with the socket still open). */
  coreAnswering: boolean;
  notices: Notice[];
  /** The window's own choices (kept in localStorage, see window-state.ts): the view shown, the guest list's order and filters. */
  view: ViewId;
  guestSort: GuestSort;
  guestFilters: GuestFilters;
  /**
   * Preferences being saved (favourites, language, theme): shown at once and
   * dropped when a snapshot carries the same value or the save fails. The
   * saved preferences themselves are read from `snapshot.prefs` (see selectors).
   */
  prefsPending: Partial<UserPrefs>;
  /** Selected guests by key `cluster/vmid`. */
  selection: string[];
  /** Optimistic actions by guest key. */
  pending: Record<string, PendingAction>;
  /** What `#focus=` (or a link) asked to show: `guest:home/100`, `node:home/gtr5`; seq changes on every request. */
  focus: { target: string; seq: number } | null;
  setSnapshot(s: Snapshot): void;
  setConnection(c: Connection): void;
  /** The core answered (a ping, a call) or pushed an event at `at` (ms). */
  markContact(at: number): void;
  setCoreAnswering(answering: boolean): void;
  pushNotice(n: Notice): void;
  dismissNotice(id: string): void;
  setView(v: ViewId): void;
  setGuestSort(s: GuestSort): void;
  setGuestFilters(f: Partial<GuestFilters>): void;
  /** Marks preferences as being saved. */
  markPrefsPending(p: Partial<UserPrefs>): void;
  /** Forgets a save that failed: each field only while it still holds the value that was sent. */
  failPrefsPending(p: Partial<UserPrefs>): void;
  setSelection(keys: string[]): void;
  toggleSelected(key: string): void;
  markPending(keys: string[], action: GuestAction, taskIds: (string | null)[]): void;
  failPending(keys: string[], error: string): void;
  clearPending(key: string): void;
  setFocus(target: string | null): void;
}

/** What the window restores on start. */
export interface WindowState {
  view: ViewId;
  guestSort: GuestSort;
  guestFilters: GuestFilters;
}

export const defaultFilters: GuestFilters = { query: '', node: '', status: '', type: '', tag: '', favouritesOnly: false };
export const defaultWindowState: WindowState = { view: 'overview', guestSort: { key: 'name', dir: 'asc' }, guestFilters: defaultFilters };

const MAX_NOTICES = 5;

export function createLabStore(initial: WindowState = defaultWindowState): StoreApi<LabState> {
  return createStore<LabState>()((set) => ({
    snapshot: emptySnapshot(),
    connection: 'connecting',
    lastContactAt: null,
    coreAnswering: true,
    notices: [],
    view: initial.view,
    guestSort: initial.guestSort,
    guestFilters: initial.guestFilters,
    prefsPending: {},
    selection: [],
    pending: {},
    focus: null,
    setSnapshot: (snapshot) =>
      set((s) =>
        snapshot.version < s.snapshot.version && snapshot.takenAt <= s.snapshot.takenAt
          ? s
          : { snapshot, pending: settlePending(s.pending, snapshot), prefsPending: settlePrefs(s.prefsPending, snapshot.prefs) },
      ),
    setConnection: (connection) => set({ connection }),
    markContact: (at) => set((s) => (s.lastContactAt !== null && s.lastContactAt >= at && s.coreAnswering ? s : { lastContactAt: Math.max(at, s.lastContactAt ?? 0), coreAnswering: true })),
    setCoreAnswering: (coreAnswering) => set((s) => (s.coreAnswering === coreAnswering ? s : { coreAnswering })),
    pushNotice: (n) => set((s) => ({ notices: [n, ...s.notices.filter((o) => o.id !== n.id)].slice(0, MAX_NOTICES) })),
    dismissNotice: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
    setView: (view) => set({ view }),
    setGuestSort: (guestSort) => set({ guestSort }),
    setGuestFilters: (f) => set((s) => ({ guestFilters: { ...s.guestFilters, ...f } })),
    markPrefsPending: (p) => set((s) => ({ prefsPending: { ...s.prefsPending, ...p } })),
    failPrefsPending: (p) =>
      set((s) => {
        const next = { ...s.prefsPending };
        for (const k of prefKeys) if (p[k] !== undefined && next[k] === p[k]) delete next[k];
        return { prefsPending: next };
      }),
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

const prefKeys = ['favourites', 'language', 'theme'] as const;

/** Drops the pending preferences a snapshot now carries (same value), keeping those still on their way. */
export function settlePrefs(pending: Partial<UserPrefs>, saved: UserPrefs): Partial<UserPrefs> {
  let next: Partial<UserPrefs> | null = null;
  for (const k of prefKeys) {
    const v = pending[k];
    if (v === undefined || !samePref(v, saved[k])) continue;
    next ??= { ...pending };
    delete next[k];
  }
  return next ?? pending;
}

function samePref(a: UserPrefs[keyof UserPrefs], b: UserPrefs[keyof UserPrefs]): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => x === b[i]);
  return a === b;
}
