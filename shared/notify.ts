import type { Snapshot } from './snapshot';
import type { Notice } from './tasks';

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

export type NoticeLanguage = 'en' | 'zh-CN';

interface NoticeText {
  nodeDown(node: string, cluster: string): [string, string];
  nodeBack(node: string, cluster: string): [string, string];
  hostDown(host: string, why: string | null): [string, string];
  hostBack(host: string): [string, string];
  sourceDown(name: string, why: string): [string, string];
  sourceBack(name: string): [string, string];
  backupDone(target: string): [string, string];
  backupFailed(target: string, why: string): [string, string];
  relayed(peer: string, relay: string | null): [string, string];
  more(n: number): [string, string];
}

const en: NoticeText = {
  nodeDown: (n, c) => [`${n} is down`, `Proxmox node ${n} (${c}) went offline.`],
  nodeBack: (n, c) => [`${n} is back`, `Proxmox node ${n} (${c}) is online again.`],
  hostDown: (h, why) => [`${h} is down`, why ? `${h} stopped answering: ${why}` : `${h} stopped answering.`],
  hostBack: (h) => [`${h} is back`, `${h} answers again.`],
  sourceDown: (n, why) => [`Cannot reach ${n}`, why],
  sourceBack: (n) => [`${n} is reachable again`, `${n} answers again.`],
  backupDone: (t) => [`Backup done: ${t}`, `The backup of ${t} finished.`],
  backupFailed: (t, why) => [`Backup failed: ${t}`, why],
  relayed: (p, r) => [`${p} is now relayed`, r ? `Traffic to ${p} now goes through the DERP relay ${r} instead of a direct path.` : `Traffic to ${p} now goes through a DERP relay instead of a direct path.`],
  more: (n) => [`${n} more changes in your lab`, 'Open LabTray to see them.'],
};

const zh: NoticeText = {
  nodeDown: (n, c) => [`${n} 已离线`, `Proxmox 节点 ${n}（${c}）离线了。`],
  nodeBack: (n, c) => [`${n} 已恢复`, `Proxmox 节点 ${n}（${c}）重新上线。`],
  hostDown: (h, why) => [`${h} 已离线`, why ? `${h} 无响应：${why}` : `${h} 无响应。`],
  hostBack: (h) => [`${h} 已恢复`, `${h} 重新响应。`],
  sourceDown: (n, why) => [`无法连接 ${n}`, why],
  sourceBack: (n) => [`${n} 已恢复连接`, `${n} 重新响应。`],
  backupDone: (t) => [`备份完成：${t}`, `${t} 的备份已完成。`],
  backupFailed: (t, why) => [`备份失败：${t}`, why],
  relayed: (p, r) => [`${p} 改为中继连接`, r ? `到 ${p} 的流量现在经过 DERP 中继 ${r}，而不是直连。` : `到 ${p} 的流量现在经过 DERP 中继，而不是直连。`],
  more: (n) => [`实验室还有 ${n} 项变化`, '打开 LabTray 查看。'],
};

function make(key: string, level: Notice['level'], [title, body]: [string, string], at: string, target: string): DetectedNotice {
  return { key, target, notice: { id: `${key}@${at}`, level, title, body, at } };
}

/** True when the source had delivered real data by the time of this snapshot (not a placeholder). */
function hadData(snap: Snapshot, sourceId: string): boolean {
  const meta = snap.sources.find((s) => s.id === sourceId);
  return meta === undefined || meta.updatedAt !== null;
}

/** Notices for what changed from `prev` to `next`. Nothing is reported against a first or placeholder reading. */
export function detectNotices(prev: Snapshot | null, next: Snapshot, language: NoticeLanguage = 'en'): DetectedNotice[] {
  if (!prev || prev.version === 0) return [];
  const t = language === 'zh-CN' ? zh : en;
  const at = next.takenAt;
  const out = new Map<string, DetectedNotice>();
  const add = (d: DetectedNotice): void => {
    if (!out.has(d.key)) out.set(d.key, d);
  };

  // Proxmox nodes going offline and coming back.
  for (const cluster of next.proxmox) {
    const before = prev.proxmox.find((c) => c.name === cluster.name);
    if (!before || !hadData(prev, `proxmox:${cluster.name}`)) continue;
    for (const node of cluster.nodes) {
      const was = before.nodes.find((n) => n.name === node.name);
      if (!was) continue;
      const target = `node:${cluster.name}/${node.name}`;
      if (was.status === 'online' && node.status === 'offline') add(make(`node-down:${cluster.name}/${node.name}`, 'crit', t.nodeDown(node.name, cluster.name), at, target));
      if (was.status === 'offline' && node.status === 'online') add(make(`node-back:${cluster.name}/${node.name}`, 'info', t.nodeBack(node.name, cluster.name), at, target));
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
    if (upBefore && !upNow) add(make(`host-down:${h.name}`, 'crit', t.hostDown(h.name, errNow), at, target));
    if (!upBefore && upNow) add(make(`host-back:${h.name}`, 'info', t.hostBack(h.name), at, target));
  }

  // Whole clusters (Proxmox API, kube API) that stop answering.
  for (const s of next.sources) {
    if (s.kind !== 'proxmox' && s.kind !== 'kubernetes') continue;
    const was = prev.sources.find((x) => x.id === s.id);
    if (!was || was.updatedAt === null) continue;
    if (was.error === null && s.error !== null) add(make(`source-down:${s.id}`, 'crit', t.sourceDown(s.name, s.error), at, s.id));
    if (was.error !== null && s.error === null) add(make(`source-back:${s.id}`, 'info', t.sourceBack(s.name), at, s.id));
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
    if (task.state === 'ok') add(make(`backup-done:${task.id}`, 'info', t.backupDone(task.target), at, task.targetRef));
    else add(make(`backup-failed:${task.id}`, 'warn', t.backupFailed(task.target, task.message ?? 'the task ended with an error'), at, task.targetRef));
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
      const what = `${task.id || 'all guests'} on ${task.node}`;
      const target = task.id ? `guest:${cluster.name}/${task.id}` : `node:${cluster.name}/${task.node}`;
      if (task.status === 'OK') add(make(`backup-done:${task.upid}`, 'info', t.backupDone(what), at, target));
      else add(make(`backup-failed:${task.upid}`, 'warn', t.backupFailed(what, task.status ?? 'the task ended with an error'), at, target));
    }
  }

  // Tailscale peers that lose their direct path.
  if (prev.tailscale && next.tailscale) {
    for (const p of next.tailscale.peers) {
      const was = prev.tailscale.peers.find((x) => x.id === p.id);
      if (!was || !p.online || !was.online) continue;
      if (was.connection === 'direct' && p.connection === 'relay') add(make(`peer-relayed:${p.id}`, 'warn', t.relayed(p.name, p.relay), at, `peer:${p.name}`));
    }
  }
  return [...out.values()];
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
export function admitNotices(state: NotifyState, detected: DetectedNotice[], policy: NotifyPolicy, now: number, language: NoticeLanguage = 'en'): AdmitResult {
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
    const t = language === 'zh-CN' ? zh : en;
    const at = new Date(now).toISOString();
    show = [...first, make(`more@${now}`, worstLevel(candidates.slice(room - 1)), t.more(rest), at, 'overview')];
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
