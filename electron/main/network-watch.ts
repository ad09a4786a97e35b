import type { NetworkInterfaceInfo } from 'node:os';

type Interfaces = NodeJS.Dict<NetworkInterfaceInfo[]>;

/** The machine's external addresses as one stable string: equal strings mean the same network attachment. */
export function networkSignature(ifaces: Interfaces): string {
  const out: string[] = [];
  for (const [name, list] of Object.entries(ifaces)) {
    for (const a of list ?? []) {
      if (a.internal) continue;
      out.push(`${name}/${a.family}/${a.address}/${a.netmask}`);
    }
  }
  return out.sort().join(',');
}

/** Whether the network changed between two readings; the first reading is never a change. */
export function networkChanged(prev: string | null, next: string): boolean {
  return prev !== null && prev !== next;
}

export interface NetworkWatcherOptions {
  read: () => Interfaces;
  onChange: () => void;
  /** How often to look when nothing else says so (cheap: a syscall, no network). */
  intervalMs: number;
  setInterval: (fn: () => void, ms: number) => unknown;
  clearInterval: (handle: unknown) => void;
}

/** Looks at the interfaces on a slow timer and whenever check() is called (resume, unlock, online). */
export class NetworkWatcher {
  private last: string | null = null;
  private timer: unknown = null;

  constructor(private readonly opts: NetworkWatcherOptions) {}

  start(): void {
    if (this.timer !== null) return;
    this.check();
    this.timer = this.opts.setInterval(() => this.check(), this.opts.intervalMs);
  }

  stop(): void {
    if (this.timer !== null) this.opts.clearInterval(this.timer);
    this.timer = null;
  }

  /** Reads the interfaces now; calls onChange when they differ from the last reading. */
  check(): boolean {
    const next = networkSignature(this.opts.read());
    const changed = networkChanged(this.last, next);
    this.last = next;
    if (changed) this.opts.onChange();
    return changed;
  }
}
