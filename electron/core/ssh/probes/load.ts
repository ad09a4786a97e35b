import type { Check } from '../../../../shared/status';
import { grade, makeCheck, unavailable, type ProbeContext } from './types';

/** The three load averages from /proc/loadavg, or null. */
export function parseLoadavg(text: string | undefined): [number, number, number] | null {
  const parts = (text ?? '').trim().split(/\s+/).slice(0, 3).map(Number);
  return parts.length === 3 && parts.every((n) => Number.isFinite(n) && n >= 0) ? [parts[0], parts[1], parts[2]] : null;
}

export function parseCores(text: string | undefined): number | null {
  const n = Number((text ?? '').trim().split(/\s+/)[0]);
  return Number.isInteger(n) && n > 0 ? n : null;
}

/** Load judged per core on the 5-minute average (a short spike is not a problem). */
export function loadChecks(ctx: ProbeContext, loadText: string | undefined, cores: number | null): Check[] {
  const why = unavailable(loadText);
  const load = why ? null : parseLoadavg(loadText);
  if (!load) return [makeCheck(ctx, 'load', 'unknown', `${ctx.host}: load not known`, { error: why ?? `unexpected /proc/loadavg: "${loadText}"` })];
  const shown = load.map((l) => l.toFixed(2)).join(' ');
  if (!cores) return [makeCheck(ctx, 'load', 'unknown', `${ctx.host}: load ${shown}, core count not known`)];
  const perCore = load[1] / cores;
  const t = ctx.thresholds;
  const status = grade(perCore, t.loadPerCoreWarn, t.loadPerCoreCrit);
  return [
    makeCheck(ctx, 'load', status, `${ctx.host}: load ${shown} on ${cores} cores${status === 'ok' ? '' : ` (${perCore.toFixed(1)} per core over 5 min)`}`, {
      detail: `warn at ${t.loadPerCoreWarn} per core, critical at ${t.loadPerCoreCrit} (5-minute average)`,
    }),
  ];
}
