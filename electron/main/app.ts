import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  nativeImage,
  Notification,
  powerMonitor,
  protocol,
  safeStorage,
  session,
  shell,
  Tray,
  type NativeImage,
} from 'electron';
import { channels } from '../../shared/api';
import type { LabConfig } from '../../shared/config';
import { actionFailedNotice, type DetectedNotice, type FailedAction, type NoticeLanguage } from '../../shared/notify';
import { endQuiet, nextQuietChange, quietUntil as quietEnd, startQuiet, type QuietState } from '../../shared/quiet';
import type { Snapshot } from '../../shared/snapshot';
import type { Check, Status } from '../../shared/status';
import { trayIconState, trayMenu, trayTooltip, type TrayCommand, type TrayIconState, type TrayLanguage } from '../../shared/tray';
import { textIn } from '../../shared/message';
// The core's sentences in Chinese (the renderer's core catalogue): the tray shows problems in the menu language too.
import coreZhCN from '../../shared/i18n/core.zh-CN.json';
import { SnapshotCache } from '../core/cache';
import { systemClock } from '../core/clock';
import type { Logger } from '../core/integration';
import { openLab } from '../core/open-lab';
import { EnvSecretStore } from '../core/secrets';
import { forwardLabEvents, registerLabHandlers, trustedSender } from './ipc';
import { launchOptions } from './launch';
import { NetworkWatcher } from './network-watch';
import { toMenuTemplate } from './menu';
import { Notifier } from './notifier';
import { QuietFile } from './quiet-file';
import { SafeStorageSecretStore } from './secret-store';
import { APP_ORIGIN, APP_SCHEME, CONTENT_SECURITY_POLICY, devContentSecurityPolicy, guardWebContents, hardenSession, registerAppScheme, serveAppFile, windowOptions } from './window';

const here = fileURLToPath(new URL('.', import.meta.url));

const log: Logger = {
  info: (m) => console.log(`labtray: ${m}`),
  warn: (m) => console.warn(`labtray: ${m}`),
  error: (m) => console.error(`labtray: ${m}`),
};

/** How often the interfaces are compared when no power event says to look (a syscall, no traffic). */
const NETWORK_CHECK_MS = 30_000;
/** setTimeout's ceiling; longer waits are re-armed. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The last snapshot on disk; the demo keeps its own file so neither ever shows the other's lab. */
function snapshotCache(userData: string, demo: boolean, secretValues?: () => Iterable<string>): SnapshotCache {
  return new SnapshotCache({ path: join(userData, 'cache', demo ? 'demo-snapshot.json' : 'snapshot.json'), clock: systemClock, log, secretValues });
}

function resourcesDir(): string {
  return app.isPackaged ? join(process.resourcesPath, 'resources') : join(app.getAppPath(), 'resources');
}

function language(config: LabConfig): TrayLanguage & NoticeLanguage {
  const l = config.ui?.language ?? 'system';
  if (l === 'en' || l === 'zh-CN') return l;
  return app.getLocale().toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

/** A check's sentence in the tray and notice language, from the core catalogue (English summary as the fallback). */
function checkTextIn(lang: TrayLanguage & NoticeLanguage): (c: Check) => string {
  return (c) => textIn(lang === 'zh-CN' ? coreZhCN : undefined, lang, c.msg, c.summary);
}

/** Starts LabTray: one instance, the Lab, the tray, IPC; the window opens on demand and is destroyed on close. */
export async function runApp(argv: readonly string[] = process.argv, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  registerAppScheme(protocol);
  // A tray app keeps running with no window; having any listener stops Electron from quitting.
  app.on('window-all-closed', () => undefined);

  await app.whenReady();
  const opts = launchOptions(argv, env, app.getPath('userData'));
  const devUrl = !app.isPackaged ? env.ELECTRON_RENDERER_URL : undefined;
  const devOrigin = devUrl ? new URL(devUrl).origin : null;
  hardenSession(session.defaultSession, devOrigin ? devContentSecurityPolicy(devOrigin) : CONTENT_SECURITY_POLICY);
  const rendererRoot = join(here, '../renderer');
  protocol.handle(APP_SCHEME, (req) => serveAppFile(rendererRoot, req.url));
  app.on('web-contents-created', (_e, wc) => guardWebContents(wc, (url) => void shell.openExternal(url)));

  const userData = app.getPath('userData');
  const opened = await openLab({
    source: opts.demo ? 'demo' : 'config-or-demo',
    configPath: opts.configPath,
    explicit: opts.explicit,
    secrets: new SafeStorageSecretStore({ file: join(userData, 'secrets.json'), safeStorage, fallback: new EnvSecretStore() }),
    log,
    watch: true,
    cache: (demo, secretValues) => snapshotCache(userData, demo, secretValues),
    // A broken config is never overwritten (saves refuse it), so running empty is safe; the user sees why.
    onBrokenConfig: (err) => dialog.showErrorBox('LabTray: the configuration has errors', err.message),
  });
  const { lab } = opened;

  // Quiet mode survives a restart: a game launched after a reboot stays quiet.
  const quietFile = new QuietFile(join(app.getPath('userData'), 'quiet.json'), log);
  let quietState: QuietState = quietFile.load(Date.now());
  let quietTimer: ReturnType<typeof setTimeout> | null = null;
  let win: BrowserWindow | null = null;
  const quietSchedule = () => lab.currentConfig.ui?.quietHours;
  const currentQuietUntil = (): number | null => quietEnd(quietState, quietSchedule(), Date.now());

  const applyMode = (): void => lab.setPollFlags({ quiet: currentQuietUntil() !== null });

  const openWindow = (target?: string): void => {
    if (win && !win.isDestroyed()) {
      if (win.isMinimized()) win.restore();
      win.show();
      win.focus();
      return;
    }
    const w = new BrowserWindow(windowOptions(join(here, '../preload/index.cjs'), join(resourcesDir(), 'icon.png')));
    win = w;
    guardWebContents(w.webContents, (url) => void shell.openExternal(url));
    const setVisible = (visible: boolean) => () => lab.setPollFlags({ windowVisible: visible });
    w.on('show', setVisible(true));
    w.on('restore', setVisible(true));
    w.on('hide', setVisible(false));
    w.on('minimize', setVisible(false));
    // Closing destroys the window and its renderer; the core and tray keep running and reopening paints from lab.snapshot.
    w.on('closed', () => {
      if (win === w) win = null;
      setVisible(false)();
    });
    w.once('ready-to-show', () => w.show());
    const hash = target ? `#focus=${encodeURIComponent(target)}` : '';
    void w.loadURL(`${devUrl ?? `${APP_ORIGIN}/index.html`}${hash}`).catch((err: unknown) => log.error(`the window did not load: ${err instanceof Error ? err.message : String(err)}`));
  };

  registerLabHandlers(
    ipcMain,
    lab,
    trustedSender({ webContentsIds: () => (win && !win.isDestroyed() ? [win.webContents.id] : []), origins: [APP_ORIGIN, ...(devOrigin ? [devOrigin] : [])] }),
  );
  forwardLabEvents(lab, () => (win && !win.isDestroyed() ? [win.webContents] : []));

  // Tray: icon per state, menu from the pure model, rebuilt only when the model changes.
  const images = new Map<string, NativeImage>();
  const image = (file: string): NativeImage => {
    let img = images.get(file);
    if (!img) images.set(file, (img = nativeImage.createFromPath(join(resourcesDir(), 'tray', file))));
    return img;
  };
  // macOS: monochrome templates the menu bar tints; Windows: multi-size .ico for crisp scaling; Linux: PNG.
  const trayImage = (s: TrayIconState): NativeImage => image(process.platform === 'darwin' ? `${s}Template.png` : process.platform === 'win32' ? `${s}.ico` : `${s}.png`);
  const dot = (s: Status): NativeImage | undefined => (process.platform === 'darwin' ? undefined : image(`dot-${s}.png`));
  const tray = new Tray(trayImage(trayIconState(lab.snapshot)));
  let lastModel = '';
  let lastIcon: TrayIconState | null = null;

  const runCommand = (c: TrayCommand): void => {
    const fail = (what: FailedAction) => (err: unknown) => showNotice(actionFailedNotice(what, err, new Date().toISOString(), language(lab.currentConfig)));
    switch (c.type) {
      case 'guestAction':
        void lab.invoke('guestAction', { cluster: c.cluster, vmids: [c.vmid], action: c.action }).catch(fail({ kind: 'guestAction', action: c.action, vmid: c.vmid }));
        break;
      case 'wake':
        void lab.invoke('wake', { host: c.host }).catch(fail({ kind: 'wake', host: c.host }));
        break;
      case 'backup':
        void lab.invoke('startBackup', { cluster: c.cluster, vmids: c.vmids, set: c.set }).catch(fail({ kind: 'backup' }));
        break;
      case 'open':
        openWindow(c.target);
        break;
      case 'refresh':
        lab.refreshAll();
        break;
      case 'pause':
      case 'resume':
        lab.setPollFlags({ userPaused: c.type === 'pause' });
        break;
      case 'quiet':
        setQuiet(startQuiet(quietState, c.hours, Date.now()));
        break;
      case 'quietOff':
        setQuiet(endQuiet(quietSchedule(), Date.now()));
        break;
      case 'quit':
        app.quit();
        break;
    }
  };

  const render = (snap: Snapshot): void => {
    const config = lab.currentConfig;
    const lang = language(config);
    const checkText = checkTextIn(lang);
    const model = trayMenu(snap, {
      favourites: config.ui?.favourites ?? [],
      backupSets: (config.backup?.sets ?? []).map((s) => s.name),
      quietUntil: currentQuietUntil(),
      now: Date.now(),
      language: lang,
      checkText,
    });
    const key = JSON.stringify(model);
    if (key !== lastModel) {
      lastModel = key;
      tray.setContextMenu(Menu.buildFromTemplate(toMenuTemplate(model.items, runCommand, dot)));
    }
    const state = trayIconState(snap);
    if (state !== lastIcon) {
      lastIcon = state;
      tray.setImage(trayImage(state));
    }
    tray.setToolTip(trayTooltip(snap, { language: lang, checkText }));
  };

  // One timer for the next moment quiet mode may begin or end (the tray choice, the schedule).
  let armedSchedule = '';
  const armQuiet = (): void => {
    armedSchedule = JSON.stringify(quietSchedule() ?? null);
    if (quietTimer) clearTimeout(quietTimer);
    quietTimer = null;
    const now = Date.now();
    const next = nextQuietChange(quietState, quietSchedule(), now);
    if (next !== null) {
      quietTimer = setTimeout(
        () => {
          armQuiet();
          applyMode();
          render(lab.snapshot);
        },
        Math.min(MAX_TIMER_MS, Math.max(0, next - now)),
      );
      quietTimer.unref?.();
    }
  };

  const setQuiet = (state: QuietState): void => {
    quietState = state;
    quietFile.save(state);
    armQuiet();
    applyMode();
    render(lab.snapshot);
  };

  const showNotice = (d: DetectedNotice): void => {
    for (const w of win && !win.isDestroyed() ? [win] : []) w.webContents.send(channels.event('notice'), d.notice);
    if (!Notification.isSupported()) return;
    const n = new Notification({ title: d.notice.title, body: d.notice.body, silent: d.notice.level === 'info' });
    n.on('click', () => openWindow(d.target));
    n.show();
  };
  const notifier = new Notifier(
    showNotice,
    () => ({ enabled: lab.currentConfig.ui?.notifications !== false, quietUntil: currentQuietUntil(), criticalBreaksQuiet: lab.currentConfig.ui?.criticalBreaksQuiet === true }),
    () => Date.now(),
    () => {
      const lang = language(lab.currentConfig);
      return { language: lang, checkText: checkTextIn(lang) };
    },
  );

  let loginItem: boolean | null = null;
  const syncLoginItem = (): void => {
    const want = lab.currentConfig.ui?.startAtLogin === true;
    if (want === loginItem) return;
    loginItem = want;
    // In development this would register the bare Electron binary, so only the installed app does it.
    if (app.isPackaged) app.setLoginItemSettings({ openAtLogin: want, args: ['--hidden'] });
  };

  lab.on('snapshot', (snap) => {
    // Settings may have changed the schedule.
    if (JSON.stringify(quietSchedule() ?? null) !== armedSchedule) {
      armQuiet();
      applyMode();
    }
    render(snap);
    notifier.onSnapshot(snap);
    syncLoginItem();
  });
  if (process.platform !== 'darwin') tray.on('click', () => openWindow());

  powerMonitor.on('suspend', () => lab.setPollFlags({ sleeping: true }));
  // A new Wi-Fi, a VPN coming up, a dock: every source is read again at once instead of waiting out its interval.
  const network = new NetworkWatcher({
    read: () => networkInterfaces(),
    onChange: () => {
      log.info('the network changed: refreshing every source');
      lab.refreshAll();
    },
    intervalMs: NETWORK_CHECK_MS,
    setInterval: (fn, ms) => setInterval(fn, ms).unref(),
    clearInterval: (h) => clearInterval(h as ReturnType<typeof setInterval>),
  });

  powerMonitor.on('resume', () => {
    lab.setPollFlags({ sleeping: false });
    // Timers may have slept through a quiet-mode boundary.
    armQuiet();
    applyMode();
    if (!network.check()) lab.refreshAll();
  });
  powerMonitor.on('unlock-screen', () => network.check());

  app.on('second-instance', () => openWindow());
  app.on('activate', () => openWindow());

  let stopped = false;
  app.on('will-quit', (e) => {
    if (stopped) return;
    e.preventDefault();
    stopped = true;
    if (quietTimer) clearTimeout(quietTimer);
    network.stop();
    tray.destroy();
    void opened
      .close()
      .catch((err: unknown) => log.error(`stopping the lab: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => app.quit());
  });

  armQuiet();
  lab.setPollFlags({ windowVisible: false, quiet: currentQuietUntil() !== null });
  // The cached snapshot (stale) is painted here, before any live poll answers.
  lab.start();
  render(lab.snapshot);
  network.start();
  syncLoginItem();
  if (!opts.hidden && opened.lab.snapshot.demo) openWindow();
}
