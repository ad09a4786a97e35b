import type { UiConfig } from '../../shared/config';
import { textEngine } from '../../shared/i18n';
import type { Language } from '../../shared/language';
import type { Notice } from '../../shared/tasks';
import type { Clock } from '../core/clock';
import type { Logger } from '../core/logger';

export type UpdateChannel = 'stable' | 'beta';

/** electron-updater behind a narrow port (updater-port.ts in the app, a fake in tests). */
export interface UpdaterPort {
  /** Asks the channel's GitHub releases: the newer version there, or null when this one is the newest. */
  check(channel: UpdateChannel): Promise<string | null>;
  /** Downloads the version the last check found, in the background (electron-updater verifies its sha512). */
  download(): Promise<void>;
  /** Quits and installs the downloaded version now; without this it installs when the app quits. */
  installNow(): void;
}

export type UpdateState =
  | { kind: 'off' }
  | { kind: 'idle' }
  | { kind: 'checking' }
  | { kind: 'downloading'; version: string }
  | { kind: 'ready'; version: string }
  | { kind: 'failed'; message: string };

export interface UpdatesOptions {
  updater: UpdaterPort;
  clock: Clock;
  /** The config's `ui` section, read each time: Settings may change it. */
  ui: () => UiConfig | undefined;
  /** Epoch ms when quiet mode ends, or null when it is off. */
  quietUntil: () => number | null;
  /** Tells the user a version is ready (a notice in the window and on the desktop). Never called during quiet mode. */
  announce: (version: string) => void;
  log: Logger;
}

/** The first check waits for the lab's own first polls. */
export const FIRST_CHECK_MS = 30_000;
export const CHECK_EVERY_MS = 24 * 3_600_000;
/** After a failed check or download (offline, GitHub down). */
export const RETRY_MS = 3_600_000;

/**
 * When to look for an update and what to tell: a check soon after start and
 * daily, a found version downloaded in the background and installed when the
 * app quits (or at once from the tray), and one notice per version — never
 * during quiet mode (it waits for quiet mode to end), never when notifications
 * are off (the tray item says it anyway). Nothing is checked during quiet mode
 * either: a game keeps its bandwidth.
 */
export class UpdateController {
  private state: UpdateState = { kind: 'idle' };
  private timer: unknown = null;
  private running = false;
  private settingsKey = '';
  private announced: string | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly o: UpdatesOptions) {}

  get status(): UpdateState {
    return this.state;
  }

  /** The version downloaded and waiting to be installed, if any. */
  get ready(): string | null {
    return this.state.kind === 'ready' ? this.state.version : null;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): void {
    this.running = true;
    this.settingsKey = this.key();
    if (this.enabled()) this.arm(FIRST_CHECK_MS);
    else this.set({ kind: 'off' });
  }

  stop(): void {
    this.running = false;
    this.clear();
  }

  /** After each config change: checks turned on or off, or another channel (checked soon). */
  settingsMayHaveChanged(): void {
    const key = this.key();
    if (!this.running || key === this.settingsKey) return;
    this.settingsKey = key;
    if (!this.enabled()) {
      this.clear();
      // A version already downloaded still installs on quit: turning checks off stops looking, not what is done.
      if (this.state.kind !== 'ready') this.set({ kind: 'off' });
      return;
    }
    if (this.state.kind === 'off') this.set({ kind: 'idle' });
    this.arm(FIRST_CHECK_MS);
  }

  /** Quiet mode began or ended: a notice held back during it is given now. */
  quietChanged(): void {
    this.maybeAnnounce();
  }

  /** The tray's "Restart to update". */
  installNow(): void {
    if (this.state.kind === 'ready') this.o.updater.installNow();
  }

  private enabled(): boolean {
    return this.o.ui()?.updates?.check !== false;
  }

  private channel(): UpdateChannel {
    return this.o.ui()?.updates?.channel ?? 'stable';
  }

  private key(): string {
    return `${this.enabled()}:${this.channel()}`;
  }

  private quiet(): number | null {
    const until = this.o.quietUntil();
    return until !== null && until > this.o.clock.now() ? until : null;
  }

  private arm(ms: number): void {
    this.clear();
    this.timer = this.o.clock.setTimeout(() => {
      this.timer = null;
      void this.due();
    }, ms);
  }

  private clear(): void {
    if (this.timer !== null) this.o.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  /** A check is due: now, or when quiet mode ends. */
  private async due(): Promise<void> {
    if (!this.running || !this.enabled()) return;
    const quietUntil = this.quiet();
    if (quietUntil !== null) return this.arm(quietUntil - this.o.clock.now());
    if (this.state.kind === 'checking' || this.state.kind === 'downloading') return;
    const ready = this.ready;
    const channel = this.channel();
    this.set({ kind: 'checking' });
    try {
      const version = await this.o.updater.check(channel);
      if (version === null || version === ready) {
        this.set(ready ? { kind: 'ready', version: ready } : { kind: 'idle' });
      } else {
        this.o.log.info(`updates: LabTray ${version} found on the ${channel} channel; downloading it`);
        this.set({ kind: 'downloading', version });
        await this.o.updater.download();
        this.o.log.info(`updates: LabTray ${version} is downloaded and installs when LabTray quits`);
        this.set({ kind: 'ready', version });
        this.maybeAnnounce();
      }
      if (this.running) this.arm(CHECK_EVERY_MS);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.o.log.warn(`updates: checking the ${channel} channel failed (next try in an hour): ${message}`);
      this.set(ready ? { kind: 'ready', version: ready } : { kind: 'failed', message });
      if (this.running) this.arm(RETRY_MS);
    }
  }

  private maybeAnnounce(): void {
    const version = this.ready;
    if (version === null || version === this.announced || this.quiet() !== null) return;
    this.announced = version;
    if (this.o.ui()?.notifications !== false) this.o.announce(version);
  }

  private set(state: UpdateState): void {
    this.state = state;
    for (const l of this.listeners) l();
  }
}

/** The notice that a version is ready, in the user's language. */
export function updateNotice(version: string, language: Language, at: number): Notice {
  const t = textEngine(language).i18n.getFixedT(null, 'notify');
  return { id: `update:${version}`, level: 'info', title: t('update.title', { version }), body: t('update.body', { version }), at: new Date(at).toISOString() };
}
