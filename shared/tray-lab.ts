import type { Guest, GuestAction, ProxmoxCluster } from './proxmox';
import type { Snapshot } from './snapshot';
import type { Status } from './status';
import type { TaskInfo } from './tasks';
import { busyText, type TrayT } from './tray-text';
import type { WakeTarget } from './wake-targets';
import { GUARDED_ACTIONS, guardOf, wayHomeBroken, type GuardReason, type WayHome } from './way-home';

/**
 * The lab's own parts of the tray, shared by the native menu and the popover:
 * the way home, the favourite guests with their actions, and what can be woken.
 */

interface GuestRef {
  cluster: string | null;
  vmid: number;
}

/** `home/101`, `guest:home/101` or `101`; null when it is none of these. */
export function parseGuestRef(ref: string): GuestRef | null {
  const m = /^(?:guest:)?(?:([A-Za-z0-9_.-]+)\/)?(\d+)$/.exec(ref.trim());
  if (!m) return null;
  return { cluster: m[1] ?? null, vmid: Number(m[2]) };
}

export interface FavouriteGuest {
  cluster: ProxmoxCluster;
  guest: Guest;
  /** Starred in LabTray (it can be unstarred there), or only tagged in Proxmox VE. */
  starred: boolean;
}

/** The favourites: starred guests in the order starred, then guests carrying the favourite tag, by name. */
export function favouriteGuests(snapshot: Pick<Snapshot, 'proxmox'>, favourites: readonly string[], tag: string): FavouriteGuest[] {
  const out: FavouriteGuest[] = [];
  const seen = new Set<string>();
  const add = (cluster: ProxmoxCluster, guest: Guest, starred: boolean): void => {
    const key = `${cluster.name}/${guest.vmid}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ cluster, guest, starred });
  };
  for (const ref of favourites) {
    const r = parseGuestRef(ref);
    if (!r) continue;
    for (const cluster of snapshot.proxmox) {
      if (r.cluster !== null && cluster.name !== r.cluster) continue;
      const guest = cluster.guests.find((g) => g.vmid === r.vmid && !g.template);
      if (guest) add(cluster, guest, true);
    }
  }
  if (tag) {
    const wanted = tag.toLowerCase();
    const tagged = snapshot.proxmox.flatMap((cluster) => cluster.guests.filter((g) => !g.template && g.tags.some((x) => x.toLowerCase() === wanted)).map((guest) => ({ cluster, guest })));
    tagged.sort((a, b) => a.guest.name.localeCompare(b.guest.name) || a.guest.vmid - b.guest.vmid);
    for (const { cluster, guest } of tagged) add(cluster, guest, false);
  }
  return out;
}

/** The task running on a guest now, if any. */
export function guestBusy(snapshot: Pick<Snapshot, 'tasks'>, cluster: string, vmid: number): TaskInfo | undefined {
  return snapshot.tasks.find((t) => t.state === 'running' && t.targetRef === `guest:${cluster}/${vmid}`);
}

export interface GuestActionOffer {
  action: GuestAction | 'backup';
  enabled: boolean;
  /** Set when the action takes down a guest that carries the way home: it asks first. */
  guard?: GuardReason;
}

/** What a favourite offers: Start, Shut down, Stop, Reboot and Back up, each enabled as its state allows. */
export function guestOffers(snapshot: Pick<Snapshot, 'tasks' | 'wayHome'>, cluster: string, guest: Guest): GuestActionOffer[] {
  const locked = guestBusy(snapshot, cluster, guest.vmid) !== undefined || guest.lock !== null;
  const running = guest.status === 'running';
  const guard = guardOf(snapshot.wayHome, cluster, guest.vmid)?.reason;
  const offer = (action: GuestActionOffer['action'], when: boolean): GuestActionOffer => ({
    action,
    enabled: !locked && when,
    ...(guard && action !== 'backup' && GUARDED_ACTIONS.has(action) ? { guard } : {}),
  });
  return [offer('start', !running), offer('shutdown', running), offer('stop', running), offer('reboot', running), offer('backup', true)];
}

/** A favourite's state in words: its PVE status, or what a running task is doing to it. */
export function guestStateText(t: TrayT, snapshot: Pick<Snapshot, 'tasks'>, cluster: string, guest: Guest): string {
  const busy = guestBusy(snapshot, cluster, guest.vmid);
  return busy ? busyText(t, busy) : t(`ui:guestStatus.${guest.status}`);
}

export function guestStatus(g: Pick<Guest, 'status'>): Status {
  return g.status === 'running' ? 'ok' : g.status === 'unknown' ? 'unknown' : 'warn';
}

/** The way home in one line, with its colour. */
export function wayHomeLine(t: TrayT, w: WayHome): { text: string; status: Status } {
  const r = w.router;
  if (w.where === 'home') {
    if (!r) return { text: t('wayHome.home'), status: 'ok' };
    const up = r.path !== 'offline' && !r.keyExpired;
    return { text: t('wayHome.homeRouter', { router: r.name, state: t(up ? 'wayHome.up' : 'wayHome.down') }), status: up ? 'ok' : 'warn' };
  }
  if (w.where === 'unknown') return { text: t('wayHome.unknown'), status: 'unknown' };
  if (w.tailscale !== 'running') return { text: t('wayHome.awayNoTailscale'), status: 'crit' };
  if (!r) return { text: t('wayHome.awayNoRouter'), status: 'crit' };
  if (r.keyExpired) return { text: t('wayHome.awayKeyExpired', { router: r.name }), status: 'crit' };
  if (wayHomeBroken(w)) return { text: t('wayHome.awayDown', { router: r.name }), status: 'crit' };
  const path = t(`wayHome.path.${r.path}`, { region: r.region ?? '?' });
  const withMs = r.latencyMs !== null ? t('wayHome.latency', { path, ms: Math.round(r.latencyMs) }) : path;
  return { text: t('wayHome.away', { path: withMs }), status: r.path === 'direct' ? 'ok' : 'warn' };
}

/** A wake target's line: its name, asleep or awake, and the way a wake-up would go from here. */
export function wakeLine(t: TrayT, w: WakeTarget): { text: string; enabled: boolean } {
  const route = w.route.kind === 'pve' || w.route.kind === 'relay' ? t(`wakeRoute.${w.route.kind}`, { via: w.route.via }) : t(`wakeRoute.${w.route.kind}`);
  return { text: t('wakeTarget', { host: w.name, state: t(w.up ? 'awake' : 'asleep'), route }), enabled: !w.up && w.route.kind !== 'none' };
}

/** The question asked before taking down a guest that carries the way home: in the tray's dialog, the popover and the window. */
export interface GuardQuestion {
  title: string;
  /** What the action does, why this guest matters, and what it costs from where the laptop is. */
  lines: string[];
  confirm: string;
  cancel: string;
}

export function guardQuestion(t: TrayT, ask: { name: string; action: GuestAction; guard: GuardReason }, where: WayHome['where'] | undefined): GuardQuestion {
  return {
    title: t(`ui:confirm.${ask.action}.title`, { count: 1 }),
    lines: [
      t(`ui:confirm.${ask.action}.body`, { count: 1, names: ask.name, defaultValue: '' }),
      t(`ui:guard.${ask.guard}`, { name: ask.name }),
      t(where === 'away' ? 'ui:guard.away' : 'ui:guard.home'),
    ].filter(Boolean),
    confirm: t('ui:guard.anyway', { action: t(`ui:action.${ask.action}`) }),
    cancel: t('ui:common.cancel'),
  };
}
