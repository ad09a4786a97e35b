import type { StoreApi } from 'zustand/vanilla';
import type { LabApi } from '../../shared/api';
import type { LabConfig } from '../../shared/config';
import type { LanguageChoice } from '../../shared/language';
import { defaultPrefs, type UserPrefs } from '../../shared/snapshot';
import { languageChoice, savedFavourites, themeChoice } from './selectors';
import type { LabState } from './store';
import { LEGACY_KEY } from './window-state';

/** The one LabApi method these need. */
export type PrefsApi = Pick<LabApi, 'savePrefs'>;

/**
 * The user's preferences (favourites, language, theme) are saved through the
 * core (`savePrefs`, the config's `ui` section), so the tray and notifications
 * follow the window at once. The window shows a choice immediately while it
 * is on its way (LabState.prefsPending) and reads it back from the snapshot.
 */
export async function savePrefs(api: PrefsApi, store: StoreApi<LabState>, patch: Partial<UserPrefs>, failedTitle: string): Promise<void> {
  store.getState().markPrefsPending(patch);
  try {
    await api.savePrefs(patch);
  } catch (err) {
    const s = store.getState();
    s.failPrefsPending(patch);
    s.pushNotice({ id: `prefs-${Date.now()}`, level: 'warn', title: failedTitle, body: err instanceof Error ? err.message : String(err), at: new Date().toISOString() });
  }
}

/** The preferences the window itself changes (the favourite tag is set in the config file). */
type WindowPrefs = Pick<UserPrefs, 'favourites' | 'language' | 'theme'>;

/** Stars or unstars a guest (`cluster/vmid`), starting from the favourites as the window shows them now. */
export function toggleFavourite(api: PrefsApi, store: StoreApi<LabState>, key: string, failedTitle: string): Promise<void> {
  const now = savedFavourites(store.getState());
  const favourites = now.includes(key) ? now.filter((k) => k !== key) : [...now, key];
  return savePrefs(api, store, { favourites }, failedTitle);
}

/** The preferences as the window shows them now (a save on its way included); for one-off reads, not for a store subscription. */
export function currentPrefs(s: LabState): UserPrefs {
  return { favourites: [...savedFavourites(s)], favouriteTag: s.snapshot.prefs.favouriteTag, language: languageChoice(s), theme: themeChoice(s) };
}

/**
 * A config read earlier (Settings keeps one) with the preferences as they are
 * now, so saving another setting never puts back an old language or the
 * favourites of before. Fields that already agree are left as they are.
 */
export function withSavedPrefs(config: LabConfig, prefs: WindowPrefs): LabConfig {
  const ui = { ...config.ui };
  let changed = false;
  if (!sameList(ui.favourites ?? defaultPrefs.favourites, prefs.favourites)) {
    ui.favourites = prefs.favourites;
    changed = true;
  }
  if ((ui.language ?? defaultPrefs.language) !== prefs.language) {
    ui.language = prefs.language;
    changed = true;
  }
  if ((ui.theme ?? defaultPrefs.theme) !== prefs.theme) {
    ui.theme = prefs.theme;
    changed = true;
  }
  return changed ? { ...config, ui } : config;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Preferences an earlier version kept in localStorage, as far as they are still valid. */
export interface LegacyPrefs {
  favourites?: string[];
  language?: LanguageChoice;
  theme?: UserPrefs['theme'];
}

const GUEST_KEY = /^[A-Za-z0-9_.-]+\/\d+$/;

/** The preferences under the old localStorage key, or null when there is nothing to migrate. */
export function readLegacyPrefs(storage: Pick<Storage, 'getItem'>): LegacyPrefs | null {
  const raw = storage.getItem(LEGACY_KEY);
  if (!raw) return null;
  let p: Record<string, unknown>;
  try {
    p = JSON.parse(raw) as Record<string, unknown>;
  } catch (err) {
    console.warn('labtray: the old saved preferences are unreadable; nothing to migrate', err);
    return {};
  }
  const out: LegacyPrefs = {};
  if (Array.isArray(p.favourites)) out.favourites = p.favourites.filter((f): f is string => typeof f === 'string' && GUEST_KEY.test(f));
  if (p.language === 'en' || p.language === 'zh-CN' || p.language === 'system') out.language = p.language;
  if (p.theme === 'light' || p.theme === 'dark' || p.theme === 'system') out.theme = p.theme;
  return out;
}

/** What to send: each old choice the config does not have yet (the config still holds the default). */
export function migrationPatch(legacy: LegacyPrefs, saved: WindowPrefs): Partial<UserPrefs> {
  const patch: Partial<UserPrefs> = {};
  if (legacy.favourites?.length && saved.favourites.length === 0) patch.favourites = legacy.favourites;
  if (legacy.language && legacy.language !== 'system' && saved.language === 'system') patch.language = legacy.language;
  if (legacy.theme && legacy.theme !== 'system' && saved.theme === 'system') patch.theme = legacy.theme;
  return patch;
}

/**
 * Moves the old localStorage preferences into the config once: waits for the
 * first snapshot built from the config, sends what the config lacks, then
 * drops the old entry. A failed save keeps the entry for the next start.
 */
export function migrateLegacyPrefs(api: PrefsApi, store: StoreApi<LabState>, storage: Pick<Storage, 'getItem' | 'removeItem'>): () => void {
  const legacy = readLegacyPrefs(storage);
  if (!legacy) return () => undefined;
  const run = async (saved: UserPrefs): Promise<void> => {
    const patch = migrationPatch(legacy, saved);
    try {
      if (Object.keys(patch).length) await api.savePrefs(patch);
      storage.removeItem(LEGACY_KEY);
    } catch (err) {
      console.warn('labtray: could not move the saved preferences into the config; trying again at the next start', err);
    }
  };
  const ready = (s: LabState): boolean => s.snapshot.version > 0;
  if (ready(store.getState())) {
    void run(store.getState().snapshot.prefs);
    return () => undefined;
  }
  const off = store.subscribe((s) => {
    if (!ready(s)) return;
    off();
    void run(s.snapshot.prefs);
  });
  return off;
}
