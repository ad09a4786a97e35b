import type { CoreKey } from '../../../../shared/message';

/**
 * The kernel log lines that mean disk trouble: one table, read twice. The
 * host greps its kernel log with the union of these patterns before sending
 * it (kernelGrepPattern), and the parser matches each line against the same
 * patterns (matchKernelLine), so a line the parser has a rule for is never
 * dropped on the host.
 *
 * Patterns are written in the syntax POSIX `grep -E` and JavaScript agree on:
 * literals, `.`, `*`, `+`, `?`, `|`, bracket classes, capturing groups and
 * backslash-escaped punctuation. No `\d`, `\w`, `\b`, `(?:`, anchors, `$` or
 * quotes (the script is sent inside single quotes, the pattern inside double).
 * Numbers the kernel prints have no leading zeros, so `to 0` needs no anchor.
 */
export interface KernelRule {
  pattern: string;
  /** Which capturing group names the device (a disk, a partition or a controller port). */
  group: number;
  severity: 'crit' | 'warn';
  key: CoreKey;
}

/** A block device, partition or mapper name as the kernel prints it (`sda`, `nvme0n1p2`, `dm-0`). */
const DEV = '[A-Za-z0-9_-]+';
const NVME = 'nvme (nvme[0-9]+): ';
const ATA = '(ata[0-9]+)(\\.[0-9]+)?: ';

/** First match wins: within a family the graver wording comes first. */
export const KERNEL_RULES: readonly KernelRule[] = [
  // Block layer (blk_update_request / print_req_error): any disk.
  { pattern: `critical medium error, dev (${DEV})`, group: 1, severity: 'crit', key: 'kernel.criticalMediumError' },
  { pattern: `medium error, dev (${DEV})`, group: 1, severity: 'crit', key: 'kernel.mediumError' },
  { pattern: `I/O error, dev (${DEV})`, group: 1, severity: 'crit', key: 'kernel.ioError' },
  { pattern: `Buffer I/O error on dev(ice)? (${DEV})`, group: 2, severity: 'crit', key: 'kernel.bufferIoError' },
  { pattern: `(${DEV}): detected capacity change from [0-9]+ to 0`, group: 1, severity: 'crit', key: 'kernel.diskDisappeared' },
  // NVMe controllers (drivers/nvme/host): not ready, down, removed, disabled, reset, timed out.
  // Before the driver names the controller it is a PCI address (`nvme 0000:01:00.0: ...`): the device fell off the bus.
  { pattern: 'nvme ([0-9a-f]+:[0-9a-f]+:[0-9a-f]+\\.[0-9a-f]+): .*device inaccessible', group: 1, severity: 'crit', key: 'kernel.controllerInaccessible' },
  { pattern: `${NVME}Device not ready`, group: 1, severity: 'crit', key: 'kernel.controllerNotReady' },
  { pattern: `${NVME}controller is down`, group: 1, severity: 'crit', key: 'kernel.controllerDown' },
  { pattern: `${NVME}Removing after probe failure`, group: 1, severity: 'crit', key: 'kernel.controllerRemoved' },
  { pattern: `${NVME}Disabling device after reset failure`, group: 1, severity: 'crit', key: 'kernel.controllerDisabled' },
  { pattern: `${NVME}I/O .*QID [0-9]+ timeout`, group: 1, severity: 'warn', key: 'kernel.commandTimeout' },
  { pattern: `${NVME}(resetting controller|frozen state error detected, reset controller)`, group: 1, severity: 'warn', key: 'kernel.controllerReset' },
  // NVMe namespaces (nvme_log_error): the media could not be read or written, or a command failed.
  { pattern: '(nvme[0-9]+n[0-9]+): .*(Unrecovered Read Error|Write Fault)', group: 1, severity: 'crit', key: 'kernel.mediumError' },
  { pattern: '(nvme[0-9]+n[0-9]+): [^@]*@ LBA [0-9]+, [0-9]+ blocks, ', group: 1, severity: 'warn', key: 'kernel.nvmeCommandError' },
  // SCSI / SAS sense data (scsi_print_sense).
  { pattern: '\\[(sd[a-z]+)\\] (tag#[0-9]+ )?Sense Key : Medium Error', group: 1, severity: 'crit', key: 'kernel.mediumError' },
  { pattern: '\\[(sd[a-z]+)\\] (tag#[0-9]+ )?Sense Key : Hardware Error', group: 1, severity: 'crit', key: 'kernel.hardwareError' },
  // libata ports.
  { pattern: `${ATA}.*error: [{] UNC [}]`, group: 1, severity: 'crit', key: 'kernel.uncorrectableRead' },
  { pattern: `${ATA}exception Emask`, group: 1, severity: 'warn', key: 'kernel.ataException' },
  { pattern: `${ATA}failed command`, group: 1, severity: 'warn', key: 'kernel.failedAtaCommand' },
  // Filesystems.
  { pattern: `EXT4-fs error \\(device (${DEV})\\)`, group: 1, severity: 'crit', key: 'kernel.filesystemError' },
  { pattern: `BTRFS error \\(device (${DEV})`, group: 1, severity: 'crit', key: 'kernel.filesystemError' },
  { pattern: `XFS \\((${DEV})\\): .*([Ee]rror|[Cc]orrupt)`, group: 1, severity: 'crit', key: 'kernel.filesystemError' },
  // SD cards and eMMC.
  { pattern: '(mmc[0-9]+): .*([Ee]rror|[Tt]imeout)', group: 1, severity: 'warn', key: 'kernel.sdError' },
];

/** What the common syntax excludes (see above); `^` only negates a bracket class. */
const NOT_PORTABLE = /\\[dwbsDWBS]|\(\?|['"`$]|\\\\|(?<!\[)\^/;

const compiled = KERNEL_RULES.map((r) => {
  const bad = NOT_PORTABLE.exec(r.pattern);
  if (bad) throw new Error(`kernel rule ${r.key} /${r.pattern}/ uses "${bad[0]}", which grep -E and JavaScript read differently`);
  return { ...r, re: new RegExp(r.pattern) };
});

/** The host-side filter: every rule's pattern, for `grep -E`. */
export function kernelGrepPattern(): string {
  return KERNEL_RULES.map((r) => r.pattern).join('|');
}

/** The first rule a kernel log line matches, with the device it names. */
export function matchKernelLine(line: string): { rule: KernelRule; device: string } | null {
  for (const r of compiled) {
    const m = r.re.exec(line);
    if (m?.[r.group]) return { rule: r, device: m[r.group] };
  }
  return null;
}
