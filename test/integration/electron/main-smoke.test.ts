import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire, registerHooks, syncBuiltinESMExports } from 'node:module';
import os from 'node:os';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { MenuItemConstructorOptions } from 'electron';
import { channels, labMethods, type Envelope, type LabApi, type LabMethod } from '../../../shared/api';
import type { Snapshot } from '../../../shared/snapshot';
import { trayMenu, type MenuItem } from '../../../shared/tray';
import { CACHE_FORMAT, CACHE_VERSION } from '../../../electron/core/cache';
import { labSnapshot } from '../../unit/tray/lab-snapshot';
import { ElectronRecording, installElectronStub, useRecording, type StubWindow } from '../../helpers/electron-stub/index';

/**
 * The Electron binary cannot run here, so this loads the BUILT main bundle
 * (out/main/index.js from `npx electron-vite build`) and preload against a
 * recording stub of the `electron` module, and drives it like a user would.
 */

const root = resolve(import.meta.dirname, '../../..');
const mainBundle = join(root, 'out/main/index.js');
const preloadBundle = join(root, 'out/preload/index.cjs');

installElectronStub(registerHooks as unknown as Parameters<typeof installElectronStub>[0]);

// Each `?instance=` of the main bundle is its own module graph: a chunk loaded by it (an integration,
// the demo) that imports shared code back from ../index.js gets that same instance, not a second run of main.
const outMain = pathToFileURL(join(root, 'out/main/')).href;
registerHooks({
  resolve: (specifier, context, next) => {
    const r = next(specifier, context);
    const instance = context.parentURL?.startsWith(outMain) ? new URL(context.parentURL).search : '';
    return instance && r.url.startsWith(outMain) && !r.url.includes('?') ? { ...r, url: r.url + instance } : r;
  },
});

/** The local calendar day, as the log file is named. */
const localDay = (d: Date): string => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

/** One bad input per method: wrong shapes, unknown keys, commands smuggled in. */
const badInputs: Record<LabMethod, unknown> = {
  getSnapshot: { all: true },
  ping: { echo: 'rm -rf /' },
  refresh: 'now',
  guestAction: { cluster: 'home', vmids: [100], action: 'rm -rf /' },
  startBackup: { cluster: 'home' },
  wake: { host: 'orangepi5; reboot' },
  pingPeer: { peer: '' },
  history: { cluster: 'home', node: '../../etc', timeframe: 'decade' },
  guestDetail: { cluster: 'home', vmid: '111; reboot' },
  snapshotGuest: { cluster: 'home', vmid: 111, name: 'x; rm -rf /' },
  kubeAction: { context: 'k3s-main', action: 'exec', name: 'etcd-0' },
  getSettings: { path: '/etc/shadow' },
  saveSettings: { config: { proxmox: [{ name: 'home', endpoints: ['https://127.0.0.1:8006'], tokenId: 'root@pam!labtray', tokenSecret: 'plain-text-secret' }] } },
  testConnection: { kind: 'telnet', name: 'router' },
  saveCluster: { cluster: { name: 'home', endpoints: ['http://127.0.0.1:8006'], tokenId: 'root@pam!labtray', tokenSecret: 'secret:pve-home' } },
  removeCluster: { name: 'home; rm -rf /' },
  saveHost: { host: { name: 'nas', ssh: { host: '127.0.0.1', proxyCommand: 'nc %h %p' } } },
  removeHost: { name: '--all' },
  saveTailscale: { subnetRouter: '--exec=/bin/sh', pinned: [] },
  saveKubernetes: { contexts: 'k3s-main' },
  firstRun: { choice: 'delete-config' },
  tailnetEndpoints: { probe: '10.0.0.0/8' },
  fetchCertificate: { url: 'http://127.0.0.1:8006' },
  trustCertificate: { cluster: 'home', fingerprint: 'not-a-fingerprint' },
  trustHostKey: { host: 'orangepi5', fingerprint: 'MD5:aa:bb' },
  // The renderer never names the file: a path is refused.
  sshConfigHosts: { path: '/etc/shadow' },
  savePrefs: { favourites: ['home/101; rm -rf /'] },
  setPaused: { paused: 'yes' },
  setWindowVisible: {},
  openWindow: { target: 'guests', url: 'https://example.invalid' },
  nodePower: { cluster: 'home', node: 'gtr5', action: 'poweroff' },
  openLogFolder: { path: '/etc' },
};

function labels(items: MenuItemConstructorOptions[] | MenuItem[]): unknown[] {
  return (items as (MenuItemConstructorOptions | MenuItem)[]).map((i) => {
    if ('kind' in i) return i.kind === 'separator' ? '---' : i.kind === 'submenu' ? [i.label, labels(i.items)] : i.label;
    if (i.type === 'separator') return '---';
    return Array.isArray(i.submenu) ? [i.label, labels(i.submenu)] : i.label;
  });
}

function item(menu: MenuItemConstructorOptions[], id: string): MenuItemConstructorOptions {
  for (const i of menu) {
    if (i.id === id) return i;
    if (Array.isArray(i.submenu)) {
      const found = item(i.submenu, id) as MenuItemConstructorOptions | undefined;
      if (found) return found;
    }
  }
  return undefined as unknown as MenuItemConstructorOptions;
}

function click(menu: MenuItemConstructorOptions[], id: string): void {
  const i = item(menu, id);
  assert.ok(i, `the tray menu has "${id}"`);
  (i.click as unknown as () => void)();
}

describe('Electron main bundle (against a recording electron stub)', () => {
  let dir: string;
  let rec: ElectronRecording;
  let guards = { exception: 0, rejection: 0 };
  let guardListener: ((err: Error, origin: string) => void) | undefined;
  /** The app's window (never the popover), opened from the tray's Open when none is: no test depends on another's window. */
  const theWindow = (): StubWindow => {
    const open = (): StubWindow | undefined => rec.windows.filter((w) => !w.destroyed && !String(w.loaded[0]).includes('surface=popover')).at(-1);
    if (!open()) click(rec.trays[0].menu, 'open');
    const w = open();
    assert.ok(w, 'Open made a window');
    return w;
  };
  const trusted = () => ({ sender: theWindow().webContents, senderFrame: { url: 'labtray://app/index.html', parent: null } });
  const call = async (m: LabMethod, input: unknown, event: unknown = trusted()): Promise<Envelope<unknown>> => {
    const h = rec.handlers.get(channels.invoke(m));
    assert.ok(h, `a handler for ${m}`);
    return (await h(event, input)) as Envelope<unknown>;
  };

  before(async () => {
    assert.ok(existsSync(mainBundle), 'out/main/index.js exists: run `npx electron-vite build` first');
    dir = await mkdtemp(join(tmpdir(), 'labtray-main-'));
    const config = join(dir, 'config.yaml');
    // A cluster nothing answers for (a closed port on 127.0.0.1, read once an hour): only the cache and explicit refreshes show in its state.
    await writeFile(
      config,
      'ui:\n  favourites: ["home/100"]\n  notifications: true\nbackup:\n  sets:\n    - name: important\n      vmids: [100, 111]\n' +
        `proxmox:\n  - name: home\n    endpoints: ["https://127.0.0.1:1"]\n    tokenId: "root@pam!labtray"\n    tokenSecret: "secret:smoke-pve"\n    fingerprint: "${'AB'.repeat(32)}"\n    interval: 3600000\n`,
    );
    process.env.LABTRAY_CONFIG = config;
    process.env.LABTRAY_SECRET_SMOKE_PVE = '0b0e7a2c-5d1e-4f6a-9c3b-2a1d4e5f6a7b';
    // Yesterday's snapshot of the home cluster, as the last run left it in userData.
    await mkdir(join(dir, 'cache'));
    await writeFile(join(dir, 'cache', 'snapshot.json'), JSON.stringify({ format: CACHE_FORMAT, version: CACHE_VERSION, savedAt: '2026-11-26T22:00:00.000Z', snapshot: labSnapshot({ status: 'ok' }) }));
    rec = useRecording(new ElectronRecording(dir, root));
    guards = { exception: process.listenerCount('uncaughtException'), rejection: process.listenerCount('unhandledRejection') };
    const before = new Set(process.listeners('uncaughtException'));
    await import(pathToFileURL(mainBundle).href + '?instance=first');
    guardListener = process.listeners('uncaughtException').find((l) => !before.has(l)) as typeof guardListener;
    guards = { exception: process.listenerCount('uncaughtException') - guards.exception, rejection: process.listenerCount('unhandledRejection') - guards.rejection };
    await rec.until(() => rec.trays.length === 1 && rec.trays[0].menus.length > 0, 'a tray with a menu');
  });

  after(async () => {
    delete process.env.LABTRAY_CONFIG;
    delete process.env.LABTRAY_SECRET_SMOKE_PVE;
    if (rec) {
      rec.quitCount = 0;
      (await import('../../helpers/electron-stub/index')).app.quit();
      await rec.until(() => rec.quitCount >= 2, 'quit after stopping the lab');
    }
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('keeps running through an uncaught exception or rejection (one guard each, installed at start)', () => {
    assert.deepEqual(guards, { exception: 1, rejection: 1 });
  });

  it('writes what reaches the crash guard to the day’s log file, with secret values blanked', async () => {
    assert.ok(guardListener, 'the guard listens for uncaught exceptions');
    const secret = process.env.LABTRAY_SECRET_SMOKE_PVE ?? '';
    // The cluster's client has asked for its token by now: the log knows the value to blank.
    await rec.until(() => rec.calls.includes('app.setAppLogsPath'), 'the log folder set');
    guardListener(new Error(`boom in a source (token ${secret})`), 'uncaughtException');
    const file = join(dir, `labtray-${localDay(new Date())}.log`);
    await rec.until(() => existsSync(file) && readFileSync(file, 'utf8').includes('boom in a source'), 'the crash in the log file');
    const text = readFileSync(file, 'utf8');
    assert.match(text, /^\S+ ERROR uncaught exception \(LabTray keeps running\): Error: boom in a source \(token ‹secret›\)$/m);
    assert.ok(!text.includes(secret), 'no secret value in the log file');
    assert.match(text, /^\S+ INFO {2}LabTray 0\.0\.0-stub starting /m);
  });

  it('takes the single-instance lock before anything else', () => {
    assert.equal(rec.calls[0], 'app.requestSingleInstanceLock');
  });

  it('registers the app scheme as secure and standard, before ready', () => {
    assert.deepEqual(rec.schemes, [{ scheme: 'labtray', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
  });

  it('paints the tray from the cached snapshot before any live poll answers, and the window gets it marked stale', async () => {
    const tray = rec.trays[0];
    const first = tray.menus[0];
    assert.equal(rec.windows.length, 0, 'no window opens at start for a real config');
    // Opening paints from lab.snapshot: what the window reads first is the cache, marked stale.
    click(tray.menu, 'open');
    assert.ok(item(first, 'fav:home/100'), 'the favourite guest from the cache is in the first menu');
    assert.match(String(item(first, 'fav:home/100').label), /^openwrt \(100\) — /);
    assert.doesNotMatch(String(first[0]?.label), /Waiting/i, 'the first menu is not the empty placeholder');
    const r = (await call('getSnapshot', undefined)) as Envelope<Snapshot>;
    assert.ok(r.ok);
    assert.deepEqual(
      r.value.proxmox[0]?.guests.map((g) => g.vmid),
      [100, 101, 102, 110, 111, 130],
    );
    const meta = r.value.sources.find((m) => m.id === 'proxmox:home');
    assert.equal(meta?.stale, true, 'cached data stays marked stale until a live read succeeds');
  });

  it('builds the tray menu from trayMenu(snapshot)', async () => {
    const tray = rec.trays[0];
    const open = item(tray.menu, 'open');
    assert.equal(open.label, 'Open LabTray');
    click(tray.menu, 'open');
    assert.equal(rec.windows.length, 1, 'Open focuses the window that is already open');
    const snap = (await call('getSnapshot', undefined)) as Envelope<Snapshot>;
    assert.ok(snap.ok);
    const model = trayMenu(snap.value, { favourites: ['home/100'], backupSets: ['important'], quietUntil: null, now: Date.now(), language: 'en' });
    assert.deepEqual(labels(tray.menu), labels(model.items));
    assert.match(tray.tooltip, /^LabTray\n/);
  });

  it('registers a handler for every LabApi method, and nothing else', () => {
    assert.deepEqual([...rec.handlers.keys()].sort(), labMethods.map((m) => channels.invoke(m)).sort());
  });

  it('reads every source again at once when the network changes (seen on unlock)', async () => {
    const attempt = async (): Promise<string | null> => {
      const r = (await call('getSnapshot', undefined)) as Envelope<Snapshot>;
      assert.ok(r.ok);
      return r.value.sources.find((m) => m.id === 'proxmox:home')?.lastAttemptAt ?? null;
    };
    const sent = (): number => theWindow().webContents.sent.filter((x) => x.channel === channels.event('snapshot')).length;
    /** Waits for the first attempt after `than`; snapshots reach the open window as they are published. */
    const nextAttempt = async (than: string | null, what: string): Promise<string> => {
      for (;;) {
        const n = sent();
        const a = await attempt();
        if (a !== null && a !== than) return a;
        await rec.until(() => sent() > n, what);
      }
    };
    // The live poll at start failed (nothing listens), so the next one is minutes away: only a refresh polls now.
    const before = await nextAttempt(labSnapshot().sources[0].lastAttemptAt, 'the first live poll of the cluster');
    const real = os.networkInterfaces;
    // The laptop joins the hotel Wi-Fi: a different address on the same interface.
    os.networkInterfaces = () => ({ wlp2s0: [{ address: '10.20.30.40', netmask: '255.255.255.0', family: 'IPv4', mac: '3c:7c:3f:11:22:33', internal: false, cidr: '10.20.30.40/24' }] });
    syncBuiltinESMExports();
    try {
      rec.powerMonitor.emit('unlock-screen');
      const after = await nextAttempt(before, 'the cluster polled again after the network changed');
      assert.ok(Date.parse(after) > Date.parse(before));
    } finally {
      os.networkInterfaces = real;
      syncBuiltinESMExports();
    }
  });

  for (const m of labMethods) {
    it(`${m}: refuses bad input with an invalid-input envelope`, async () => {
      const r = await call(m, badInputs[m]);
      assert.equal(r.ok, false);
      assert.equal(!r.ok && r.error.code, 'invalid-input');
      assert.ok(!r.ok && r.error.message.startsWith(`${m}:`));
    });

    it(`${m}: refuses a call from a page that is not LabTray's window`, async () => {
      const foreignFrame = await call(m, undefined, { sender: theWindow().webContents, senderFrame: { url: 'https://example.invalid/', parent: null } });
      assert.deepEqual(foreignFrame, { ok: false, error: { code: 'forbidden', message: `${m}: refused a call from a page that is not LabTray's window` } });
      const otherContents = await call(m, undefined, { sender: { id: -1 }, senderFrame: { url: 'labtray://app/index.html', parent: null } });
      assert.equal(!otherContents.ok && otherContents.error.code, 'forbidden');
      const subFrame = await call(m, undefined, { sender: theWindow().webContents, senderFrame: { url: 'labtray://app/index.html', parent: {} } });
      assert.equal(!subFrame.ok && subFrame.error.code, 'forbidden');
    });
  }

  it('opens the window with contextIsolation, sandbox, no Node and web security, from its own scheme', () => {
    const wp = theWindow().options.webPreferences;
    assert.ok(wp);
    assert.equal(wp.contextIsolation, true);
    assert.equal(wp.sandbox, true);
    assert.equal(wp.nodeIntegration, false);
    assert.equal(wp.webviewTag, false);
    assert.notEqual(wp.webSecurity, false);
    assert.equal(wp.preload, join(root, 'out/preload/index.cjs'));
    assert.ok(existsSync(wp.preload as string), 'the preload the window loads was built');
    assert.deepEqual(theWindow().loaded, ['labtray://app/index.html']);
  });

  it('denies window.open (https goes to the browser), navigation and permissions', () => {
    const open = theWindow().webContents.openHandler;
    assert.ok(open);
    assert.deepEqual(open({ url: 'https://192.0.2.1:8006/' }), { action: 'deny' });
    assert.deepEqual(open({ url: 'file:///etc/passwd' }), { action: 'deny' });
    assert.deepEqual(rec.openedExternally, ['https://192.0.2.1:8006/']);
    let prevented = false;
    theWindow().webContents.emit('will-navigate', { preventDefault: () => (prevented = true) }, 'https://example.invalid/');
    assert.equal(prevented, true);
    let allowed: boolean | null = null;
    rec.permissionHandler?.(theWindow().webContents, 'geolocation', (a) => (allowed = a));
    assert.equal(allowed, false);
  });

  it('serves the renderer with a strict Content-Security-Policy and nothing outside it', async () => {
    const serve = rec.protocolHandlers.get('labtray');
    assert.ok(serve);
    const page = await serve({ url: 'labtray://app/index.html' });
    assert.equal(page.status, 200);
    const csp = page.headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.doesNotMatch(csp, /unsafe-eval|unsafe-inline|https?:/);
    assert.equal((await serve({ url: 'labtray://app/%2e%2e/%2e%2e/package.json' })).status, 404);
    assert.equal((await serve({ url: 'labtray://app/../main/index.js' })).status, 404);
    let headers: Record<string, string[]> = {};
    rec.headersHandler?.({ responseHeaders: {} }, (r) => (headers = r.responseHeaders));
    assert.match(headers['Content-Security-Policy']?.[0] ?? '', /default-src 'none'/);
  });

  it('answers valid calls with a value envelope and forwards snapshots to the window', async () => {
    const settings = await call('getSettings', undefined);
    assert.ok(settings.ok);
    const before = theWindow().webContents.sent.length;
    const r = await call('refresh', undefined);
    assert.deepEqual(r, { ok: true, value: null });
    const unknown = await call('wake', { host: 'orangepi5' });
    assert.equal(!unknown.ok && unknown.error.code, 'not-found', 'orangepi5 is in no section of this config');
    await call('setPaused', { paused: true });
    await rec.until(() => theWindow().webContents.sent.slice(before).some((s) => s.channel === channels.event('snapshot') && (s.payload as Snapshot).paused), 'a paused snapshot sent to the window');
  });

  it('pauses from the tray and offers Resume, then resumes', async () => {
    const tray = rec.trays[0];
    await rec.until(() => item(tray.menu, 'resume') !== undefined, 'Resume in the menu');
    click(tray.menu, 'resume');
    await rec.until(() => item(tray.menu, 'pause') !== undefined, 'Pause in the menu again');
  });

  it('pauses on sleep and polls again on resume', async () => {
    const tray = rec.trays[0];
    const snap = async (): Promise<Snapshot> => {
      const r = (await call('getSnapshot', undefined)) as Envelope<Snapshot>;
      assert.ok(r.ok);
      return r.value;
    };
    const attemptAt = async (): Promise<string | null> => (await snap()).sources.find((m) => m.id === 'proxmox:home')?.lastAttemptAt ?? null;
    rec.powerMonitor.emit('suspend');
    await rec.until(() => item(tray.menu, 'resume') !== undefined, 'paused while asleep');
    assert.equal((await snap()).paused, true, 'the core is paused, not only the menu');
    const asleep = await attemptAt();
    rec.powerMonitor.emit('resume');
    await rec.until(() => item(tray.menu, 'pause') !== undefined, 'running after resume');
    // Resuming polls at once (the cluster's next timed poll would be minutes away after its failures).
    let after = await attemptAt();
    for (let i = 0; i < 100 && after === asleep; i++) {
      await new Promise((r) => setTimeout(r, 50));
      after = await attemptAt();
    }
    assert.ok(after !== null && after !== asleep && (asleep === null || Date.parse(after) > Date.parse(asleep)), `a poll after resume (before ${asleep}, after ${after})`);
    assert.equal((await snap()).paused, false);
  });

  it('enters quiet mode for the chosen hours and leaves it from the tray', async () => {
    const tray = rec.trays[0];
    click(tray.menu, 'quiet:2');
    await rec.until(() => /^Quiet until/.test(String(item(tray.menu, 'quiet').label)), 'quiet mode shown');
    const kept = JSON.parse(readFileSync(join(dir, 'quiet.json'), 'utf8')) as { until: number | null };
    assert.ok(kept.until !== null && kept.until > Date.now() + 3_600_000, 'quiet mode is kept in userData for a restart');
    click(tray.menu, 'quiet:off');
    await rec.until(() => item(tray.menu, 'quiet').label === 'Quiet mode', 'quiet mode ended');
  });

  it('destroys the window on close and opens a fresh one from the tray', async () => {
    const old = theWindow();
    old.close();
    const count = rec.windows.length;
    click(rec.trays[0].menu, 'open');
    assert.equal(rec.windows.length, count + 1, 'a new window');
    assert.notEqual(theWindow(), old);
    const stale = await call('getSnapshot', undefined, { sender: old.webContents, senderFrame: { url: 'labtray://app/index.html', parent: null } });
    assert.equal(!stale.ok && stale.error.code, 'forbidden', 'the closed window is no longer trusted');
    assert.ok((await call('getSnapshot', undefined)).ok);
  });

  it('opens the window when a second instance starts', () => {
    theWindow().close();
    const count = rec.windows.length;
    rec.app.emit('second-instance');
    assert.equal(rec.windows.length, count + 1);
    assert.equal(theWindow(), rec.windows[count]);
  });

  it('opens the tray popover on a click at the icon: frameless, trusted, and its Open shows the window and closes it', async () => {
    const tray = rec.trays[0];
    const before = rec.windows.length;
    tray.emit('click', {}, tray.getBounds());
    const pop = rec.windows[before];
    assert.ok(pop, 'a popover window was made');
    assert.equal(pop.loaded[0], 'labtray://app/index.html#surface=popover');
    assert.equal(pop.options.frame, false);
    assert.equal(pop.options.skipTaskbar, true);
    assert.equal(pop.options.webPreferences?.sandbox, true);
    assert.equal(pop.options.webPreferences?.contextIsolation, true);
    assert.deepEqual(pop.bounds, { x: 1522, y: 466, width: 380, height: 560 }, 'above the icon, inside the work area');
    const fromPopover = { sender: pop.webContents, senderFrame: { url: 'labtray://app/index.html#surface=popover', parent: null } };
    const snap = (await call('getSnapshot', undefined, fromPopover)) as Envelope<Snapshot>;
    assert.ok(snap.ok, 'the popover may call the Lab');
    const opened = (await call('openWindow', { target: 'guests' }, fromPopover)) as Envelope<{ opened: boolean }>;
    assert.deepEqual(opened, { ok: true, value: { opened: true } });
    assert.equal(pop.visible, false, 'the popover hid');
    // Hidden, it is sent nothing; shown again by the next click, it first gets the lab as it is now.
    const sentBefore = pop.webContents.sent.length;
    const main = rec.windows.find((w) => w !== pop && !w.destroyed);
    assert.ok(main, 'the window is open');
    const snapshots = (w: typeof main): number => w.webContents.sent.filter((x) => x.channel === channels.event('snapshot')).length;
    const mainBefore = snapshots(main);
    await call('refresh', undefined);
    // The window gets the next snapshot; the hidden popover does not.
    for (let i = 0; snapshots(main) === mainBefore; i++) {
      assert.ok(i < 1000, 'the window got a snapshot after the refresh');
      await new Promise((r) => setImmediate(r));
    }
    assert.equal(pop.webContents.sent.length, sentBefore, 'no events to a hidden popover');
    tray.emit('click', {}, tray.getBounds());
    assert.equal(rec.windows.length, before + 1, 'the same popover shows again, no new window');
    assert.equal(pop.visible, true);
    assert.equal(pop.webContents.sent.at(-1)?.channel, channels.event('snapshot'), 'it got the current snapshot as it showed');
    pop.close();
    const refused = (await call('getSnapshot', undefined, fromPopover)) as Envelope<Snapshot>;
    assert.equal(refused.ok, false, 'a closed popover is no longer a trusted sender');
  });
});

describe('Electron main bundle, second instance', () => {
  it('quits at once when another LabTray holds the lock, without a tray or handlers', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'labtray-main2-'));
    try {
      const rec = useRecording(new ElectronRecording(dir, root, false));
      await import(pathToFileURL(mainBundle).href + '?instance=second');
      await rec.until(() => rec.calls.includes('app.quit'), 'quit');
      assert.equal(rec.trays.length, 0);
      assert.equal(rec.handlers.size, 0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('Electron main bundle, first start without a config', () => {
  it('starts the demo lab and opens the window at once', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'labtray-main3-'));
    const saved = process.env.LABTRAY_CONFIG;
    delete process.env.LABTRAY_CONFIG;
    const rec = useRecording(new ElectronRecording(dir, root));
    try {
      // The plain URL on purpose: the demo chunk imports ../index.js, which must resolve to this same instance.
      await import(pathToFileURL(mainBundle).href);
      await rec.until(() => rec.windows.length === 1, 'the window opened');
      const win = rec.windows[0];
      const h = rec.handlers.get(channels.invoke('getSnapshot'));
      assert.ok(h);
      const r = (await h({ sender: win.webContents, senderFrame: { url: 'labtray://app/index.html', parent: null } }, undefined)) as Envelope<Snapshot>;
      assert.ok(r.ok && r.value.demo && r.value.notSetUp, 'the snapshot comes from the demo lab, standing in for a lab not set up yet');
      await rec.until(() => String(rec.trays[0]?.menu[0]?.label ?? '').startsWith('Not set up yet (demo lab: '), 'the tray says the lab is not set up and shows the demo');
      assert.equal(rec.trays.length, 1, 'main ran once');
    } finally {
      // A start that failed showed why in an error box and exited: nothing to stop.
      if (rec.exitCode === null) {
        (await import('../../helpers/electron-stub/index')).app.quit();
        rec.expectErrorBox = true;
        await rec.until(() => rec.quitCount >= 2, 'quit after stopping the demo lab');
      }
      if (saved !== undefined) process.env.LABTRAY_CONFIG = saved;
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('Electron main bundle, --smoke (the release build’s check)', () => {
  it('starts the demo lab even with a config, paints the tray, logs the version to the terminal and exits 0', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'labtray-main-smoke-'));
    const config = join(dir, 'config.yaml');
    // A config that would show nothing but an unreachable cluster: --smoke never reads it.
    await writeFile(config, `proxmox:\n  - name: home\n    endpoints: ["https://127.0.0.1:1"]\n    tokenId: "root@pam!labtray"\n    tokenSecret: "secret:smoke-pve"\n    fingerprint: "${'AB'.repeat(32)}"\n`);
    const saved = { config: process.env.LABTRAY_CONFIG, argv: process.argv };
    process.env.LABTRAY_CONFIG = config;
    process.argv = [...process.argv.slice(0, 2), '--smoke'];
    const printed: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      printed.push(String(chunk));
      return (write as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof process.stdout.write;
    const rec = useRecording(new ElectronRecording(dir, root));
    try {
      await import(pathToFileURL(mainBundle).href + '?instance=smoke');
      await rec.until(() => rec.exitCode !== null, 'exit after the smoke check');
      assert.equal(rec.exitCode, 0);
      const line = printed.join('').split('\n').find((l) => l.includes('smoke test'));
      assert.match(line ?? '', /^labtray: LabTray 0\.0\.0-stub smoke test passed: every source of the demo lab answered and the tray menu has \d+ items$/);
      assert.equal(rec.windows.length, 0, 'no window opens');
      assert.ok(String(rec.trays[0]?.menu[0]?.label ?? '').startsWith('Demo lab'), 'the tray shows the demo lab');
      assert.ok(rec.trays[0].destroyed, 'the tray is gone before the exit');
    } finally {
      process.stdout.write = write;
      process.argv = saved.argv;
      if (saved.config === undefined) delete process.env.LABTRAY_CONFIG;
      else process.env.LABTRAY_CONFIG = saved.config;
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('Electron main bundle as the labtray command (the packaged shims run `LabTray --cli …`)', () => {
  for (const argv of [['--cli', 'help', 'wake'], ['wake', '--help']]) {
    it(`${argv.join(' ')}: prints the command's help and exits 0, starting nothing of the app`, async () => {
      const dir = await mkdtemp(join(tmpdir(), 'labtray-main-cli-'));
      const saved = process.argv;
      process.argv = [process.execPath, ...argv];
      const printed: string[] = [];
      const write = process.stdout.write.bind(process.stdout);
      process.stdout.write = ((chunk: string | Uint8Array) => (printed.push(String(chunk)), true)) as typeof process.stdout.write;
      const rec = useRecording(new ElectronRecording(dir, root));
      try {
        await import(pathToFileURL(mainBundle).href + `?instance=cli-${argv[0]}`);
        await rec.until(() => rec.exitCode !== null, 'exit after the command');
        assert.equal(rec.exitCode, 0);
        assert.match(printed.join(''), /^usage: labtray wake <host>/m);
        assert.deepEqual(rec.calls, ['app.exit'], 'no lock, no scheme, no tray: only the exit');
      } finally {
        process.stdout.write = write;
        process.argv = saved;
        await rm(dir, { recursive: true, force: true });
      }
    });
  }
});

describe('Electron preload bundle', () => {
  it('exposes exactly the LabApi as window.labtray and unwraps envelopes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'labtray-preload-'));
    try {
      const rec = useRecording(new ElectronRecording(dir, root));
      rec.rendererReply = (channel) =>
        channel === channels.invoke('wake') ? { ok: false, error: { code: 'unsupported', message: 'wake: nothing in the config can do this' } } : { ok: true, value: 'pong' };
      createRequire(import.meta.url)(preloadBundle);
      assert.deepEqual([...rec.exposed.keys()], ['labtray']);
      const api = rec.exposed.get('labtray') as LabApi;
      assert.deepEqual(Object.keys(api).sort(), [...labMethods, 'on'].sort());
      assert.equal(await api.refresh(undefined), 'pong');
      await assert.rejects(api.wake({ host: 'orangepi5' }), /wake: nothing in the config can do this/);
      assert.deepEqual(rec.rendererInvokes.slice(-1), [{ channel: 'labtray:wake', input: { host: 'orangepi5' } }]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
