import type { FailedAction } from '../../shared/notice-rules';
import type { Snapshot } from '../../shared/snapshot';
import { trayIconState, trayMenu, trayTooltip, type MenuModel, type TrayCommand, type TrayIconState, type TrayPrefs } from '../../shared/tray';
import { guardQuestion, type GuardQuestion } from '../../shared/tray-lab';
import { trayText } from '../../shared/tray-text';
import type { ShellLab } from './lab-port';
import { shellLanguage } from './language';
import type { QuietHoursController } from './quiet-hours';

/** The tray icon as the controller sees it: Electron's Tray behind menu.ts in the app, a recorder in tests. */
export interface TrayPort {
  /** A new menu: each item's click runs its command through `run`. */
  setMenu(model: MenuModel, run: (c: TrayCommand) => void): void;
  setIcon(state: TrayIconState): void;
  setToolTip(text: string): void;
}

export interface TrayControllerOptions {
  tray: TrayPort;
  lab: Pick<ShellLab, 'currentConfig' | 'invoke' | 'refreshAll' | 'setPollFlags' | 'snapshot'>;
  quiet: Pick<QuietHoursController, 'quietUntil' | 'startFor' | 'end'>;
  openWindow: (target?: string) => void;
  /** Asks before an action that cuts the way home (a native message box in the app); true: go ahead. */
  ask: (q: GuardQuestion) => Promise<boolean>;
  /** A Lab call from the menu failed: the user hears why. */
  actionFailed: (what: FailedAction, err: unknown) => void;
  quit: () => void;
  /** The app's own items: an update in progress or ready, the command line tool to offer (absent: neither). */
  app?: {
    state(): Pick<TrayPrefs, 'update' | 'offerCliInstall'>;
    installUpdate(): void;
    installCli(): void;
  };
  /** The OS locale, for the 'system' language. */
  locale: () => string;
  now: () => number;
  /** Told on every menu command: someone is using the laptop. */
  used?: () => void;
}

/** The tray as a view of the snapshot: icon, tooltip and the menu from trayMenu(), rebuilt only when the model changes. */
export class TrayController {
  private lastKey = '';
  private lastIcon: TrayIconState | null = null;
  private lastModel: MenuModel | null = null;

  constructor(private readonly o: TrayControllerOptions) {}

  /** The menu model last handed to the tray. */
  get model(): MenuModel | null {
    return this.lastModel;
  }

  render(snap: Snapshot): void {
    // Favourites and language come with the snapshot: the window's choices show here at once.
    const language = shellLanguage(snap.prefs.language, this.o.locale);
    const model = trayMenu(snap, {
      favourites: snap.prefs.favourites,
      favouriteTag: snap.prefs.favouriteTag,
      backupSets: (this.o.lab.currentConfig.backup?.sets ?? []).map((s) => s.name),
      quietUntil: this.o.quiet.quietUntil(),
      now: this.o.now(),
      language,
      ...this.o.app?.state(),
    });
    const key = JSON.stringify(model);
    if (key !== this.lastKey) {
      this.lastKey = key;
      this.lastModel = model;
      this.o.tray.setMenu(model, (c) => this.run(c));
    }
    const state = trayIconState(snap);
    if (state !== this.lastIcon) {
      this.lastIcon = state;
      this.o.tray.setIcon(state);
    }
    this.o.tray.setToolTip(trayTooltip(snap, { language }));
  }

  /** Runs a menu item's typed command. */
  run(c: TrayCommand): void {
    this.o.used?.();
    const { lab } = this.o;
    const fail = (what: FailedAction) => (err: unknown) => this.o.actionFailed(what, err);
    switch (c.type) {
      case 'guestAction': {
        const act = () => lab.invoke('guestAction', { cluster: c.cluster, vmids: [c.vmid], action: c.action });
        const failed = fail({ kind: 'guestAction', action: c.action, vmid: c.vmid });
        if (!c.guard) {
          void act().catch(failed);
          break;
        }
        // The guest carries the way home: say what it costs before anything is sent.
        const t = trayText(shellLanguage(lab.snapshot.prefs.language, this.o.locale));
        const q = guardQuestion(t, { name: c.name, action: c.action, guard: c.guard }, lab.snapshot.wayHome?.where);
        void this.o.ask(q).then((yes) => (yes ? act() : null)).catch(failed);
        break;
      }
      case 'wake':
        void lab.invoke('wake', { host: c.host }).catch(fail({ kind: 'wake', host: c.host }));
        break;
      case 'backup':
        void lab.invoke('startBackup', { cluster: c.cluster, vmids: c.vmids, set: c.set }).catch(fail({ kind: 'backup' }));
        break;
      case 'open':
        this.o.openWindow(c.target);
        break;
      case 'refresh':
        lab.refreshAll();
        break;
      case 'pause':
      case 'resume':
        lab.setPollFlags({ userPaused: c.type === 'pause' });
        break;
      case 'quiet':
        this.o.quiet.startFor(c.hours);
        break;
      case 'quietOff':
        this.o.quiet.end();
        break;
      case 'installUpdate':
        this.o.app?.installUpdate();
        break;
      case 'installCli':
        this.o.app?.installCli();
        break;
      case 'quit':
        this.o.quit();
        break;
    }
  }
}
