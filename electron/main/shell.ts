import { channels } from '../../shared/api';
import type { Snapshot } from '../../shared/snapshot';
import type { GuardQuestion } from '../../shared/tray-lab';
import type { Clock } from '../core/clock';
import type { Logger } from '../core/logger';
import { cliInstallNotice, type CliInstaller } from './cli-install';
import type { ShellLab } from './lab-port';
import { shellLanguage } from './language';
import { LoginItemSync, type LoginItemPort } from './login-item';
import { Notifications, notifyPolicy, type NativeNotices } from './notifications';
import { PowerNetworkController, type PowerNetworkOptions, type PowerPort } from './power-network';
import { QuietHoursController, type QuietStore } from './quiet-hours';
import { TrayController, type TrayPort } from './tray-controller';
import { UpdateController, updateNotice, type UpdaterPort } from './updates';
import { WindowController, type WindowControllerOptions, type WindowPort } from './window-controller';

/** Everything the shell's controllers need from Electron and the OS, as narrow ports. */
export interface ShellPorts<W extends WindowPort> {
  lab: ShellLab;
  clock: Clock;
  /** The OS locale (app.getLocale()), for the 'system' language. */
  locale: () => string;
  log: Logger;
  quietStore: QuietStore;
  tray: TrayPort;
  window: Pick<WindowControllerOptions<W>, 'create' | 'url'>;
  notices: NativeNotices;
  power: PowerPort;
  network: PowerNetworkOptions['network'];
  loginItem: LoginItemPort;
  quit: () => void;
  /** Asks a yes/no question (a native message box); true: go ahead. */
  ask: (q: GuardQuestion) => Promise<boolean>;
  /** The packaged app's updater; absent in a development build (nothing is checked). */
  updater?: UpdaterPort;
  /** macOS: puts `labtray` on the PATH from the tray; absent elsewhere. */
  cliInstaller?: CliInstaller;
}

/** The controllers, wired to each other and to the Lab. */
export interface Shell<W extends WindowPort> {
  readonly window: WindowController<W>;
  readonly tray: TrayController;
  readonly quiet: QuietHoursController;
  readonly notifications: Notifications;
  readonly updates: UpdateController | null;
  /** Sleep, wake and network changes; told when the tray is used (whoever clicks is awake). */
  readonly power: PowerNetworkController;
  /** Reports the starting flags, starts the Lab (the tray paints the cached snapshot at once) and the watchers. */
  start(): void;
  stop(): void;
}

/** Builds the tray, window, quiet-hours, notification, power/network and login-item controllers around one Lab. */
export function createShell<W extends WindowPort>(p: ShellPorts<W>): Shell<W> {
  const { lab, clock, locale } = p;
  const now = () => clock.now();
  const win = new WindowController<W>({ ...p.window, lab, log: p.log });
  const quiet = new QuietHoursController({ store: p.quietStore, lab, clock });
  const notifications = new Notifications({
    native: p.notices,
    toWindow: (n) => win.current()?.webContents.send(channels.event('notice'), n),
    openWindow: (target) => win.open(target),
    policy: () => notifyPolicy(lab.currentConfig, quiet.quietUntil()),
    prefs: () => lab.snapshot.prefs,
    locale,
    now,
  });
  const language = () => shellLanguage(lab.snapshot.prefs.language, locale);
  const updates = p.updater
    ? new UpdateController({
        updater: p.updater,
        clock,
        ui: () => lab.currentConfig.ui,
        quietUntil: () => quiet.quietUntil(),
        announce: (version) => notifications.announce(updateNotice(version, language(), now()), 'settings'),
        log: p.log,
      })
    : null;
  const cli = p.cliInstaller;
  let offerCli = cli?.offer() ?? false;
  const tray = new TrayController({
    tray: p.tray,
    lab,
    quiet,
    openWindow: (t) => win.open(t),
    ask: p.ask,
    used: () => power.userActive(),
    actionFailed: (w, e) => notifications.actionFailed(w, e),
    quit: p.quit,
    locale,
    now,
    app: {
      state: () => {
        const u = updates?.status;
        const update = u?.kind === 'ready' ? { version: u.version, ready: true } : u?.kind === 'downloading' ? { version: u.version, ready: false } : null;
        return { update, offerCliInstall: offerCli };
      },
      installUpdate: () => updates?.installNow(),
      installCli: () => {
        if (!cli) return;
        void cli.install().then((r) => {
          offerCli = cli.offer();
          tray.render(lab.snapshot);
          notifications.announce(cliInstallNotice(r, language(), now()), 'settings');
        });
      },
    },
  });
  const power = new PowerNetworkController({ power: p.power, lab, quiet, network: p.network, log: p.log, now });
  const loginItem = new LoginItemSync(p.loginItem);
  const onSnapshot = (snap: Snapshot): void => {
    // Settings may have changed the schedule.
    quiet.scheduleMayHaveChanged();
    updates?.settingsMayHaveChanged();
    tray.render(snap);
    notifications.onSnapshot(snap);
    loginItem.sync(lab.currentConfig);
  };
  const offs: (() => void)[] = [];
  return {
    window: win,
    tray,
    quiet,
    notifications,
    updates,
    power,
    start() {
      quiet.rearm();
      win.start();
      offs.push(lab.on('snapshot', onSnapshot));
      offs.push(
        quiet.onChange(() => {
          tray.render(lab.snapshot);
          updates?.quietChanged();
        }),
      );
      if (updates) offs.push(updates.onChange(() => tray.render(lab.snapshot)));
      // The cached snapshot (marked stale, with the config's prefs) paints the tray before any integration has loaded.
      tray.render(lab.snapshot);
      Promise.resolve(lab.start()).catch((err: unknown) => p.log.error(`the lab did not start: ${err instanceof Error ? err.message : String(err)}`));
      power.start();
      loginItem.sync(lab.currentConfig);
      updates?.start();
    },
    stop() {
      offs.splice(0).forEach((off) => off());
      quiet.stop();
      power.stop();
      updates?.stop();
    },
  };
}
