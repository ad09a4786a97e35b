import { msg, part, type CoreKey } from '../../../../shared/message';
import type { Check, Status } from '../../../../shared/status';
import { makeCheck, unavailable, type ProbeContext } from './types';

export interface KernelDiskEvent {
  device: string;
  severity: 'crit' | 'warn';
  kind: string;
  line: string;
}

const RULES: { re: RegExp; severity: 'crit' | 'warn'; kind: string; key: CoreKey }[] = [
  { re: /critical medium error, dev (\w+)/, severity: 'crit', kind: 'critical medium error', key: 'kernel.criticalMediumError' },
  { re: /medium error, dev (\w+)/, severity: 'crit', kind: 'medium error', key: 'kernel.mediumError' },
  { re: /I\/O error, dev (\w+)/, severity: 'crit', kind: 'I/O error', key: 'kernel.ioError' },
  { re: /Buffer I\/O error on dev(?:ice)? (\w+)/, severity: 'crit', kind: 'buffer I/O error', key: 'kernel.bufferIoError' },
  { re: /nvme (nvme\d+): Device not ready/, severity: 'crit', kind: 'controller not ready', key: 'kernel.controllerNotReady' },
  { re: /nvme (nvme\d+): Removing after probe failure/, severity: 'crit', kind: 'controller removed', key: 'kernel.controllerRemoved' },
  { re: /(\w+): detected capacity change from \d+ to 0\b/, severity: 'crit', kind: 'disk disappeared', key: 'kernel.diskDisappeared' },
  { re: /EXT4-fs error \(device (\w+)\)/, severity: 'crit', kind: 'filesystem error', key: 'kernel.filesystemError' },
  { re: /BTRFS error \(device (\w+)/, severity: 'crit', kind: 'filesystem error', key: 'kernel.filesystemError' },
  { re: /(ata\d+)(?:\.\d+)?: .*error: \{ UNC \}/, severity: 'crit', kind: 'uncorrectable read', key: 'kernel.uncorrectableRead' },
  { re: /nvme (nvme\d+): I\/O \d+ QID \d+ timeout/, severity: 'warn', kind: 'command timeout', key: 'kernel.commandTimeout' },
  { re: /(ata\d+)(?:\.\d+)?: exception Emask/, severity: 'warn', kind: 'ATA exception', key: 'kernel.ataException' },
  { re: /(ata\d+)(?:\.\d+)?: failed command/, severity: 'warn', kind: 'failed ATA command', key: 'kernel.failedAtaCommand' },
  { re: /(mmc\d+): .*(?:error|timeout)/i, severity: 'warn', kind: 'SD/eMMC error', key: 'kernel.sdError' },
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
  if (why) return [makeCheck(ctx, 'kernel', 'unknown', msg('ssh.kernelUnreadable', { host: ctx.host }), { error: why })];
  const from = /^#from (\w+)/m.exec(text ?? '')?.[1] ?? 'kernel log';
  const window = from === 'dmesg' ? part('ssh.kernelSinceBoot') : part('ssh.kernelInHours', { hours });
  const events = parseKernelLog(text);
  if (!events.length) return [makeCheck(ctx, 'kernel', 'ok', msg('ssh.kernelOk', { host: ctx.host, window }))];
  const byDev = new Map<string, KernelDiskEvent[]>();
  for (const e of events) byDev.set(e.device, [...(byDev.get(e.device) ?? []), e]);
  return [...byDev].map(([dev, evs]) => {
    const status: Status = evs.some((e) => e.severity === 'crit') ? 'crit' : 'warn';
    const kinds = [...new Set(evs.map((e) => e.kind))].map((k) => {
      const key = RULES.find((r) => r.kind === k)?.key;
      return key ? part(key) : k;
    });
    const lines = evs.length === 1 ? part('ssh.kernelLine1') : part('ssh.kernelLines', { n: evs.length });
    return makeCheck(ctx, `kernel:${dev}`, status, msg('ssh.kernelErrors', { host: ctx.host, dev, kinds, lines, window, advice: status === 'crit' ? part('ssh.kernelBackUp') : '' }), {
      detail: evs.slice(-5).map((e) => e.line).join('\n'),
    });
  });
}
