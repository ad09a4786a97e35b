import type { Logger } from '../core/logger';
import type { ShellLab } from './lab-port';
import { NetworkWatcher, type NetworkWatcherOptions } from './network-watch';
import type { QuietHoursController } from './quiet-hours';

/** Electron's powerMonitor, as far as the shell listens to it. */
export interface PowerPort {
  on(event: 'suspend' | 'resume' | 'unlock-screen', listener: () => void): unknown;
}

export interface PowerNetworkOptions {
  power: PowerPort;
  lab: Pick<ShellLab, 'setPollFlags' | 'refreshAll'>;
  quiet: Pick<QuietHoursController, 'rearm'>;
  /** How the interfaces are read and how often (the watcher's change handler is this controller's). */
  network: Omit<NetworkWatcherOptions, 'onChange'>;
  log: Logger;
  now: () => number;
}

/**
 * Past this long after a `suspend`, a timer that still runs proves the laptop
 * is awake: Electron has sent spurious `suspend` events (Windows 11 when a
 * game exits) and late or missing `resume` ones (macOS after wake).
 */
export const SLEEP_WATCHDOG_MS = 2 * 60_000;

/**
 * Sleep pauses polling; waking, unlocking or a new network reads every source
 * again at once. Polling never stays paused on a missing `resume`: unlocking
 * the screen, any use of the tray and a watchdog all end the sleep.
 */
export class PowerNetworkController {
  private readonly network: NetworkWatcher;
  /** When the last `suspend` came, while no wake has been seen since; null when awake. */
  private sleptAt: number | null = null;

  constructor(private readonly o: PowerNetworkOptions) {
    // A new Wi-Fi, a VPN coming up, a dock: every source is read again instead of waiting out its interval.
    this.network = new NetworkWatcher({
      ...o.network,
      // The slow network timer doubles as the watchdog: while the laptop really sleeps it does not run.
      setInterval: (fn, ms) =>
        o.network.setInterval(() => {
          this.watchdog();
          fn();
        }, ms),
      onChange: () => {
        o.log.info('the network changed: refreshing every source');
        o.lab.refreshAll();
      },
    });
  }

  start(): void {
    this.o.power.on('suspend', () => {
      this.sleptAt = this.o.now();
      this.o.lab.setPollFlags({ sleeping: true });
    });
    this.o.power.on('resume', () => this.resumed());
    this.o.power.on('unlock-screen', () => {
      if (this.sleptAt !== null) this.wokeWithoutResume('the screen was unlocked');
      else this.network.check();
    });
    this.network.start();
  }

  stop(): void {
    this.network.stop();
  }

  /** The tray or its popover was used: whoever clicks is awake. */
  userActive(): void {
    if (this.sleptAt !== null) this.wokeWithoutResume('the tray was used');
  }

  private watchdog(): void {
    if (this.sleptAt !== null && this.o.now() - this.sleptAt >= SLEEP_WATCHDOG_MS) this.wokeWithoutResume(`timers still run ${Math.round((this.o.now() - this.sleptAt) / 1000)} s after the suspend`);
  }

  private wokeWithoutResume(why: string): void {
    this.o.log.warn(`polling was paused for sleep, but no resume came and ${why}: polling again`);
    this.resumed();
  }

  private resumed(): void {
    this.sleptAt = null;
    this.o.lab.setPollFlags({ sleeping: false });
    // Timers may have slept through a quiet-mode boundary.
    this.o.quiet.rearm();
    // A changed network has refreshed everything already.
    if (!this.network.check()) this.o.lab.refreshAll();
  }
}
