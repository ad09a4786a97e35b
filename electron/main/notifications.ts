import type { LabConfig } from '../../shared/config';
import { actionFailedNotice, admitNotices, detectNotices, initialNotifyState, type DetectedNotice, type FailedAction, type NotifyPolicy, type NotifyState } from '../../shared/notice-rules';
import type { Snapshot, UserPrefs } from '../../shared/snapshot';
import type { Notice } from '../../shared/tasks';
import { shellLanguage } from './language';

/** One native notification (Electron's Notification; a fake in tests). */
export interface NativeNotice {
  on(event: 'click' | 'close' | 'failed', listener: () => void): unknown;
  show(): void;
}

/** The desktop's notification service. */
export interface NativeNotices {
  isSupported(): boolean;
  create(options: { title: string; body: string; silent: boolean }): NativeNotice;
}

export interface NotificationsOptions {
  native: NativeNotices;
  /** The open window's own copy of the notice (nothing when no window is open). */
  toWindow: (notice: Notice) => void;
  openWindow: (target: string) => void;
  policy: () => NotifyPolicy;
  /** The user's current choices (the language of a failed action's notice). */
  prefs: () => UserPrefs;
  /** The OS locale, for the 'system' language. */
  locale: () => string;
  now: () => number;
}

/** The notice policy from the config's `ui` section and the current quiet mode. */
export function notifyPolicy(config: LabConfig, quietUntil: number | null): NotifyPolicy {
  return { enabled: config.ui?.notifications !== false, quietUntil, criticalBreaksQuiet: config.ui?.criticalBreaksQuiet === true };
}

/**
 * Desktop notices: what changed between snapshots, rate-limited and quiet-aware
 * (shared/notice-rules.ts), shown natively and in the window, in the user's language.
 */
export class Notifications {
  private prev: Snapshot | null = null;
  private state: NotifyState = initialNotifyState();
  /** Shown and not yet clicked or closed: a notification nothing refers to can be collected, and its click lost. */
  private readonly live = new Set<NativeNotice>();

  constructor(private readonly o: NotificationsOptions) {}

  /** Native notices still on screen (held until clicked or closed). */
  get onScreen(): number {
    return this.live.size;
  }

  onSnapshot(next: Snapshot): void {
    const language = shellLanguage(next.prefs.language, this.o.locale);
    const detected = detectNotices(this.prev, next, language);
    this.prev = next;
    if (detected.length === 0) return;
    const r = admitNotices(this.state, detected, this.o.policy(), this.o.now(), language);
    this.state = r.state;
    for (const d of r.show) this.show(d);
  }

  /** A tray command that failed: shown at once, outside the rate limit (the user has just asked for it). */
  actionFailed(what: FailedAction, err: unknown): void {
    const language = shellLanguage(this.o.prefs().language, this.o.locale);
    this.show(actionFailedNotice(what, err, new Date(this.o.now()).toISOString(), language));
  }

  /** A notice from the shell itself (an update is ready, the command line tool installed); its caller decides when. */
  announce(notice: Notice, target: string): void {
    this.show({ key: notice.id, notice, target });
  }

  private show(d: DetectedNotice): void {
    this.o.toWindow(d.notice);
    if (!this.o.native.isSupported()) return;
    const n = this.o.native.create({ title: d.notice.title, body: d.notice.body, silent: d.notice.level === 'info' });
    this.live.add(n);
    n.on('click', () => {
      this.live.delete(n);
      this.o.openWindow(d.target);
    });
    n.on('close', () => this.live.delete(n));
    // Windows reports a notification it could not show; nothing will come from it.
    n.on('failed', () => this.live.delete(n));
    n.show();
  }
}
