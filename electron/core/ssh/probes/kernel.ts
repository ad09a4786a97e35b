import { english, msg, part, plural, type CoreKey, type Msg } from '../../../../shared/message';
import type { Check, Status } from '../../../../shared/status';
import { diskOf, parseBlockDevices, relatedNames, type BlockMap } from './block';
import { matchKernelLine } from './kernel-rules';
import { makeCheck, unavailable, type ProbeContext } from './types';

export { kernelGrepPattern, KERNEL_RULES } from './kernel-rules';

export interface KernelDiskEvent {
  /** The device the line names: a disk, a partition or a controller port. */
  device: string;
  severity: 'crit' | 'warn';
  key: CoreKey;
  /** The kind in English (`command timeout`). */
  kind: string;
  line: string;
}

/** Disk trouble in kernel log lines (dmesg or journalctl -k), one event per matching line. */
export function parseKernelLog(text: string | undefined): KernelDiskEvent[] {
  const out: KernelDiskEvent[] = [];
  for (const line of (text ?? '').split('\n')) {
    if (line.startsWith('#')) continue;
    const m = matchKernelLine(line);
    if (m) out.push({ device: m.device, severity: m.rule.severity, key: m.rule.key, kind: english(part(m.rule.key)), line: line.trim() });
  }
  return out;
}

/**
 * One check per disk with errors (named, with the kinds and line count), or
 * one ok check. A controller's lines join its disk's (`nvme1` with `nvme1n1`,
 * `ata3` with `sda`) when the host's /sys/block (`blockdevs`) tells which is which.
 */
export function kernelChecks(ctx: ProbeContext, text: string | undefined, blockdevs?: string): Check[] {
  const why = unavailable(text);
  const hours = ctx.thresholds.kernelLogHours;
  if (why) return [makeCheck(ctx, 'kernel', 'unknown', msg('ssh.kernelUnreadable', { host: ctx.host }), { error: why })];
  const from = /^#from (\w+)/m.exec(text ?? '')?.[1] ?? 'kernel log';
  const window = from === 'dmesg' ? part('ssh.kernelSinceBoot') : part('ssh.kernelInHours', { hours });
  const events = parseKernelLog(text);
  if (!events.length) return [makeCheck(ctx, 'kernel', 'ok', msg('ssh.kernelOk', { host: ctx.host, window }))];
  const map = parseBlockDevices(blockdevs);
  const byDisk = new Map<string, KernelDiskEvent[]>();
  for (const e of events) {
    const disk = diskOf(map, e.device);
    byDisk.set(disk, [...(byDisk.get(disk) ?? []), e]);
  }
  return [...byDisk].map(([disk, evs]) => {
    const status: Status = evs.some((e) => e.severity === 'crit') ? 'crit' : 'warn';
    const graveFirst = [...evs.filter((e) => e.severity === 'crit'), ...evs.filter((e) => e.severity !== 'crit')];
    const kinds = [...new Set(graveFirst.map((e) => e.key))].map((k) => part(k));
    return makeCheck(ctx, `kernel:${disk}`, status, msg('ssh.kernelErrors', { host: ctx.host, dev: diskName(map, disk), kinds, lines: plural('ssh.kernelLines', evs.length), window, advice: status === 'crit' ? part('ssh.kernelBackUp') : '' }), {
      detail: evs.slice(-5).map((e) => e.line).join('\n'),
    });
  });
}

function diskName(map: BlockMap, disk: string): string | Msg {
  const via = relatedNames(map, disk);
  return via.length ? part('ssh.kernelDiskVia', { disk, via }) : disk;
}
