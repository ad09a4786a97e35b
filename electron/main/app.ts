import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, dialog, ipcMain, nativeImage, powerMonitor, protocol, safeStorage, session, shell, Tray } from 'electron';
import { trayIconState } from '../../shared/tray';
import { SnapshotCache } from '../core/cache';
import { systemClock } from '../core/clock';
import type { Logger } from '../core/logger';
import { openLab } from '../core/open-lab';
import { EnvSecretStore } from '../core/secrets';
import { nativeNotices, networkPort, popoverFactory, trayPort, windowFactory, workAreaAt } from './electron-ports';
import { PopoverController } from './popover';
import { channels } from '../../shared/api';
import { forwardLabEvents, registerLabHandlers, trustedSender } from './ipc';
import { LogFile, logDirectory, logLevels } from '../core/log-file';
import { adminLinkScript, CliInstaller, fsLinkPort } from './cli-install';
import { APP_USER_MODEL_ID } from './app-id';
import { launchOptions } from './launch';
import { terminal, useLogger } from './process-log';
import { smoke } from './smoke';
import { electronUpdater } from './updater-port';
import { QuietFile } from './quiet-file';
import { SafeStorageSecretStore } from './secret-store';
import { createShell } from './shell';
import { TrayIcons } from './tray-icons';
import { APP_ORIGIN, APP_SCHEME, CONTENT_SECURITY_POLICY, devContentSecurityPolicy, guardWebContents, hardenSession, registerAppScheme, serveAppFile } from './window';

const here = fileURLToPath(new URL('.', import.meta.url));


/** How often the interfaces are compared when no power event says to look (a syscall, no traffic). */
const NETWORK_CHECK_MS = 30_000;

/** The last snapshot on disk; the demo keeps its own file so neither ever shows the other's lab. */
function snapshotCache(userData: string, demo: boolean, log: Logger, secretValues?: () => Iterable<string>): SnapshotCache {
  return new SnapshotCache({ path: join(userData, 'cache', demo ? 'demo-snapshot.json' : 'snapshot.json'), clock: systemClock, log, secretValues });
}

function resourcesDir(): string {
  return app.isPackaged ? join(process.resourcesPath, 'resources') : join(app.getAppPath(), 'resources');
}

const openExternal = (url: string): void => void shell.openExternal(url);

/** macOS: /usr/local/bin/labtray to the shim in the bundle, through the administrator prompt when needed. */
function macCliInstaller(): CliInstaller {
  return new CliInstaller(
    join(process.resourcesPath, 'bin', 'labtray'),
    fsLinkPort(async (target, path) => {
      const { execFile } = await import('node:child_process');
      await new Promise<void>((done, fail) => execFile('osascript', ['-e', adminLinkScript(target, path)], (err) => (err ? fail(err) : done())));
    }),
  );
}

/** Starts LabTray: one instance, the Lab, the tray, IPC; the window opens on demand and is destroyed on close. */
export async function runApp(argv: readonly string[] = process.argv, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  registerAppScheme(protocol);
  // Windows shows and groups notifications by this id: the installer's shortcut carries the same (electron-builder.yml appId).
  if (process.platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);
  // A tray app keeps running with no window; having any listener stops Electron from quitting.
  app.on('window-all-closed', () => undefined);

  await app.whenReady();
  const userData = app.getPath('userData');
  const opts = launchOptions(argv, env, userData);
  // A file per day in the platform's log folder, each line redacted with the secrets the lab holds (known once it opens).
  // Known once the lab is open (it reads every secret its config names first).
  let labSecrets: () => Iterable<string> = () => [];
  const level = logLevels.find((l) => l === env.LABTRAY_LOG_LEVEL) ?? 'info';
  // The folder `labtray doctor` names; Electron's own logs path is pointed there too.
  app.setAppLogsPath(logDirectory());
  const log = new LogFile({ dir: app.getPath('logs'), clock: systemClock, level, secretValues: () => labSecrets(), echo: terminal });
  // From here on the crash guard writes to the log file too.
  useLogger(log);
  log.info(`LabTray ${app.getVersion()} starting (${process.platform} ${process.arch}, Electron ${process.versions.electron ?? '?'})`);
  const devUrl = !app.isPackaged ? env.ELECTRON_RENDERER_URL : undefined;
  const devOrigin = devUrl ? new URL(devUrl).origin : null;
  hardenSession(session.defaultSession, devOrigin ? devContentSecurityPolicy(devOrigin) : CONTENT_SECURITY_POLICY);
  const rendererRoot = join(here, '../renderer');
  protocol.handle(APP_SCHEME, (req) => serveAppFile(rendererRoot, req.url));
  app.on('web-contents-created', (_e, wc) => guardWebContents(wc, openExternal));

  const secrets = new SafeStorageSecretStore({ file: join(userData, 'secrets.json'), safeStorage, fallback: new EnvSecretStore() });
  const opened = await openLab({
    source: opts.demo || opts.smoke ? 'demo' : 'config-or-demo',
    configPath: opts.configPath,
    explicit: opts.explicit,
    secrets,
    log,
    watch: true,
    cache: (demo, values) => snapshotCache(userData, demo, log, values),
    logs: { dir: log.dir, open: (dir) => void shell.openPath(dir) },
    firstRunState: join(userData, 'first-run.json'), // the welcome's choice: the app's state, not configuration
    // A broken config is never overwritten (saves refuse it), so running empty is safe; the user sees why.
    onBrokenConfig: (err) => dialog.showErrorBox('LabTray: the configuration has errors', err.message),
  });
  const { lab } = opened;
  labSecrets = () => opened.secretValues();

  const icons = new TrayIcons(join(resourcesDir(), 'tray'), process.platform, (path) => nativeImage.createFromPath(path));
  const tray = new Tray(icons.tray(trayIconState(lab.snapshot)));
  const parts = createShell({
    lab,
    clock: systemClock,
    locale: () => app.getLocale(),
    log,
    // Quiet mode survives a restart: a game launched after a reboot stays quiet.
    quietStore: new QuietFile(join(userData, 'quiet.json'), log),
    tray: trayPort(tray, icons, process.platform),
    window: { create: windowFactory(join(here, '../preload/index.cjs'), join(resourcesDir(), 'icon.png'), openExternal), url: devUrl ?? `${APP_ORIGIN}/index.html` },
    notices: nativeNotices,
    power: powerMonitor,
    network: networkPort(NETWORK_CHECK_MS),
    loginItem: app,
    quit: () => app.quit(),
    ask: async (q) => {
      const r = await dialog.showMessageBox({ type: 'warning', title: 'LabTray', message: q.title, detail: q.lines.join('\n\n'), buttons: [q.confirm, q.cancel], defaultId: 1, cancelId: 1, noLink: true });
      return r.response === 0;
    },
    updater: app.isPackaged && !opts.smoke ? await electronUpdater(log) : undefined,
    cliInstaller: app.isPackaged && process.platform === 'darwin' ? macCliInstaller() : undefined,
  });

  const popover = new PopoverController({
    create: popoverFactory(join(here, '../preload/index.cjs'), openExternal),
    url: devUrl ?? `${APP_ORIGIN}/index.html`,
    workArea: workAreaAt,
    // A hidden popover got no events: it paints the lab as it is now before it shows.
    refresh: (w) => w.webContents.send(channels.event('snapshot'), lab.snapshot),
    log,
  });
  // The popover's "open": the window at that place, the popover out of the way.
  lab.setWindowOpener((target) => {
    popover.hide();
    parts.window.open(target);
  });
  const windows = () => [parts.window.current(), popover.current()].filter((w) => w !== null);
  registerLabHandlers(ipcMain, lab, trustedSender({ webContentsIds: () => windows().map((w) => w.webContents.id), origins: [APP_ORIGIN, ...(devOrigin ? [devOrigin] : [])] }));
  // Events go to what shows: a hidden popover costs nothing while the laptop is idle.
  forwardLabEvents(lab, () => [parts.window.current(), popover.visible()].filter((w) => w !== null).map((w) => w.webContents));

  // A click on the icon opens the popover (the native menu stays on right-click).
  tray.on('click', (_e, bounds) => {
    parts.power.userActive();
    popover.toggle(bounds);
  });
  app.on('second-instance', () => parts.window.open());
  app.on('activate', () => parts.window.open());

  let stopped = false;
  /** Stops the shell and the lab, then quits (or exits with `code`, as --smoke does). */
  const stopAll = (code?: number): void => {
    stopped = true;
    popover.close();
    parts.stop();
    tray.destroy();
    void opened
      .close()
      .catch((err: unknown) => log.error(`stopping the lab: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => (code === undefined ? app.quit() : app.exit(code)));
  };
  app.on('will-quit', (e) => {
    if (stopped) return;
    e.preventDefault();
    stopAll();
  });

  parts.start();
  if (opts.smoke) return smoke(lab, parts.tray, log, () => stopAll(0));
  if (!opts.hidden && (opts.demo || lab.snapshot.welcome)) parts.window.open(); // the demo asked for; the welcome until a choice
}
