import type { Guest, GuestAction, ProxmoxCluster } from './proxmox';
import { classifyPeer, findSubnetRouter, peerMatches, type LocationState, type PeerClass, type TailscalePeer, type TailscaleStatus } from './tailscale';

/**
 * The way home: whether this laptop is at home, and when away, how it reaches
 * the home LAN (the tailnet's subnet router: its path, its latency, whether it
 * is up). The guests that carry that way are guarded: stopping one asks first.
 * Computed once in the core from the snapshot's parts; the tray, the popover,
 * the window and the CLI all read the result.
 */

/** Why a guest is guarded. */
export type GuardReason = 'subnetRouter' | 'exitNode' | 'protected';

export interface GuardedGuest {
  cluster: string;
  vmid: number;
  name: string;
  reason: GuardReason;
}

export interface WayHomeRouter {
  /** The Tailscale peer's name. */
  name: string;
  /** The path to it now; `offline` also when its PVE guest is not running (before Tailscale notices). */
  path: PeerClass;
  /** DERP region when relayed. */
  region: string | null;
  /** Round trip of the latest answered ping, when there is one. */
  latencyMs: number | null;
  keyExpired: boolean;
  /** Its PVE guest, when one carries it. */
  guest: { cluster: string; vmid: number; status: Guest['status'] } | null;
}

export interface WayHome {
  /** From the location probes; `unknown` until they answer (or without a `home:` section). */
  where: 'home' | 'away' | 'unknown';
  /** Tailscale's own state, null without Tailscale. */
  tailscale: 'running' | 'down' | null;
  /** The home subnet router, null when there is none (or no Tailscale). */
  router: WayHomeRouter | null;
  guarded: GuardedGuest[];
}

export interface WayHomeOptions {
  /** tailscale.subnetRouter from the config. */
  subnetRouter?: string;
  /** ui.protected: guests as `cluster/vmid`, a bare vmid, or a guest name. */
  protected?: readonly string[];
}

interface Parts {
  proxmox: readonly ProxmoxCluster[];
  tailscale: TailscaleStatus | null;
  location: LocationState | null;
}

/** The PVE guest a Tailscale peer runs in, by name (its host name or MagicDNS name). */
function guestOfPeer(proxmox: readonly ProxmoxCluster[], peer: TailscalePeer): { cluster: ProxmoxCluster; guest: Guest } | null {
  for (const cluster of proxmox) {
    const guest = cluster.guests.find((g) => !g.template && peerMatches(peer, g.name));
    if (guest) return { cluster, guest };
  }
  return null;
}

/** Whether a `ui.protected` entry names this guest. */
function named(ref: string, cluster: string, g: Guest): boolean {
  const r = ref.trim();
  const m = /^(?:([A-Za-z0-9_.-]+)\/)?(\d+)$/.exec(r);
  if (m) return (m[1] === undefined || m[1] === cluster) && Number(m[2]) === g.vmid;
  return r.toLowerCase() === g.name.toLowerCase();
}

function guardedGuests(parts: Parts, router: TailscalePeer | null, opts: WayHomeOptions): GuardedGuest[] {
  const out = new Map<string, GuardedGuest>();
  const add = (cluster: string, g: Guest, reason: GuardReason): void => {
    const key = `${cluster}/${g.vmid}`;
    if (!out.has(key)) out.set(key, { cluster, vmid: g.vmid, name: g.name, reason });
  };
  const carriers: [TailscalePeer, GuardReason][] = [];
  if (router) carriers.push([router, 'subnetRouter']);
  // The exit node this laptop sends everything through, when it runs at home.
  for (const p of parts.tailscale?.peers ?? []) if (p.exitNode) carriers.push([p, 'exitNode']);
  for (const [peer, reason] of carriers) {
    const hit = guestOfPeer(parts.proxmox, peer);
    if (hit) add(hit.cluster.name, hit.guest, reason);
  }
  for (const ref of opts.protected ?? []) {
    for (const c of parts.proxmox) for (const g of c.guests) if (!g.template && named(ref, c.name, g)) add(c.name, g, 'protected');
  }
  return [...out.values()];
}

function routerState(parts: Parts, peer: TailscalePeer): WayHomeRouter {
  const hit = guestOfPeer(parts.proxmox, peer);
  const guest = hit ? { cluster: hit.cluster.name, vmid: hit.guest.vmid, status: hit.guest.status } : null;
  // The freshest answered ping says how the path was at that moment, with its round trip.
  const ping = (parts.tailscale?.pings ?? []).filter((r) => r.ok && peerMatches(peer, r.peer)).at(-1);
  let path = classifyPeer(peer);
  let region = peer.relay;
  if (ping && path !== 'offline' && path !== 'peer-relay' && ping.via) {
    path = ping.via;
    region = ping.relay ?? region;
  }
  // PVE knows first: a router guest that is not running carries nothing, whatever Tailscale still shows.
  if (guest && guest.status !== 'running') path = 'offline';
  return {
    name: peer.name,
    path,
    region: path === 'relay' ? region : null,
    latencyMs: path === 'offline' ? null : (ping?.latencyMs ?? null),
    keyExpired: peer.keyExpired === true,
    guest,
  };
}

/** The way home from the snapshot's parts; null when the lab has neither Tailscale nor location probes. */
export function wayHome(parts: Parts, opts: WayHomeOptions = {}): WayHome | null {
  const ts = parts.tailscale;
  if (!ts && !parts.location) return null;
  const running = ts?.backendState === 'Running';
  const peer = ts ? findSubnetRouter(ts, opts.subnetRouter) : null;
  const atHome = parts.location?.atHome ?? null;
  return {
    where: atHome === true ? 'home' : atHome === false ? 'away' : 'unknown',
    tailscale: ts ? (running ? 'running' : 'down') : null,
    router: peer ? routerState(parts, peer) : null,
    guarded: guardedGuests(parts, peer, opts),
  };
}

/** Whether the way home is cut or in danger: away with Tailscale down, or the router down. */
export function wayHomeBroken(w: WayHome): boolean {
  if (w.where !== 'away') return false;
  return w.tailscale === 'down' || w.router === null || w.router.path === 'offline' || w.router.keyExpired;
}

/** The guard on one guest, or undefined. */
export function guardOf(w: WayHome | null | undefined, cluster: string, vmid: number): GuardedGuest | undefined {
  return w?.guarded.find((g) => g.cluster === cluster && g.vmid === vmid);
}

/** Actions that take a guest down: the ones a guard asks about. */
export const GUARDED_ACTIONS: ReadonlySet<GuestAction> = new Set<GuestAction>(['stop', 'shutdown', 'reboot', 'suspend']);

/** The guarded guests among `keys` (`cluster/vmid`) that `action` would take down: the ones to ask about. */
export function guardsAmong(w: WayHome | null | undefined, keys: readonly string[], action: GuestAction): GuardedGuest[] {
  if (!w || !GUARDED_ACTIONS.has(action)) return [];
  const wanted = new Set(keys);
  return w.guarded.filter((g) => wanted.has(`${g.cluster}/${g.vmid}`));
}
