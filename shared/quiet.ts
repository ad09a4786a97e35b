/**
 * Quiet mode (gaming): a one-click period from the tray and/or a daily
 * schedule in local time. Pure: the shell passes the time and keeps the state.
 */

export interface QuietSchedule {
  /** `HH:MM`, local time. */
  from: string;
  /** `HH:MM`, local time; earlier than `from` means the period crosses midnight. */
  to: string;
}

export interface QuietState {
  /** Quiet chosen from the tray, until this epoch ms. */
  until: number | null;
  /** The user ended a scheduled period early: the schedule is ignored until this epoch ms. */
  scheduleOffUntil: number | null;
}

export const noQuiet: QuietState = { until: null, scheduleOffUntil: null };

const HOUR_MS = 3_600_000;

function minutesOf(hhmm: string): number | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(hhmm);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  return h < 24 && min < 60 ? h * 60 + min : null;
}

/** Epoch ms of `minutes` past local midnight, `dayOffset` days from the day of `now`. */
function localAt(now: number, dayOffset: number, minutes: number): number {
  const d = new Date(now);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() + dayOffset, Math.floor(minutes / 60), minutes % 60).getTime();
}

function parse(s: QuietSchedule | undefined | null): { from: number; to: number } | null {
  if (!s) return null;
  const from = minutesOf(s.from);
  const to = minutesOf(s.to);
  return from === null || to === null || from === to ? null : { from, to };
}

/** When the scheduled period that `now` falls in ends, or null when `now` is outside it. */
export function scheduledQuietEnd(schedule: QuietSchedule | undefined | null, now: number): number | null {
  const s = parse(schedule);
  if (!s) return null;
  const d = new Date(now);
  const m = d.getHours() * 60 + d.getMinutes() + d.getSeconds() / 60;
  if (s.from < s.to) return m >= s.from && m < s.to ? localAt(now, 0, s.to) : null;
  if (m >= s.from) return localAt(now, 1, s.to);
  return m < s.to ? localAt(now, 0, s.to) : null;
}

/** The next time a scheduled period starts (strictly after `now`), or null without a schedule. */
export function nextScheduledStart(schedule: QuietSchedule | undefined | null, now: number): number | null {
  const s = parse(schedule);
  if (!s) return null;
  const today = localAt(now, 0, s.from);
  return today > now ? today : localAt(now, 1, s.from);
}

/** Until when quiet mode holds now (the later of the tray choice and the schedule), or null when it is off. */
export function quietUntil(state: QuietState, schedule: QuietSchedule | undefined | null, now: number): number | null {
  const manual = state.until !== null && state.until > now ? state.until : null;
  const suppressed = state.scheduleOffUntil !== null && now < state.scheduleOffUntil;
  const scheduled = suppressed ? null : scheduledQuietEnd(schedule, now);
  if (manual === null) return scheduled;
  return scheduled === null ? manual : Math.max(manual, scheduled);
}

/** The tray's "for N hours". */
export function startQuiet(state: QuietState, hours: number, now: number): QuietState {
  return { ...state, until: now + hours * HOUR_MS };
}

/** The tray's "End quiet mode": also silences the schedule for the rest of its current period. */
export function endQuiet(schedule: QuietSchedule | undefined | null, now: number): QuietState {
  return { until: null, scheduleOffUntil: scheduledQuietEnd(schedule, now) };
}

/** The next instant at which quietUntil() may change, for the shell's one timer; null when nothing is pending. */
export function nextQuietChange(state: QuietState, schedule: QuietSchedule | undefined | null, now: number): number | null {
  const candidates = [state.until, state.scheduleOffUntil, scheduledQuietEnd(schedule, now), nextScheduledStart(schedule, now)];
  const future = candidates.filter((t): t is number => t !== null && t > now);
  return future.length > 0 ? Math.min(...future) : null;
}

/** Reads the persisted state; anything malformed or already over counts as no quiet. */
export function parseQuietState(text: string, now: number): QuietState {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    // A corrupt file only loses a quiet period; starting loud is the safe side.
    return noQuiet;
  }
  if (!v || typeof v !== 'object') return noQuiet;
  const o = v as Record<string, unknown>;
  const future = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) && x > now ? x : null);
  return { until: future(o.until), scheduleOffUntil: future(o.scheduleOffUntil) };
}

export function serializeQuietState(state: QuietState): string {
  return JSON.stringify({ until: state.until, scheduleOffUntil: state.scheduleOffUntil });
}
