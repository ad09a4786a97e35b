import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LabError, type LabInput } from '../../../shared/api';
import type { LabConfig } from '../../../shared/config';
import { defaultPrefs, emptySnapshot, type Snapshot, type UserPrefs } from '../../../shared/snapshot';
import { migrateLegacyPrefs, migrationPatch, readLegacyPrefs, savePrefs, toggleFavourite, withSavedPrefs, type PrefsApi } from '../../../renderer/src/prefs';
import { languageChoice, savedFavourites, themeChoice } from '../../../renderer/src/selectors';
import { createLabStore, defaultWindowState, settlePrefs } from '../../../renderer/src/store';
import { LEGACY_KEY, loadWindowState, saveWindowState } from '../../../renderer/src/window-state';

const snapshotWith = (prefs: Partial<UserPrefs>, version = 3): Snapshot => ({ ...emptySnapshot(), version, takenAt: `2026-11-27T12:00:0${version}.000Z`, prefs: { ...defaultPrefs, ...prefs } });

/** A core that records what it was asked to save; `fail` makes the next save fail. */
function fakeCore(): PrefsApi & { sent: LabInput<'savePrefs'>[]; fail: Error | null } {
  const core = {
    sent: [] as LabInput<'savePrefs'>[],
    fail: null as Error | null,
    savePrefs: (p: LabInput<'savePrefs'>): Promise<null> => {
      core.sent.push(p);
      const err = core.fail;
      core.fail = null;
      return err ? Promise.reject(err) : Promise.resolve(null);
    },
  };
  return core;
}

function memoryStorage(init: Record<string, string> = {}): Storage & { data: Map<string, string> } {
  const data = new Map(Object.entries(init));
  return {
    data,
    get length() {
      return data.size;
    },
    clear: () => data.clear(),
    key: (i: number) => [...data.keys()][i] ?? null,
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    removeItem: (k: string) => void data.delete(k),
  };
}

describe('favourites, language and theme come from the snapshot', () => {
  it('reads them from snapshot.prefs, the config the tray reads too', () => {
    const store = createLabStore();
    store.getState().setSnapshot(snapshotWith({ favourites: ['home/101'], language: 'zh-CN', theme: 'dark' }));
    assert.deepEqual(savedFavourites(store.getState()), ['home/101']);
    assert.equal(languageChoice(store.getState()), 'zh-CN');
    assert.equal(themeChoice(store.getState()), 'dark');
  });

  it('follows a change made elsewhere (the tray, the config file) with the next snapshot', () => {
    const store = createLabStore();
    store.getState().setSnapshot(snapshotWith({ favourites: ['home/101'] }, 3));
    store.getState().setSnapshot(snapshotWith({ favourites: [] }, 4));
    assert.deepEqual(savedFavourites(store.getState()), []);
  });

  it('returns the same array while nothing changes, so a subscribed view does not re-render', () => {
    const store = createLabStore();
    store.getState().setSnapshot(snapshotWith({ favourites: ['home/101'] }));
    assert.equal(savedFavourites(store.getState()), savedFavourites(store.getState()));
  });
});

describe('saving a preference through the core', () => {
  it('shows a star at once, sends the whole list with savePrefs, and lets the snapshot take over', async () => {
    const core = fakeCore();
    const store = createLabStore();
    store.getState().setSnapshot(snapshotWith({ favourites: ['home/100'] }, 3));
    const saving = toggleFavourite(core, store, 'home/102', 'not saved');
    assert.deepEqual(savedFavourites(store.getState()), ['home/100', 'home/102'], 'shown before the core answers');
    await saving;
    assert.deepEqual(core.sent, [{ favourites: ['home/100', 'home/102'] }]);
    store.getState().setSnapshot(snapshotWith({ favourites: ['home/100', 'home/102'] }, 4));
    assert.deepEqual(store.getState().prefsPending, {}, 'the snapshot carries it now');
    assert.deepEqual(savedFavourites(store.getState()), ['home/100', 'home/102']);
  });

  it('keeps two quick stars: the second starts from the first, not from the last snapshot', async () => {
    const core = fakeCore();
    const store = createLabStore();
    store.getState().setSnapshot(snapshotWith({}));
    await Promise.all([toggleFavourite(core, store, 'home/100', 'x'), toggleFavourite(core, store, 'home/101', 'x')]);
    assert.deepEqual(core.sent.at(-1), { favourites: ['home/100', 'home/101'] });
    // A snapshot that has only the first save does not undo the second.
    store.getState().setSnapshot(snapshotWith({ favourites: ['home/100'] }, 4));
    assert.deepEqual(savedFavourites(store.getState()), ['home/100', 'home/101']);
  });

  it('unstars a guest', async () => {
    const core = fakeCore();
    const store = createLabStore();
    store.getState().setSnapshot(snapshotWith({ favourites: ['home/100', 'home/101'] }));
    await toggleFavourite(core, store, 'home/100', 'x');
    assert.deepEqual(core.sent, [{ favourites: ['home/101'] }]);
  });

  it('puts the saved value back and says so when the core refuses', async () => {
    const core = fakeCore();
    core.fail = new LabError('config', 'the config file is not writable');
    const store = createLabStore();
    store.getState().setSnapshot(snapshotWith({ language: 'en' }));
    await savePrefs(core, store, { language: 'zh-CN' }, 'Your choice could not be saved');
    assert.equal(languageChoice(store.getState()), 'en');
    assert.deepEqual(store.getState().notices.map((n) => [n.title, n.body]), [['Your choice could not be saved', 'the config file is not writable']]);
  });

  it('a late failure does not undo a newer choice', async () => {
    let reject: (e: Error) => void = () => undefined;
    const slow: PrefsApi = { savePrefs: () => new Promise((_ok, no) => (reject = no)) };
    const store = createLabStore();
    const first = savePrefs(slow, store, { theme: 'dark' }, 'x');
    store.getState().markPrefsPending({ theme: 'light' });
    reject(new Error('gone'));
    await first;
    assert.equal(themeChoice(store.getState()), 'light');
  });

  it('settles only the fields the snapshot now agrees with', () => {
    const pending: Partial<UserPrefs> = { favourites: ['home/100'], language: 'zh-CN' };
    assert.deepEqual(settlePrefs(pending, { ...defaultPrefs, favourites: ['home/100'] }), { language: 'zh-CN' });
    assert.equal(settlePrefs(pending, defaultPrefs), pending, 'nothing settled: the same object');
    assert.deepEqual(settlePrefs({ favourites: ['a/1', 'a/2'] }, { ...defaultPrefs, favourites: ['a/2', 'a/1'] }), { favourites: ['a/1', 'a/2'] }, 'order matters: favourites are listed in the order starred');
  });
});

describe('the old localStorage preferences, moved into the config once', () => {
  const old = JSON.stringify({ view: 'guests', language: 'zh-CN', theme: 'dark', favourites: ['home/101', 'guest:home/9', 7], guestSort: { key: 'vmid', dir: 'desc' } });

  it('reads what is still valid: guest keys as cluster/vmid, a known language and theme', () => {
    assert.deepEqual(readLegacyPrefs(memoryStorage({ [LEGACY_KEY]: old })), { favourites: ['home/101'], language: 'zh-CN', theme: 'dark' });
    assert.equal(readLegacyPrefs(memoryStorage()), null);
    assert.deepEqual(readLegacyPrefs(memoryStorage({ [LEGACY_KEY]: '{not json' })), {});
  });

  it('sends only what the config does not have yet', () => {
    const legacy = { favourites: ['home/101'], language: 'zh-CN' as const, theme: 'dark' as const };
    assert.deepEqual(migrationPatch(legacy, defaultPrefs), legacy);
    assert.deepEqual(migrationPatch(legacy, { favourites: ['home/100'], language: 'en', theme: 'system' }), { theme: 'dark' });
    assert.deepEqual(migrationPatch({ language: 'system', favourites: [] }, defaultPrefs), {});
  });

  it('waits for a snapshot built from the config, sends once, then drops the old entry', async () => {
    const core = fakeCore();
    const store = createLabStore();
    const storage = memoryStorage({ [LEGACY_KEY]: old });
    migrateLegacyPrefs(core, store, storage);
    store.getState().setSnapshot(snapshotWith({}, 0));
    assert.deepEqual(core.sent, [], 'a placeholder snapshot (version 0) may be a cache: not yet');
    store.getState().setSnapshot(snapshotWith({}, 1));
    store.getState().setSnapshot(snapshotWith({}, 2));
    await new Promise((ok) => setImmediate(ok));
    assert.deepEqual(core.sent, [{ favourites: ['home/101'], language: 'zh-CN', theme: 'dark' }]);
    assert.equal(storage.getItem(LEGACY_KEY), null);
  });

  it('drops the old entry without a save when the config already has the choices', async () => {
    const core = fakeCore();
    const store = createLabStore();
    store.getState().setSnapshot(snapshotWith({ favourites: ['home/100'], language: 'en', theme: 'light' }, 5));
    const storage = memoryStorage({ [LEGACY_KEY]: old });
    migrateLegacyPrefs(core, store, storage);
    await new Promise((ok) => setImmediate(ok));
    assert.deepEqual(core.sent, []);
    assert.equal(storage.getItem(LEGACY_KEY), null);
  });

  it('keeps the old entry for the next start when the save fails', async () => {
    const core = fakeCore();
    core.fail = new Error('config not writable');
    const store = createLabStore();
    store.getState().setSnapshot(snapshotWith({}, 5));
    const storage = memoryStorage({ [LEGACY_KEY]: old });
    migrateLegacyPrefs(core, store, storage);
    await new Promise((ok) => setImmediate(ok));
    assert.equal(core.sent.length, 1);
    assert.equal(storage.getItem(LEGACY_KEY), old);
  });
});

describe('a settings save made after a star or a language change', () => {
  const config: LabConfig = { ui: { startAtLogin: true, language: 'en' } };

  it('carries the preferences as they are now, not the copy Settings read earlier', () => {
    const next = withSavedPrefs(config, { favourites: ['home/101'], language: 'zh-CN', theme: 'system' });
    assert.deepEqual(next.ui, { startAtLogin: true, language: 'zh-CN', favourites: ['home/101'] });
  });

  it('leaves the config as it is when it already agrees', () => {
    assert.equal(withSavedPrefs(config, { favourites: [], language: 'en', theme: 'system' }), config);
  });
});

describe('what the window keeps for itself in localStorage', () => {
  it('keeps the view, the sort and the filters, not the search text nor any preference', () => {
    const storage = memoryStorage();
    saveWindowState(storage, { view: 'backups', guestSort: { key: 'mem', dir: 'desc' }, guestFilters: { ...defaultWindowState.guestFilters, query: 'jelly', node: 'gtr5', favouritesOnly: true } });
    const saved = JSON.parse(storage.getItem('labtray.window') ?? '{}') as Record<string, unknown>;
    assert.deepEqual(Object.keys(saved).sort(), ['guestFilters', 'guestSort', 'view']);
    const back = loadWindowState(storage);
    assert.equal(back.view, 'backups');
    assert.deepEqual(back.guestSort, { key: 'mem', dir: 'desc' });
    assert.deepEqual(back.guestFilters, { ...defaultWindowState.guestFilters, node: 'gtr5', favouritesOnly: true });
  });

  it('takes the view and sort an earlier version saved, and falls back to defaults for damaged or foreign values', () => {
    assert.equal(loadWindowState(memoryStorage({ [LEGACY_KEY]: JSON.stringify({ view: 'guests', guestSort: { key: 'vmid', dir: 'desc' } }) })).view, 'guests');
    assert.deepEqual(loadWindowState(memoryStorage({ 'labtray.window': '{not json' })), defaultWindowState);
    const foreign = loadWindowState(memoryStorage({ 'labtray.window': JSON.stringify({ view: 'shell', guestSort: { key: 'rm -rf', dir: 'up' }, guestFilters: { status: 'exploded', type: 'vm' } }) }));
    assert.deepEqual(foreign, defaultWindowState);
  });
});
