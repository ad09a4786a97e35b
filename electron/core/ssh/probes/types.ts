import type { Msg, Said } from '../../../../shared/message';
import type { Check, Status } from '../../../../shared/status';
import type { Thresholds } from './thresholds';

/** What every probe gets: where its checks belong and the limits to judge by. */
export interface ProbeContext {
  /** Host name from the config. */
  host: string;
  /** Source id, `host:<name>`. */
  source: string;
  observedAt: string;
  thresholds: Thresholds;
}

/** Builds one Check with the host's ids filled in. */
export function makeCheck(ctx: ProbeContext, probe: string, status: Status, said: Said, extra: { detail?: string; detailMsg?: Msg; error?: string; unknowable?: true } = {}): Check {
  return {
    id: `${ctx.source}:${probe}`,
    source: ctx.source,
    target: `host:${ctx.host}`,
    status,
    ...said,
    observedAt: ctx.observedAt,
    ...extra,
  };
}

/** A section the host could not produce: `!unavailable reason` (our script's marker). */
export function unavailable(text: string | undefined): string | null {
  if (text === undefined) return 'the probe produced no output';
  const m = /^!unavailable\s*(.*)$/m.exec(text.trim());
  return m ? m[1] || 'not available on this host' : null;
}

/** The status for `value` against warn / crit limits (higher is worse). */
export function grade(value: number, warn: number, crit: number): Status {
  return value >= crit ? 'crit' : value >= warn ? 'warn' : 'ok';
}
