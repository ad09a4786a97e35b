import type { Snapshot } from './snapshot';
import { statusRank, type Check } from './status';
import type { Notice, TaskInfo } from './tasks';
import { textEngine } from './i18n';
import type { Language } from './language';
import { checkText as sayCheck } from './message';

/**
 * Desktop notices from the difference between two snapshots (host down / back,
 * backup done / failed, peer now relayed), then a policy that rate-limits them
 * and honours quiet mode. Pure: the shell keeps the state and shows the result.
 */

export interface DetectedNotice {
  /** What it is about and what happened, e.g. `host-down:orangepi5`: the rate-limit key. */
  key: string;
  notice: Notice;
  /** Where the window should open when the notice is clicked. */
  target: string;
}

/** A check's summary in the notice language; by default the check's message in that language (its English summary when it has none). */
export type NoticeCheckText = (c: Check) => string;

/** What a tray command that failed was doing, for its notice. */
export type FailedAction = { kind: 'guestAction'; action: string; vmid: number } | { kind: 'wake'; host: string } | { kind: 'backup' };

/** Notice words in one language: its i18next instance, the `notify` namespace first. */
type NoticeT = (key: string, options?: Record<string, unknown>) => string;

function text(language: Language): NoticeT {
  return textEngine(language).i18n.getFixedT(null, 'notify');
}

/** A notice's title and body from the catalogue entry `<what>.title` / `<what>.body`. */
function said(t: NoticeT, what: string, values: Record<string, unknown>, body?: string): [string, string] {
  return [t(`${what}.title`, values), body ?? t(`${what}.body`, values)];
}

/** A backup target: a guest and its node; `vmid` null for "all guests" (a scheduled job). */
function guestOn(t: NoticeT, vmid: string | null, name: string | null, node: string): string {
  if (vmid === null) return t('allGuestsOn', { node });
  return name ? t('guestOn', { vmid, name, node }) : t('guestOnBare', { vmid, node });
}

function make(key: string, level: Notice['level'], [title, body]: [string, string], at: string, target: string): DetectedNotice {
  return { key, target, notice: { id: `${key}@${at}`, level, title, body, at } };
}

/** True when the source had delivered real data by the time of this snapshot (not a placeholder). */
function hadData(snap: Snapshot, sourceId: string): boolean {
  const meta = snap.sources.find((s) => s.id === sourceId);
  return meta === undefined || meta.updatedAt !== null;
}

/**
 * The check that says why a source or host failed: the Lab's own `<source>:source` check,
 * else the worst failing check of that source that carries an error (an SSH connection check).
 */
function reasonCheck(checks: readonly Check[], sourceId: string): Check | undefined {
  const failing = checks.filter((c) => c.source === sourceId && c.status !== 'ok');
  return failing.find((c) => c.id === `${sourceId}:source`) ?? failing.filter((c) => c.error !== undefined).sort((a, b) => statusRank(b.status) - statusRank(a.status))[0];
}

/** A guest's backup target from the snapshot (name and node in the notice language); the task's own English target otherwise. */
function taskTarget(task: TaskInfo, snap: Snapshot, t: NoticeT): string {
  const m = /^guest:([^/]+)\/(\d+)$/.exec(task.targetRef);
  const g = m ? snap.proxmox.find((c) => c.name === m[1])?.guests.find((x) => x.vmid === Number(m[2])) : undefined;
  return g ? guestOn(t, String(g.vmid), g.name, g.node) : task.target;
}

/**
 * Notices for what changed from `prev` to `next`. Nothing is reported against a first or placeholder reading.
 * Reasons that come from a check are written by `checkText`, so a Chinese notice carries the Chinese sentence.
 */
export function detectNotices(prev: Snapshot | null, next: Snapshot, language: Language = 'en', checkText: NoticeCheckText = (c) => sayCheck(language, c)): DetectedNotice[] {
  if (!prev || prev.version === 0) return [];
  const t = text(language);
  const at = next.takenAt;
  const out = new Map<string, DetectedNotice>();
  const add = (d: DetectedNotice): void => {
    if (!out.has(d.key)) out.set(d.key, d);
  };
  const guestName = (cluster: string, vmid: string): string | null => next.proxmox.find((c) => c.name === cluster)?.guests.find((g) => String(g.vmid) === vmid)?.name ?? null;

  // Proxmox nodes going offline and coming back.
  for (const cluster of next.proxmox) {
    const before = prev.proxmox.find((c) => c.name === cluster.name);
    if (!before || !hadData(prev, `proxmox:${cluster.name}`)) continue;
    for (const node of cluster.nodes) {
      const was = before.nodes.find((n) => n.name === node.name);
      if (!was) continue;
      const target = `node:${cluster.name}/${node.name}`;
      if (was.status === 'online' && node.status === 'offline') add(make(`node-down:${cluster.name}/${node.name}`, 'crit', said(t, 'nodeDown', { node: node.name, cluster: cluster.name }), at, target));
      if (was.status === 'offline' && node.status === 'online') add(make(`node-back:${cluster.name}/${node.name}`, 'info', said(t, 'nodeBack', { node: node.name, cluster: cluster.name }), at, target));
    }
  }

  // SSH hosts: unreachable in the data, or their source failing.
  for (const h of next.hosts) {
    const was = prev.hosts.find((x) => x.name === h.name);
    if (!was || !hadData(prev, `host:${h.name}`)) continue;
    const errNow = next.sources.find((s) => s.id === `host:${h.name}`)?.error ?? null;
    const errBefore = prev.sources.find((s) => s.id === `host:${h.name}`)?.error ?? null;
    const upBefore = was.reachable && errBefore === null;
    const upNow = h.reachable && errNow === null;
    const target = `host:${h.name}`;
    if (upBefore && !upNow) {
      const reason = reasonCheck([...next.checks, ...h.checks], target);
      // The check's sentence names the host and the cause; the bare error only when no check explains it.
      const body = reason ? checkText(reason) : errNow ? t('hostDown.body', { host: h.name, why: errNow }) : t('hostDown.bodyBare', { host: h.name });
      add(make(`host-down:${h.name}`, 'crit', said(t, 'hostDown', { host: h.name }, body), at, target));
    }
    if (!upBefore && upNow) add(make(`host-back:${h.name}`, 'info', said(t, 'hostBack', { host: h.name }), at, target));
  }

  // Whole clusters (Proxmox API, kube API) that stop answering.
  for (const s of next.sources) {
    if (s.kind !== 'proxmox' && s.kind !== 'kubernetes') continue;
    const was = prev.sources.find((x) => x.id === s.id);
    if (!was || was.updatedAt === null) continue;
    if (was.error === null && s.error !== null) {
      const reason = reasonCheck(next.checks, s.id);
      add(make(`source-down:${s.id}`, 'crit', said(t, 'sourceDown', { name: s.name }, reason ? checkText(reason) : s.error), at, s.id));
    }
    if (was.error !== null && s.error === null) add(make(`source-back:${s.id}`, 'info', said(t, 'sourceBack', { name: s.name }), at, s.id));
  }

  // Backups LabTray started.
  const prevTakenAt = Date.parse(prev.takenAt);
  const ownUpids = new Set<string>();
  for (const task of next.tasks) {
    if (task.upid) ownUpids.add(task.upid);
    if (task.kind !== 'backup' || task.state === 'running') continue;
    const was = prev.tasks.find((x) => x.id === task.id);
    const justEnded = was ? was.state === 'running' : task.endedAt !== null && Date.parse(task.endedAt) > prevTakenAt;
    if (!justEnded) continue;
    const what = taskTarget(task, next, t);
    if (task.state === 'ok') add(make(`backup-done:${task.id}`, 'info', said(t, 'backupDone', { target: what }), at, task.targetRef));
    else add(make(`backup-failed:${task.id}`, 'warn', said(t, 'backupFailed', { target: what }, task.message ?? t('taskError')), at, task.targetRef));
  }
  for (const task of prev.tasks) if (task.upid) ownUpids.add(task.upid);

  // Backups the cluster ran itself (scheduled vzdump jobs).
  for (const cluster of next.proxmox) {
    const before = prev.proxmox.find((c) => c.name === cluster.name);
    if (!before || !hadData(prev, `proxmox:${cluster.name}`)) continue;
    for (const task of cluster.tasks) {
      if (task.type !== 'vzdump' || task.endtime === null || ownUpids.has(task.upid)) continue;
      const was = before.tasks.find((x) => x.upid === task.upid);
      const justEnded = was ? was.endtime === null : task.endtime * 1000 > prevTakenAt;
      if (!justEnded) continue;
      const what = guestOn(t, task.id || null, task.id ? guestName(cluster.name, task.id) : null, task.node);
      const target = task.id ? `guest:${cluster.name}/${task.id}` : `node:${cluster.name}/${task.node}`;
      if (task.status === 'OK') add(make(`backup-done:${task.upid}`, 'info', said(t, 'backupDone', { target: what }), at, target));
      else add(make(`backup-failed:${task.upid}`, 'warn', said(t, 'backupFailed', { target: what }, task.status ?? t('taskError')), at, target));
    }
  }

  // Away from home: the path to the subnet router changed (relayed, direct again, down).
  const way = wayHomeChange(prev, next);
  if (way) add(make(`way-home:${way.path}`, way.path === 'offline' ? 'crit' : way.path === 'direct' ? 'info' : 'warn', said(t, `wayHome.${way.path}`, { router: way.router, region: way.region ?? '?' }), at, 'network'));

  // Tailscale peers that lose their direct path (the router's change is told above).
  if (prev.tailscale && next.tailscale) {
    for (const p of next.tailscale.peers) {
      const was = prev.tailscale.peers.find((x) => x.id === p.id);
      if (!was || !p.online || !was.online || (way && p.name === way.router)) continue;
      if (was.connection === 'direct' && p.connection === 'relay') add(make(`peer-relayed:${p.id}`, 'warn', said(t, 'relayed', { peer: p.name, relay: p.relay }, p.relay ? undefined : t('relayed.bodyAnyRelay', { peer: p.name })), at, `peer:${p.name}`));
    }
  }
  return [...out.values()];
}

/** The router's path while away, in the words a notice tells apart: idle is not a change. */
function wayPath(s: Snapshot): { router: string; path: 'direct' | 'relay' | 'peer-relay' | 'offline'; region: string | null } | null {
  const w = s.wayHome;
  if (!w || w.where !== 'away' || !w.router || w.router.path === 'idle') return null;
  return { router: w.router.name, path: w.router.path, region: w.router.region };
}

function wayHomeChange(prev: Snapshot, next: Snapshot): ReturnType<typeof wayPath> {
  const a = wayPath(prev);
  const b = wayPath(next);
  return a && b && a.router === b.router && a.path !== b.path ? b : null;
}

/** The notice for a tray command that failed (start, wake, back up now), in the notice language. */
export function actionFailedNotice(a: FailedAction, err: unknown, at: string, language: Language = 'en'): DetectedNotice {
  const why = err instanceof Error ? err.message : String(err);
  const what = a.kind === 'guestAction' ? `${a.action}:${a.vmid}` : a.kind === 'wake' ? `wake:${a.host}` : 'backup';
  const t = text(language);
  const title =
    a.kind === 'guestAction'
      ? t('failed.guestAction', { action: t(`ui:action.${a.action}`, { defaultValue: a.action }), vmid: a.vmid })
      : a.kind === 'wake'
        ? t('failed.wake', { host: a.host })
        : t('failed.backup');
  return { key: `error:${what}`, target: 'tasks', notice: { id: `error:${what}@${at}`, level: 'warn', title, body: why, at } };
}

export interface NotifyPolicy {
  /** The user's switch (ui.notifications). */
  enabled: boolean;
  /** Epoch ms until which quiet mode holds, or null. */
  quietUntil: number | null;
  /** Let critical notices through quiet mode. */
  criticalBreaksQuiet: boolean;
  /** The same key is shown at most once per this many ms (a flapping host). Default 10 minutes. */
  perKeyMs?: number;
  /** At most this many notices per window; the rest fold into one "N more changes". Default 3 per minute. */
  burst?: number;
  windowMs?: number;
}

/** What the policy remembers between calls; keep it in the shell and pass it back. */
export interface NotifyState {
  lastByKey: Record<string, number>;
  /** Times of notices shown, within the last window. */
  shown: number[];
}

export function initialNotifyState(): NotifyState {
  return { lastByKey: {}, shown: [] };
}

export interface AdmitResult {
  show: DetectedNotice[];
  state: NotifyState;
  /** Notices held back (quiet mode, rate limit, switched off). */
  held: number;
}

const DEFAULT_PER_KEY_MS = 10 * 60_000;
const DEFAULT_BURST = 3;
const DEFAULT_WINDOW_MS = 60_000;

/** Applies quiet mode and rate limits to detected notices; returns those to show and the next state. */
export function admitNotices(state: NotifyState, detected: DetectedNotice[], policy: NotifyPolicy, now: number, language: Language = 'en'): AdmitResult {
  const perKey = policy.perKeyMs ?? DEFAULT_PER_KEY_MS;
  const burst = policy.burst ?? DEFAULT_BURST;
  const windowMs = policy.windowMs ?? DEFAULT_WINDOW_MS;
  const quiet = policy.quietUntil !== null && now < policy.quietUntil;
  const lastByKey: Record<string, number> = {};
  for (const [k, at] of Object.entries(state.lastByKey)) if (now - at < perKey) lastByKey[k] = at;
  const shown = state.shown.filter((at) => now - at < windowMs);

  const candidates = detected
    .filter((d) => policy.enabled && (!quiet || (policy.criticalBreaksQuiet && d.notice.level === 'crit')))
    .filter((d) => lastByKey[d.key] === undefined)
    // Critical first, so a burst never hides a host going down behind a finished backup.
    .sort((a, b) => levelRank(b.notice.level) - levelRank(a.notice.level));
  const room = Math.max(0, burst - shown.length);
  let show: DetectedNotice[];
  if (candidates.length <= room) show = candidates;
  else if (room === 0) show = [];
  else {
    const first = candidates.slice(0, room - 1);
    const rest = candidates.length - first.length;
    const t = text(language);
    const at = new Date(now).toISOString();
    show = [...first, make(`more@${now}`, worstLevel(candidates.slice(room - 1)), said(t, 'more', { count: rest }), at, 'overview')];
  }
  for (const d of candidates) lastByKey[d.key] = now;
  for (let i = 0; i < show.length; i++) shown.push(now);
  const individually = show.filter((d) => !d.key.startsWith('more@')).length;
  return { show, state: { lastByKey, shown }, held: detected.length - individually };
}

function levelRank(l: Notice['level']): number {
  return l === 'crit' ? 2 : l === 'warn' ? 1 : 0;
}

function worstLevel(ds: DetectedNotice[]): Notice['level'] {
  return ds.reduce<Notice['level']>((w, d) => (levelRank(d.notice.level) > levelRank(w) ? d.notice.level : w), 'info');
}
