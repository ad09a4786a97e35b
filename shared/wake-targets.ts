import type { HostState } from './hosts';
import type { ProxmoxCluster } from './proxmox';

/**
 * Every machine that can be woken, and the way a wake-up would take from
 * where the laptop is now: the same order the core's delivery tries (straight
 * from this computer only when home is proven; else Proxmox VE for a node,
 * else an SSH relay at home). Computed once in the core; the tray, the
 * popover and the cards read it.
 */

export type WakeRoute =
  | { kind: 'direct' }
  /** Another online node of the PVE cluster sends it (POST /nodes/{node}/wakeonlan). */
  | { kind: 'pve'; via: string }
  | { kind: 'relay'; via: string }
  /** No way from here: no MAC, or away with no relay. */
  | { kind: 'none' };

export interface WakeTarget {
  name: string;
  /** A PVE node (woken by its cluster or by its MAC in hosts:), or a host of hosts: with a MAC. */
  kind: 'node' | 'host';
  /** Up now: the node online, the host answering. */
  up: boolean;
  route: WakeRoute;
}

/** What the config says about waking: the hosts with a MAC, and the SSH hosts that relay wake-ups. */
export interface WakeConfig {
  macs: readonly string[];
  relays: readonly string[];
}

function route(name: string, hasMac: boolean, atHome: boolean, cluster: ProxmoxCluster | null, relays: readonly string[]): WakeRoute {
  if (atHome && hasMac) return { kind: 'direct' };
  const other = cluster?.nodes.find((n) => n.name !== name && n.status === 'online');
  if (other) return { kind: 'pve', via: other.name };
  const relay = hasMac ? relays.find((r) => r !== name) : undefined;
  return relay ? { kind: 'relay', via: relay } : { kind: 'none' };
}

/** The machines to offer in Wake, by name; relays last seen reachable come first. */
export function wakeTargets(parts: { proxmox: readonly ProxmoxCluster[]; hosts: readonly HostState[]; atHome: boolean | null }, cfg: WakeConfig): WakeTarget[] {
  const macs = new Set(cfg.macs);
  const reachable = new Map(parts.hosts.map((h) => [h.name, h.reachable]));
  const rank = (n: string): number => (reachable.get(n) === true ? 0 : reachable.has(n) ? 2 : 1);
  const relays = [...cfg.relays].sort((a, b) => rank(a) - rank(b));
  const atHome = parts.atHome === true;
  const out = new Map<string, WakeTarget>();
  for (const cluster of parts.proxmox) {
    for (const n of cluster.nodes) {
      const mac = macs.has(n.name) || (n.hosts ?? []).some((h) => macs.has(h));
      out.set(n.name, { name: n.name, kind: 'node', up: n.status === 'online', route: route(n.name, mac, atHome, cluster, relays) });
    }
  }
  // A host that is a PVE node (joined by name or address) is offered once, as the node.
  const joined = new Set(parts.proxmox.flatMap((c) => c.nodes.flatMap((n) => n.hosts ?? [])));
  for (const name of cfg.macs) {
    if (out.has(name) || joined.has(name)) continue;
    out.set(name, { name, kind: 'host', up: reachable.get(name) === true, route: route(name, true, atHome, null, relays) });
  }
  return [...out.values()].sort((a, b) => a.name.localeCompare(b.name));
}
