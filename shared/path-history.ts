import { classifyPeer, type TailscaleStatus } from './tailscale';

/**
 * Each Tailscale peer's path over the last week, kept by the app (it travels
 * with the snapshot cache in the app's data folder): when it went to DERP and
 * came back, with the region. Only changes are recorded; an idle peer (no
 * recent traffic, path unknown) records nothing.
 */

export type PathState = 'direct' | 'relay' | 'peer-relay' | 'offline';

export interface PathEvent {
  /** Epoch ms when this path was first seen. */
  at: number;
  path: PathState;
  /** DERP region when relayed. */
  region: string | null;
}

/** By peer id (stable across restarts and renames). */
export type PathHistory = Readonly<Record<string, readonly PathEvent[]>>;

export const PATH_HISTORY_MS = 7 * 24 * 3_600_000;
/** A peer that flaps all week still keeps only this many changes (the oldest go first). */
export const MAX_PATH_EVENTS = 200;
const MAX_PEERS = 500;

/** The history with this status's paths added; the same object when nothing changed. */
export function recordPaths(prev: PathHistory, ts: TailscaleStatus | null, now: number): PathHistory {
  // Only a running daemon knows its peers' paths.
  if (!ts || ts.backendState !== 'Running') return prev;
  let next: Record<string, readonly PathEvent[]> | null = null;
  for (const p of ts.peers) {
    const cls = classifyPeer(p);
    if (cls === 'idle') continue;
    const region = cls === 'relay' ? p.relay : null;
    const events = prev[p.id] ?? [];
    const last = events.at(-1);
    if (last && last.path === cls && last.region === region) continue;
    next ??= { ...prev };
    next[p.id] = trim([...events, { at: now, path: cls, region }], now);
  }
  if (!next) return prev;
  const ids = Object.keys(next);
  if (ids.length > MAX_PEERS) {
    // Peers long gone (the oldest last change) make room first.
    ids.sort((a, b) => (next![b].at(-1)?.at ?? 0) - (next![a].at(-1)?.at ?? 0));
    for (const id of ids.slice(MAX_PEERS)) delete next[id];
  }
  return next;
}

/** Older than the window goes, except the last event before it: it says what the path was when the window began. */
function trim(events: PathEvent[], now: number): PathEvent[] {
  const from = now - PATH_HISTORY_MS;
  let first = events.findIndex((e) => e.at >= from);
  if (first < 0) first = events.length;
  const kept = events.slice(Math.max(0, first - 1));
  return kept.length > MAX_PATH_EVENTS ? kept.slice(kept.length - MAX_PATH_EVENTS) : kept;
}

export interface PathSegment {
  from: number;
  to: number;
  path: PathState;
  region: string | null;
}

export interface PathStory {
  /** The window as segments (before the first known event: nothing). */
  segments: PathSegment[];
  /** How many times the path turned to DERP in the window. */
  relayedTimes: number;
  relayedMs: number;
  offlineMs: number;
}

/** A peer's week: its segments, and how often and how long it was relayed. */
export function pathStory(events: readonly PathEvent[], now: number, windowMs = PATH_HISTORY_MS): PathStory {
  const from = now - windowMs;
  const segments: PathSegment[] = [];
  let relayedTimes = 0;
  events.forEach((e, i) => {
    const end = Math.min(now, events[i + 1]?.at ?? now);
    const start = Math.max(from, e.at);
    if (end <= start) return;
    segments.push({ from: start, to: end, path: e.path, region: e.region });
    if (e.path === 'relay' && e.at >= from && events[i - 1]?.path !== 'relay') relayedTimes++;
  });
  const total = (p: PathState): number => segments.filter((s) => s.path === p).reduce((n, s) => n + (s.to - s.from), 0);
  return { segments, relayedTimes, relayedMs: total('relay'), offlineMs: total('offline') };
}
