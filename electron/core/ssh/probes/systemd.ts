import { detailLines, msg, part, raw } from '../../../../shared/message';
import type { Check } from '../../../../shared/status';
import { makeCheck, unavailable, type ProbeContext } from './types';

/** Failed unit names from `systemctl --failed` (plain or with the legend and ● bullets). */
export function parseFailedUnits(text: string | undefined): string[] | null {
  const t = text ?? '';
  if (/not been booted with systemd|Failed to connect to bus|System has not been booted/i.test(t)) return null;
  const units: string[] = [];
  for (const line of t.split('\n')) {
    const f = line.replace(/^[\s●*]+/, '').trim().split(/\s+/);
    if (f.length >= 4 && /\.[a-z]+$/.test(f[0]) && f[2] === 'failed') units.push(f[0]);
  }
  return units;
}

export function systemdChecks(ctx: ProbeContext, text: string | undefined): Check[] {
  const why = unavailable(text);
  const units = why ? null : parseFailedUnits(text);
  if (units === null) return [makeCheck(ctx, 'systemd', 'unknown', msg('ssh.systemdUnknown', { host: ctx.host }), { error: why ?? (text ?? '').split('\n')[0] })];
  if (!units.length) return [makeCheck(ctx, 'systemd', 'ok', msg('ssh.systemdOk', { host: ctx.host }))];
  return [
    makeCheck(ctx, 'systemd', 'warn', msg(units.length > 1 ? 'ssh.systemdFailedN' : 'ssh.systemdFailed1', { host: ctx.host, n: units.length, units: `${units.slice(0, 3).join(', ')}${units.length > 3 ? ', …' : ''}` }), {
      ...detailLines(...units.map(raw), part('ssh.systemdSee')),
    }),
  ];
}
