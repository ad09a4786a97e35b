import { detailLines, msg, part } from '../../../../shared/message';
import type { Check } from '../../../../shared/status';
import { formatBytes } from '../../../../shared/units';
import { grade, makeCheck, unavailable, type ProbeContext } from './types';

export interface MountUsage {
  filesystem: string;
  type: string;
  mount: string;
  sizeBytes: number;
  usedBytes: number;
  availBytes: number;
  /** used / (used + available), like df's Capacity column. */
  percent: number;
}

/** Types that hold no user data or cannot fill up. */
const PSEUDO = new Set(['tmpfs', 'devtmpfs', 'squashfs', 'efivarfs', 'ramfs', 'iso9660', 'udf', 'proc', 'sysfs', 'devpts', 'cgroup', 'cgroup2', 'nsfs', 'fuse.snapfuse', 'fuse.lxcfs']);

/** Parses `df -kPT`; pseudo filesystems are dropped and a filesystem mounted twice counts once. */
export function parseDf(text: string | undefined): MountUsage[] {
  const out: MountUsage[] = [];
  const seen = new Set<string>();
  for (const line of (text ?? '').split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 7) continue;
    const [filesystem, type, blocks, used, avail] = f;
    const mount = f.slice(6).join(' ');
    const size = Number(blocks) * 1024;
    if (!Number.isFinite(size) || size <= 0 || PSEUDO.has(type) || seen.has(filesystem)) continue;
    seen.add(filesystem);
    const u = Number(used) * 1024;
    const a = Number(avail) * 1024;
    out.push({ filesystem, type, mount, sizeBytes: size, usedBytes: u, availBytes: a, percent: u + a > 0 ? (u / (u + a)) * 100 : 0 });
  }
  return out;
}

export function diskChecks(ctx: ProbeContext, text: string | undefined): Check[] {
  const why = unavailable(text);
  const mounts = why ? [] : parseDf(text);
  if (!mounts.length) return [makeCheck(ctx, 'disk', 'unknown', msg('ssh.diskUnknown', { host: ctx.host }), { error: why ?? 'df listed no filesystems' })];
  const t = ctx.thresholds;
  return mounts.map((m) =>
    makeCheck(ctx, `disk:${m.mount}`, grade(m.percent, t.diskWarn, t.diskCrit), msg('host.disk', { host: ctx.host, mount: m.mount, pct: Math.ceil(m.percent), free: formatBytes(m.availBytes), size: formatBytes(m.sizeBytes) }), {
      ...detailLines(part('host.diskLimits', { device: m.filesystem, fstype: m.type, warn: t.diskWarn, crit: t.diskCrit })),
    }),
  );
}
