import type { NetworkInterfaceInfo } from 'node:os';

type Interfaces = NodeJS.Dict<NetworkInterfaceInfo[]>;

/** macOS's AirDrop / low-latency WLAN links: they come and go with nearby devices, not with the network. */
const PEER_LINKS = /^(awdl|llw)\d+$/;

/** The first four groups of an IPv6 address (its /64 network), written out in full. */
function ipv6Prefix64(address: string): string {
  const bare = address.split('%')[0].toLowerCase();
  const [head, tail] = bare.includes('::') ? bare.split('::') : [bare, null];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === null ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return groups
    .slice(0, 4)
    .map((g) => g.padStart(4, '0'))
    .join(':');
}

/**
 * What of one address says which network the machine is on: an IPv4 address
 * and its mask; for IPv6 only the /64 network, as temporary (privacy)
 * addresses change every few hours on the same network; nothing for
 * link-local IPv6, which every interface has whatever it is attached to.
 */
function attachment(a: NetworkInterfaceInfo): string | null {
  if (a.internal) return null;
  if (a.family === 'IPv4') return `IPv4/${a.address}/${a.netmask}`;
  return /^fe[89ab]/i.test(a.address) ? null : `IPv6/${ipv6Prefix64(a.address)}`;
}

/** The machine's external attachments as one stable string: equal strings mean the same network attachment. */
export function networkSignature(ifaces: Interfaces): string {
  const out = new Set<string>();
  for (const [name, list] of Object.entries(ifaces)) {
    if (PEER_LINKS.test(name)) continue;
    for (const a of list ?? []) {
      const at = attachment(a);
      if (at) out.add(`${name}/${at}`);
    }
  }
  return [...out].sort().join(',');
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
