import { msg } from '../../../../shared/message';
import type { Check } from '../../../../shared/status';
import { makeCheck, unavailable, type ProbeContext } from './types';

/** Seconds since boot from /proc/uptime, or null. */
export function parseUptime(text: string | undefined): number | null {
  const v = Number((text ?? '').trim().split(/\s+/)[0]);
  return Number.isFinite(v) && v >= 0 && (text ?? '').trim() !== '' ? v : null;
}

export function uptimeChecks(ctx: ProbeContext, text: string | undefined): Check[] {
  const why = unavailable(text);
  const up = why ? null : parseUptime(text);
  if (up === null) return [makeCheck(ctx, 'uptime', 'unknown', msg('ssh.uptimeUnknown', { host: ctx.host }), { error: why ?? `unexpected /proc/uptime: "${text}"` })];
  return [makeCheck(ctx, 'uptime', 'ok', msg('ssh.uptime', { host: ctx.host, uptime: up }))];
}
