import { detailLines, msg, part } from '../../../../shared/message';
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
  if (!load) return [makeCheck(ctx, 'load', 'unknown', msg('ssh.loadUnknown', { host: ctx.host }), { error: why ?? `unexpected /proc/loadavg: "${loadText}"` })];
  const shown = load.map((l) => l.toFixed(2)).join(' ');
  if (!cores) return [makeCheck(ctx, 'load', 'unknown', msg('host.loadNoCores', { host: ctx.host, load: shown }))];
  const perCore = load[1] / cores;
  const t = ctx.thresholds;
  const status = grade(perCore, t.loadPerCoreWarn, t.loadPerCoreCrit);
  return [
    makeCheck(ctx, 'load', status, msg('host.load', { host: ctx.host, load: shown, cores, perCore: status === 'ok' ? '' : part('host.loadPerCore', { perCore: perCore.toFixed(1) }) }), {
      ...detailLines(part('host.loadLimits', { warn: t.loadPerCoreWarn, crit: t.loadPerCoreCrit })),
    }),
  ];
}
