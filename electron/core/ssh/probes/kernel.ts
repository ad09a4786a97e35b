import type { Check, Status } from '../../../../shared/status';
import { makeCheck, unavailable, type ProbeContext } from './types';

export interface KernelDiskEvent {
  device: string;
  severity: 'crit' | 'warn';
  kind: string;
  line: string;
}

const RULES: { re: RegExp; severity: 'crit' | 'warn'; kind: string }[] = [
  { re: /critical medium error, dev (\w+)/, severity: 'crit', kind: 'critical medium error' },
  { re: /medium error, dev (\w+)/, severity: 'crit', kind: 'medium error' },
  { re: /I\/O error, dev (\w+)/, severity: 'crit', kind: 'I/O error' },
  { re: /Buffer I\/O error on dev(?:ice)? (\w+)/, severity: 'crit', kind: 'buffer I/O error' },
  { re: /nvme (nvme\d+): Device not ready/, severity: 'crit', kind: 'controller not ready' },
  { re: /nvme (nvme\d+): Removing after probe failure/, severity: 'crit', kind: 'controller removed' },
  { re: /(\w+): detected capacity change from \d+ to 0\b/, severity: 'crit', kind: 'disk disappeared' },
  { re: /EXT4-fs error \(device (\w+)\)/, severity: 'crit', kind: 'filesystem error' },
  { re: /BTRFS error \(device (\w+)/, severity: 'crit', kind: 'filesystem error' },
  { re: /(ata\d+)(?:\.\d+)?: .*error: \{ UNC \}/, severity: 'crit', kind: 'uncorrectable read' },
  { re: /nvme (nvme\d+): I\/O \d+ QID \d+ timeout/, severity: 'warn', kind: 'command timeout' },
  { re: /(ata\d+)(?:\.\d+)?: exception Emask/, severity: 'warn', kind: 'ATA exception' },
  { re: /(ata\d+)(?:\.\d+)?: failed command/, severity: 'warn', kind: 'failed ATA command' },
  { re: /(mmc\d+): .*(?:error|timeout)/i, severity: 'warn', kind: 'SD/eMMC error' },
];

/** Disk trouble in kernel log lines (dmesg or journalctl -k), one event per matching line. */
export function parseKernelLog(text: string | undefined): KernelDiskEvent[] {
  const out: KernelDiskEvent[] = [];
  for (const line of (text ?? '').split('\n')) {
    if (line.startsWith('#')) continue;
    for (const r of RULES) {
      const m = r.re.exec(line);
      if (m) {
        out.push({ device: m[1], severity: r.severity, kind: r.kind, line: line.trim() });
        break;
      }
    }
  }
  return out;
}

/** One check per device with errors (named, with the kind and count), or one ok check. */
export function kernelChecks(ctx: ProbeContext, text: string | undefined): Check[] {
  const why = unavailable(text);
  const hours = ctx.thresholds.kernelLogHours;
  if (why) return [makeCheck(ctx, 'kernel', 'unknown', `${ctx.host}: kernel log not readable, disk errors would go unseen`, { error: why })];
  const from = /^#from (\w+)/m.exec(text ?? '')?.[1] ?? 'kernel log';
  const window = from === 'dmesg' ? 'since boot' : `in ${hours} h`;
  const events = parseKernelLog(text);
  if (!events.length) return [makeCheck(ctx, 'kernel', 'ok', `${ctx.host}: no disk I/O errors in the kernel log ${window}`)];
  const byDev = new Map<string, KernelDiskEvent[]>();
  for (const e of events) byDev.set(e.device, [...(byDev.get(e.device) ?? []), e]);
  return [...byDev].map(([dev, evs]) => {
    const status: Status = evs.some((e) => e.severity === 'crit') ? 'crit' : 'warn';
    const kinds = [...new Set(evs.map((e) => e.kind))].join(', ');
    return makeCheck(ctx, `kernel:${dev}`, status, `${ctx.host}: ${dev}: ${kinds} in the kernel log (${evs.length} ${evs.length === 1 ? 'line' : 'lines'} ${window})${status === 'crit' ? ' — back up now, the disk may be failing' : ''}`, {
      detail: evs.slice(-5).map((e) => e.line).join('\n'),
    });
  });
}
