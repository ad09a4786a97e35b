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
}

/** Sleep pauses polling; waking, unlocking or a new network reads every source again at once. */
export class PowerNetworkController {
  private readonly network: NetworkWatcher;

  constructor(private readonly o: PowerNetworkOptions) {
    // A new Wi-Fi, a VPN coming up, a dock: every source is read again instead of waiting out its interval.
    this.network = new NetworkWatcher({
      ...o.network,
      onChange: () => {
        o.log.info('the network changed: refreshing every source');
        o.lab.refreshAll();
      },
    });
  }

  start(): void {
    this.o.power.on('suspend', () => this.o.lab.setPollFlags({ sleeping: true }));
    this.o.power.on('resume', () => this.resumed());
    this.o.power.on('unlock-screen', () => this.network.check());
    this.network.start();
  }

  stop(): void {
    this.network.stop();
  }

  private resumed(): void {
    this.o.lab.setPollFlags({ sleeping: false });
    // Timers may have slept through a quiet-mode boundary.
    this.o.quiet.rearm();
    // A changed network has refreshed everything already.
    if (!this.network.check()) this.o.lab.refreshAll();
  }
}
