import { foldProblems, type ProblemLine } from './problem-groups';
import type { GuestAction } from './proxmox';
import type { Snapshot } from './snapshot';
import { statusRank, type Check, type Status } from './status';
import type { Language } from './language';
import { checkText } from './message';
import { isNote } from './card-status';
import { favouriteGuests, guestOffers, guestStateText, guestStatus, wakeLine, wayHomeLine } from './tray-lab';
import { trayText, type TrayT } from './tray-text';
import type { GuardReason } from './way-home';

/**
 * The tray as a pure view of a Snapshot: `trayMenu(snapshot, prefs)` returns a
 * plain model and the Electron shell only renders it. Items carry typed
 * commands, never code, so the shell maps each one to a LabApi call.
 */

export type TrayCommand =
  /** `guard`: the guest carries the way home, so the shell asks before it acts. */
  | { type: 'guestAction'; cluster: string; vmid: number; name: string; action: GuestAction; guard?: GuardReason }
  | { type: 'wake'; host: string }
  | { type: 'backup'; cluster: string; vmids?: number[]; set?: string }
  | { type: 'open'; target?: string }
  | { type: 'refresh' }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'quiet'; hours: number }
  | { type: 'quietOff' }
  | { type: 'installUpdate' }
  | { type: 'installCli' }
  | { type: 'quit' };

export type MenuItem =
  | { kind: 'item'; id: string; label: string; enabled: boolean; command?: TrayCommand; status?: Status }
  | { kind: 'separator'; id: string }
  | { kind: 'submenu'; id: string; label: string; enabled: boolean; items: MenuItem[]; status?: Status };

export interface MenuModel {
  items: MenuItem[];
}

export type TrayIconState = Status | 'paused' | 'busy';

export interface TrayPrefs {
  /** Favourite guests: `home/101`, `guest:home/101`, or a bare vmid (any cluster). */
  favourites: string[];
  /** Guests with this Proxmox VE tag are favourites too; empty: none. */
  favouriteTag?: string;
  /** Saved backup sets from the config (`backup.sets[].name`). */
  backupSets: string[];
  /** Epoch ms until which notifications are silenced, or null. */
  quietUntil: number | null;
  /** Epoch ms; the tray never reads a clock itself. */
  now: number;
  language?: Language;
  /** How many problems the menu lists before "N more…". */
  maxProblems?: number;
  /** Offered durations for quiet mode. */
  quietHours?: number[];
  /** Renders a time of day; defaults to local HH:MM. */
  formatTime?: (epochMs: number) => string;
  /** A problem's line; by default the check's message in the menu language (its English summary when it has none). */
  checkText?: (c: Check) => string;
  /** A newer LabTray being downloaded, or downloaded and waiting for a restart (the packaged app only). */
  update?: { version: string; ready: boolean } | null;
  /** Offer "Install command line tool" (the macOS app, until `labtray` is on the PATH). */
  offerCliInstall?: boolean;
}

const DEFAULT_MAX_PROBLEMS = 5;
const DEFAULT_QUIET_HOURS = [1, 2, 4, 8];
const MAX_TASKS = 4;
const TOOLTIP_MAX = 127; // Windows truncates tray tooltips at 127 characters.

/** What a running task does, as the first word of its line: `Backing up`, `Start`; `备份`, `启动`. */
function taskVerb(t: TrayT, r: Pick<RunningTask, 'kind' | 'action'>): string {
  if (r.kind === 'backup' || r.kind === 'wake') return t(`verb.${r.kind}`);
  return t(`ui:taskAction.${r.action}`, { defaultValue: r.action });
}

/** How a problem reads in the menu: the shell's own choice, else the check's message in the menu language. */
function problemText(prefs: Pick<TrayPrefs, 'language' | 'checkText'>): (c: Check) => string {
  const lng = prefs.language ?? 'en';
  return prefs.checkText ?? ((c) => checkText(lng, c));
}

/** A problem line's text: one finding, or a folded kind with its count. */
function lineText(prefs: Pick<TrayPrefs, 'language' | 'checkText'>): (l: ProblemLine) => string {
  const one = problemText(prefs);
  const lng = prefs.language ?? 'en';
  return (l) => (l.kind === 'one' ? one(l.check) : checkText(lng, l));
}

function defaultTime(ms: number): string {
  const d = new Date(ms);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/** Problems, worst first (crit, warn, unknown), then by summary so the order is stable; an unknown that can never be known is a note, not a problem. */
export function problems(snapshot: Snapshot): Check[] {
  return snapshot.checks
    .filter((c) => c.status !== 'ok' && !isNote(c))
    .sort((a, b) => statusRank(b.status) - statusRank(a.status) || a.summary.localeCompare(b.summary) || a.id.localeCompare(b.id));
}

export interface RunningTask {
  id: string;
  kind: string;
  action: string;
  /** Human target, e.g. `101 (openwrt) on um560`. */
  target: string;
  progress: number | null;
}

/** Tasks still running: LabTray's own, plus vzdump runs the cluster started itself (scheduled backups). */
export function runningTasks(snapshot: Snapshot): RunningTask[] {
  const ours = snapshot.tasks.filter((t) => t.state === 'running');
  const known = new Set(ours.map((t) => t.upid).filter((u): u is string => u !== null));
  const out: RunningTask[] = ours.map((t) => ({ id: t.id, kind: t.kind, action: t.action, target: t.target, progress: t.progress }));
  for (const c of snapshot.proxmox) {
    for (const t of c.tasks) {
      if (t.type !== 'vzdump' || t.endtime !== null || t.status !== null || known.has(t.upid)) continue;
      out.push({ id: t.upid, kind: 'backup', action: 'vzdump', target: `${t.id || 'all'} on ${t.node}`, progress: null });
    }
  }
  return out;
}

/** Icon state: paused wins, then the worst status; a running task shows as busy only when nothing is wrong. */
export function trayIconState(snapshot: Snapshot): TrayIconState {
  if (snapshot.paused) return 'paused';
  if (snapshot.status === 'crit' || snapshot.status === 'warn') return snapshot.status;
  if (runningTasks(snapshot).length > 0) return 'busy';
  return snapshot.status;
}

function counts(snapshot: Snapshot): { nodes: number; running: number } {
  let nodes = 0;
  let running = 0;
  for (const c of snapshot.proxmox) {
    nodes += c.nodes.length;
    running += c.guests.filter((g) => g.status === 'running' && !g.template).length;
  }
  return { nodes, running };
}

/** The one-line summary at the top of the menu. */
export function summaryLine(snapshot: Snapshot, prefs: Pick<TrayPrefs, 'language'> = {}): string {
  const t = trayText(prefs.language);
  const line = summaryOnly(snapshot, t);
  if (snapshot.notSetUp) return t('notSetUp', { line });
  return snapshot.demo ? t('demo', { line }) : line;
}

function summaryOnly(snapshot: Snapshot, t: TrayT): string {
  if (snapshot.paused) return t('paused');
  // Nothing read yet: the empty snapshot, or sources that have not answered. A cached snapshot (version 0 too) has data to show.
  if ((snapshot.version === 0 && snapshot.sources.length === 0) || (snapshot.status === 'unknown' && snapshot.checks.length === 0)) return t('waiting');
  const p = problems(snapshot);
  if (p.length === 0) {
    const { nodes, running } = counts(snapshot);
    return t('allWell', { count: nodes, running });
  }
  const parts = (['crit', 'warn', 'unknown'] as const).flatMap((s) => {
    const count = p.filter((c) => c.status === s).length;
    return count ? [t(s, { count })] : [];
  });
  return t('problems', { parts });
}

/** Tooltip: LabTray, the summary and the worst problem, within the 127 characters Windows shows. */
export function trayTooltip(snapshot: Snapshot, prefs: Pick<TrayPrefs, 'language' | 'checkText'> = {}): string {
  const lines = ['LabTray', summaryLine(snapshot, prefs)];
  const first = snapshot.paused ? undefined : foldProblems(problems(snapshot))[0];
  if (first) lines.push(lineText(prefs)(first));
  const s = lines.join('\n');
  return s.length <= TOOLTIP_MAX ? s : s.slice(0, TOOLTIP_MAX - 1) + '…';
}

function favouritesSection(snapshot: Snapshot, prefs: TrayPrefs, t: TrayT): MenuItem[] {
  const tag = prefs.favouriteTag ?? '';
  const favs = favouriteGuests(snapshot, prefs.favourites, tag);
  const title: MenuItem = { kind: 'item', id: 'favourites', label: t('favourites'), enabled: false };
  if (favs.length === 0) {
    if (snapshot.proxmox.length === 0) return [];
    return [title, { kind: 'item', id: 'favourites:hint', label: t(tag ? 'favouritesHint' : 'favouritesHintStars', { tag }), enabled: true, command: { type: 'open', target: 'guests' } }];
  }
  const items: MenuItem[] = favs.map(({ cluster, guest }) => {
    const id = `fav:${cluster.name}/${guest.vmid}`;
    const state = guestStateText(t, snapshot, cluster.name, guest);
    return {
      kind: 'submenu',
      id,
      label: t('favourite', { name: guest.name, vmid: guest.vmid, state }),
      enabled: true,
      status: guestStatus(guest),
      items: guestOffers(snapshot, cluster.name, guest).map((o): MenuItem => {
        const label = o.action === 'backup' ? t('backupGuest') : t(o.action);
        const command: TrayCommand =
          o.action === 'backup'
            ? { type: 'backup', cluster: cluster.name, vmids: [guest.vmid] }
            : { type: 'guestAction', cluster: cluster.name, vmid: guest.vmid, name: guest.name, action: o.action, ...(o.guard ? { guard: o.guard } : {}) };
        return { kind: 'item', id: `${id}:${o.action}`, label: o.guard ? t('guarded', { label }) : label, enabled: o.enabled, command };
      }),
    };
  });
  return [title, ...items];
}

function wakeSection(snapshot: Snapshot, t: TrayT): MenuItem[] {
  if (snapshot.wake.length === 0) return [];
  return [
    {
      kind: 'submenu',
      id: 'wake',
      label: t('wake'),
      enabled: true,
      items: snapshot.wake.map((w) => {
        const line = wakeLine(t, w);
        return { kind: 'item' as const, id: `wake:${w.name}`, label: line.text, enabled: line.enabled, command: { type: 'wake' as const, host: w.name } };
      }),
    },
  ];
}

/** Where the laptop is and how it reaches home; opens the Network view. */
function wayHomeSection(snapshot: Snapshot, t: TrayT): MenuItem[] {
  if (!snapshot.wayHome || snapshot.paused) return [];
  const line = wayHomeLine(t, snapshot.wayHome);
  return [{ kind: 'item', id: 'way-home', label: line.text, enabled: true, status: line.status, command: { type: 'open', target: 'network' } }];
}

function backupSection(snapshot: Snapshot, prefs: TrayPrefs, t: TrayT): MenuItem[] {
  if (snapshot.proxmox.length === 0) return [];
  const items: MenuItem[] = [];
  const multi = snapshot.proxmox.length > 1;
  const favs = favouriteGuests(snapshot, prefs.favourites, prefs.favouriteTag ?? '');
  for (const cluster of snapshot.proxmox) {
    const vmids = favs.filter((f) => f.cluster === cluster).map((f) => f.guest.vmid);
    if (vmids.length) {
      items.push({
        kind: 'item',
        id: `backup:fav:${cluster.name}`,
        label: multi ? t('backupFavouritesOf', { cluster: cluster.name, count: vmids.length }) : t('backupFavourites', { count: vmids.length }),
        enabled: true,
        command: { type: 'backup', cluster: cluster.name, vmids },
      });
    }
  }
  for (const set of prefs.backupSets) {
    for (const cluster of snapshot.proxmox) {
      items.push({
        kind: 'item',
        id: `backup:set:${cluster.name}:${set}`,
        label: multi ? t('backupSetOf', { set, cluster: cluster.name }) : set,
        enabled: true,
        command: { type: 'backup', cluster: cluster.name, set },
      });
    }
  }
  if (items.length === 0) items.push({ kind: 'item', id: 'backup:none', label: t('noFavourites'), enabled: false });
  return [{ kind: 'submenu', id: 'backup', label: t('backupNow'), enabled: true, items }];
}

function tasksSection(snapshot: Snapshot, t: TrayT): MenuItem[] {
  const running = runningTasks(snapshot);
  if (running.length === 0) return [];
  const shown: MenuItem[] = running.slice(0, MAX_TASKS).map((r) => {
    const progress = r.progress !== null ? ` ${Math.round(r.progress * 100)}%` : '…';
    return { kind: 'item', id: `task:${r.id}`, label: t('task', { verb: taskVerb(t, r), target: r.target, progress }), enabled: true, command: { type: 'open', target: 'tasks' } };
  });
  if (running.length > MAX_TASKS) {
    shown.push({ kind: 'item', id: 'task:more', label: t('more', { count: running.length - MAX_TASKS }), enabled: true, command: { type: 'open', target: 'tasks' } });
  }
  return [{ kind: 'item', id: 'tasks', label: t('running'), enabled: false }, ...shown];
}

function problemsSection(snapshot: Snapshot, prefs: TrayPrefs, t: TrayT): MenuItem[] {
  if (snapshot.paused) return [];
  // Findings of one kind in numbers are one counted line: the top lines stay the ones that matter.
  const p = foldProblems(problems(snapshot));
  const max = prefs.maxProblems ?? DEFAULT_MAX_PROBLEMS;
  const say = lineText(prefs);
  const items: MenuItem[] = p.slice(0, max).map((l) => ({
    kind: 'item',
    id: `problem:${l.kind === 'one' ? l.check.id : l.id}`,
    label: say(l),
    enabled: true,
    status: l.kind === 'one' ? l.check.status : l.status,
    command: { type: 'open', target: l.kind === 'one' ? (l.check.target ?? l.check.source) : l.view },
  }));
  if (p.length > max) items.push({ kind: 'item', id: 'problem:more', label: t('more', { count: p.length - max }), enabled: true, command: { type: 'open', target: 'overview' } });
  return items;
}

function quietSection(prefs: TrayPrefs, t: TrayT): MenuItem {
  const fmt = prefs.formatTime ?? defaultTime;
  if (prefs.quietUntil !== null && prefs.quietUntil > prefs.now) {
    return {
      kind: 'submenu',
      id: 'quiet',
      label: t('quietUntil', { time: fmt(prefs.quietUntil) }),
      enabled: true,
      items: [{ kind: 'item', id: 'quiet:off', label: t('quietOff'), enabled: true, command: { type: 'quietOff' } }],
    };
  }
  return {
    kind: 'submenu',
    id: 'quiet',
    label: t('quiet'),
    enabled: true,
    items: (prefs.quietHours ?? DEFAULT_QUIET_HOURS).map((h) => ({ kind: 'item' as const, id: `quiet:${h}`, label: t('quietFor', { count: h }), enabled: true, command: { type: 'quiet' as const, hours: h } })),
  };
}

/** The app itself: an update to restart into (or on its way), the command line tool to install. */
function appSection(prefs: TrayPrefs, t: TrayT): MenuItem[] {
  const items: MenuItem[] = [];
  const u = prefs.update;
  if (u) items.push(u.ready ? { kind: 'item', id: 'update', label: t('updateReady', { version: u.version }), enabled: true, command: { type: 'installUpdate' } } : { kind: 'item', id: 'update', label: t('updateDownloading', { version: u.version }), enabled: false });
  if (prefs.offerCliInstall) items.push({ kind: 'item', id: 'install-cli', label: t('installCli'), enabled: true, command: { type: 'installCli' } });
  return items;
}

/** Builds the whole tray menu from one snapshot. Sections that have nothing to show are left out. */
export function trayMenu(snapshot: Snapshot, prefs: TrayPrefs): MenuModel {
  const t = trayText(prefs.language);
  const sections: MenuItem[][] = [
    [{ kind: 'item', id: 'summary', label: summaryLine(snapshot, prefs), enabled: true, status: trayIconStatus(snapshot), command: { type: 'open', target: 'overview' } }, ...problemsSection(snapshot, prefs, t)],
    wayHomeSection(snapshot, t),
    favouritesSection(snapshot, prefs, t),
    [...wakeSection(snapshot, t), ...backupSection(snapshot, prefs, t)],
    tasksSection(snapshot, t),
    [
      { kind: 'item', id: 'open', label: t('open'), enabled: true, command: { type: 'open' } },
      ...(snapshot.paused ? [] : [{ kind: 'item' as const, id: 'refresh', label: t('refresh'), enabled: true, command: { type: 'refresh' as const } }]),
      snapshot.paused
        ? { kind: 'item', id: 'resume', label: t('resume'), enabled: true, command: { type: 'resume' } }
        : { kind: 'item', id: 'pause', label: t('pause'), enabled: true, command: { type: 'pause' } },
      quietSection(prefs, t),
    ],
    [...appSection(prefs, t), { kind: 'item', id: 'quit', label: t('quit'), enabled: true, command: { type: 'quit' } }],
  ];
  const items: MenuItem[] = [];
  for (const s of sections) {
    if (s.length === 0) continue;
    if (items.length) items.push({ kind: 'separator', id: `sep:${items.length}` });
    items.push(...s);
  }
  return { items };
}

function trayIconStatus(snapshot: Snapshot): Status {
  return snapshot.paused ? 'unknown' : snapshot.status;
}
