import { endQuiet, nextQuietChange, quietUntil, startQuiet, type QuietSchedule, type QuietState } from '../../shared/quiet';
import type { Clock } from '../core/clock';
import type { ShellLab } from './lab-port';

/** Where the tray's quiet choice is kept across restarts (QuietFile: userData/quiet.json). */
export interface QuietStore {
  load(now: number): QuietState;
  save(state: QuietState): void;
}

export interface QuietHoursOptions {
  store: QuietStore;
  /** The schedule is read from `ui.quietHours` each time: Settings may change it. */
  lab: Pick<ShellLab, 'currentConfig' | 'setPollFlags'>;
  clock: Clock;
}

/** setTimeout's ceiling; longer waits are re-armed when it fires. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Quiet mode from the tray's choice and the daily schedule together: one timer
 * for the next moment it may begin or end, and the result reported to the Lab.
 */
export class QuietHoursController {
  private state: QuietState;
  private timer: unknown = null;
  /** The schedule the timer was armed for, to see when Settings change it. */
  private armedFor: string | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly o: QuietHoursOptions) {
    this.state = o.store.load(o.clock.now());
  }

  /** Epoch ms when quiet mode ends, or null when it is off. */
  quietUntil(): number | null {
    return quietUntil(this.state, this.schedule(), this.o.clock.now());
  }

  /** Called after quiet mode may have begun or ended (the tray shows it); returns a function that unsubscribes. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Arms the timer and reports the mode: at start, and after resume (timers may have slept through a boundary). */
  rearm(): void {
    this.arm();
    this.report();
  }

  /** Re-arms only when the configured schedule differs from the one the timer was armed for. */
  scheduleMayHaveChanged(): void {
    if (scheduleKey(this.schedule()) !== this.armedFor) this.rearm();
  }

  /** The tray's "for N hours". */
  startFor(hours: number): void {
    this.set(startQuiet(this.state, hours, this.o.clock.now()));
  }

  /** The tray's "End quiet mode": also silences tonight's scheduled period until it ends. */
  end(): void {
    this.set(endQuiet(this.schedule(), this.o.clock.now()));
  }

  stop(): void {
    this.clear();
    this.armedFor = null;
  }

  private schedule(): QuietSchedule | undefined {
    return this.o.lab.currentConfig.ui?.quietHours;
  }

  private set(state: QuietState): void {
    this.state = state;
    this.o.store.save(state);
    this.rearm();
  }

  private arm(): void {
    const schedule = this.schedule();
    this.armedFor = scheduleKey(schedule);
    this.clear();
    const now = this.o.clock.now();
    const next = nextQuietChange(this.state, schedule, now);
    if (next === null) return;
    this.timer = this.o.clock.setTimeout(() => {
      this.timer = null;
      this.rearm();
    }, Math.min(MAX_TIMER_MS, Math.max(0, next - now)));
  }

  private clear(): void {
    if (this.timer !== null) this.o.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private report(): void {
    this.o.lab.setPollFlags({ quiet: this.quietUntil() !== null });
    for (const l of this.listeners) l();
  }
}

function scheduleKey(schedule: QuietSchedule | undefined): string {
  return JSON.stringify(schedule ?? null);
}
