import { detailLines, msg, part } from '../../../../shared/message';
import type { Check } from '../../../../shared/status';
import { formatBytes } from '../../../../shared/units';
import { grade, makeCheck, unavailable, type ProbeContext } from './types';

export interface MemInfo {
  total: number;
  /** total − available, bytes. */
  used: number;
  swapTotal: number;
  swapUsed: number;
}

/** Parses /proc/meminfo (kB values) into bytes; MemAvailable when the kernel has it, else free + caches. */
export function parseMeminfo(text: string | undefined): MemInfo | null {
  const kv = new Map<string, number>();
  for (const line of (text ?? '').split('\n')) {
    const m = /^([A-Za-z0-9_()]+):\s+(\d+)(?:\s+kB)?/.exec(line);
    if (m) kv.set(m[1], Number(m[2]) * 1024);
  }
  const total = kv.get('MemTotal');
  if (!total) return null;
  const available = kv.get('MemAvailable') ?? (kv.get('MemFree') ?? 0) + (kv.get('Buffers') ?? 0) + (kv.get('Cached') ?? 0) + (kv.get('SReclaimable') ?? 0);
  const swapTotal = kv.get('SwapTotal') ?? 0;
  return { total, used: Math.max(0, total - available), swapTotal, swapUsed: Math.max(0, swapTotal - (kv.get('SwapFree') ?? swapTotal)) };
}

export function memoryChecks(ctx: ProbeContext, text: string | undefined): Check[] {
  const why = unavailable(text);
  const mem = why ? null : parseMeminfo(text);
  if (!mem) return [makeCheck(ctx, 'memory', 'unknown', msg('ssh.memoryUnknown', { host: ctx.host }), { error: why ?? 'no MemTotal in /proc/meminfo' })];
  const t = ctx.thresholds;
  const pct = (mem.used / mem.total) * 100;
  const checks = [
    makeCheck(ctx, 'memory', grade(pct, t.memWarn, t.memCrit), msg('host.memory', { host: ctx.host, pct: pct.toFixed(0), used: formatBytes(mem.used), total: formatBytes(mem.total) }), {
      ...detailLines(part('host.memoryLimits', { warn: t.memWarn, crit: t.memCrit })),
    }),
  ];
  if (mem.swapTotal > 0) {
    const spct = (mem.swapUsed / mem.swapTotal) * 100;
    checks.push(
      makeCheck(ctx, 'swap', grade(spct, t.swapWarn, t.swapCrit), msg('host.swap', { host: ctx.host, pct: spct.toFixed(0), used: formatBytes(mem.swapUsed), total: formatBytes(mem.swapTotal) }), {
        ...detailLines(part('host.limits', { warn: t.swapWarn, crit: t.swapCrit })),
      }),
    );
  }
  return checks;
}
