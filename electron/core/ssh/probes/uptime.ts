import type { Check } from '../../../../shared/status';
import { makeCheck, unavailable, type ProbeContext } from './types';

/** Seconds since boot from /proc/uptime, or null. */
export function parseUptime(text: string | undefined): number | null {
  const v = Number((text ?? '').trim().split(/\s+/)[0]);
  return Number.isFinite(v) && v >= 0 && (text ?? '').trim() !== '' ? v : null;
}

export function formatDuration(seconds: number): string {
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return d ? `${d} d ${h} h` : h ? `${h} h ${m} min` : `${m} min`;
}

export function uptimeChecks(ctx: ProbeContext, text: string | undefined): Check[] {
  const why = unavailable(text);
  const up = why ? null : parseUptime(text);
  if (up === null) return [makeCheck(ctx, 'uptime', 'unknown', `${ctx.host}: uptime not known`, { error: why ?? `unexpected /proc/uptime: "${text}"` })];
  return [makeCheck(ctx, 'uptime', 'ok', `${ctx.host}: up ${formatDuration(up)}`)];
}
