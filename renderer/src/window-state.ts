import { defaultFilters, defaultWindowState, viewIds, type GuestFilters, type GuestSort, type WindowState } from './store';
import type { GuestStatus, GuestType } from '../../shared/proxmox';

/**
 * What belongs to this window alone and is kept in localStorage: the view
 * shown, the guest list's order and its filters (not the search text, which
 * would hide guests unexpectedly after a restart). The user's preferences
 * (favourites, language, theme) are not here: they live in the config and
 * come with every snapshot.
 */
const KEY = 'labtray.window';
/** Where earlier versions kept everything, preferences included; read once for the view and order, then removed after the migration (prefs.ts). */
export const LEGACY_KEY = 'labtray.prefs';

const sortKeys = ['name', 'vmid', 'node', 'status', 'cpu', 'mem', 'backup'];
const statuses: readonly GuestStatus[] = ['running', 'stopped', 'paused', 'suspended', 'unknown'];
const types: readonly GuestType[] = ['qemu', 'lxc'];

function parse(raw: string | null): Record<string, unknown> | null {
  if (!raw) return null;
  try {
    const v: unknown = JSON.parse(raw);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch (err) {
    console.warn('labtray: saved window state is unreadable; using defaults', err);
    return null;
  }
}

function sortOf(v: unknown): GuestSort {
  const s = v as Partial<GuestSort> | null;
  return s && typeof s === 'object' && typeof s.key === 'string' && sortKeys.includes(s.key) && (s.dir === 'asc' || s.dir === 'desc') ? { key: s.key, dir: s.dir } : defaultWindowState.guestSort;
}

function filtersOf(v: unknown): GuestFilters {
  const f = (v && typeof v === 'object' ? v : {}) as Record<string, unknown>;
  const str = (x: unknown): string => (typeof x === 'string' ? x : '');
  return {
    ...defaultFilters,
    node: str(f.node),
    tag: str(f.tag),
    status: statuses.includes(f.status as GuestStatus) ? (f.status as GuestStatus) : '',
    type: types.includes(f.type as GuestType) ? (f.type as GuestType) : '',
    favouritesOnly: f.favouritesOnly === true,
  };
}

/** The window state saved last, or what an earlier version saved (its view and order), or the defaults. */
export function loadWindowState(storage: Pick<Storage, 'getItem'>): WindowState {
  const saved = parse(storage.getItem(KEY)) ?? parse(storage.getItem(LEGACY_KEY));
  if (!saved) return defaultWindowState;
  return {
    view: viewIds.includes(saved.view as WindowState['view']) ? (saved.view as WindowState['view']) : defaultWindowState.view,
    guestSort: sortOf(saved.guestSort),
    guestFilters: filtersOf(saved.guestFilters),
  };
}

export function saveWindowState(storage: Pick<Storage, 'setItem'>, s: WindowState): void {
  const { query: _query, ...filters } = s.guestFilters;
  storage.setItem(KEY, JSON.stringify({ view: s.view, guestSort: s.guestSort, guestFilters: filters }));
}
