import { english, part, plural, type CoreKey, type CorePluralKey, type Msg, type MsgParam } from '../../../../shared/message';
import type { Status } from '../../../../shared/status';
import type { Thresholds } from './thresholds';

/**
 * How each kind of disk reports its health in `smartctl --json`, judged: the
 * NVMe health log, the ATA attribute table, and for SAS/SCSI disks the grown
 * defect list, the error counter log and the endurance indicator. Field names
 * are smartctl's (smartmontools nvmeprint.cpp, ataprint.cpp, scsiprint.cpp).
 */
export interface SmartFinding {
  status: Status;
  text: string;
  /** `text` as a catalogue message, for the UI language. */
  msg?: Msg;
}

export type Json = Record<string, unknown>;
export const obj = (v: unknown): Json | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);
export const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

const said = (status: Status, m: Msg): SmartFinding => ({ status, text: english(m), msg: m });
const finding = (status: Status, key: CoreKey, params?: Record<string, MsgParam>): SmartFinding => said(status, part(key, params));
const counted = (status: Status, key: CorePluralKey, count: number, params?: Record<string, MsgParam>): SmartFinding => said(status, plural(key, count, params));

const NVME_WARNINGS: [number, CoreKey][] = [
  [0x01, 'smart.nvme.spare'],
  [0x02, 'smart.nvme.temperature'],
  [0x04, 'smart.nvme.reliability'],
  [0x08, 'smart.nvme.readOnly'],
  [0x10, 'smart.nvme.volatileBackup'],
  [0x20, 'smart.nvme.pmr'],
];

/** A SAS/SCSI disk: smartctl says so in `device.protocol`, or it printed SCSI logs. */
export function isScsi(j: Json): boolean {
  return obj(j.device)?.protocol === 'SCSI' || 'scsi_grown_defect_list' in j || 'scsi_error_counter_log' in j;
}

/** The model as smartctl names it: `model_name` (ATA, NVMe, newer SCSI output), else the SCSI vendor and product. */
export function modelOf(j: Json): string | null {
  const vendorProduct = [str(j.scsi_vendor), str(j.scsi_product)].filter(Boolean).join(' ');
  return str(j.model_name) ?? str(j.scsi_model_name) ?? (vendorProduct || null);
}

/** The overall verdict when the disk failed it; a SCSI disk says why (its informational exception). */
export function failedFinding(j: Json): SmartFinding {
  const why = str(obj(obj(j.smart_status)?.scsi)?.ie_string);
  return why ? finding('crit', 'smart.failedBecause', { why }) : finding('crit', 'smart.failed');
}

/** The NVMe SMART / health information log. */
export function nvmeFindings(nvme: Json, t: Thresholds): SmartFinding[] {
  const out: SmartFinding[] = [];
  const cw = num(nvme.critical_warning) ?? 0;
  const named = NVME_WARNINGS.filter(([bit]) => cw & bit).map(([, key]) => part(key));
  if (cw) out.push(finding('crit', 'smart.criticalWarning', { code: `0x${cw.toString(16)}`, warnings: named.length ? named : [part('smart.nvme.unknownBit')] }));
  const media = num(nvme.media_errors) ?? 0;
  if (media > 0) out.push(counted('crit', 'smart.mediaErrors', media));
  const spare = num(nvme.available_spare);
  const spareMin = num(nvme.available_spare_threshold);
  if (spare !== undefined && spareMin !== undefined && spare < spareMin) out.push(finding('crit', 'smart.spareLow', { spare, min: spareMin }));
  const used = num(nvme.percentage_used);
  if (used !== undefined) out.push(...wearFindings(used, t));
  return out;
}

/** The ATA attribute table: reallocated, pending and offline-uncorrectable sectors, and any attribute that failed. */
export function ataFindings(table: unknown[], t: Thresholds): SmartFinding[] {
  const out: SmartFinding[] = [];
  const rows = table.map(obj);
  const attr = (id: number): number | undefined => num(obj(rows.find((x) => x?.id === id)?.raw)?.value);
  const realloc = attr(5);
  if (realloc) out.push(counted(realloc >= t.reallocatedCrit ? 'crit' : 'warn', 'smart.reallocated', realloc));
  const pending = attr(197);
  if (pending) out.push(counted('crit', 'smart.pending', pending));
  const offline = attr(198);
  if (offline) out.push(counted('crit', 'smart.offlineUncorrectable', offline));
  for (const a of rows) {
    const wf = a?.when_failed;
    if (typeof wf === 'string' && wf !== '') out.push(finding('crit', 'smart.attributeFailed', { name: String(a?.name), when: wf }));
  }
  return out;
}

const SCSI_OPS = [
  ['read', 'smart.op.read'],
  ['write', 'smart.op.write'],
  ['verify', 'smart.op.verify'],
] as const;

/** Whether a SCSI disk printed anything to judge besides the overall verdict. */
export function hasScsiLogs(j: Json): boolean {
  return num(j.scsi_grown_defect_list) !== undefined || obj(j.scsi_error_counter_log) !== undefined;
}

/**
 * A SAS/SCSI disk: sectors in the grown defect list (remapped since it left
 * the factory: any is a warning, `grownDefectsCrit` critical, like ATA
 * reallocated sectors), uncorrected read, write or verify errors in the error
 * counter log (data lost: critical), and an SSD's used endurance.
 */
export function scsiFindings(j: Json, t: Thresholds): SmartFinding[] {
  const out: SmartFinding[] = [];
  const defects = num(j.scsi_grown_defect_list) ?? 0;
  if (defects > 0) out.push(counted(defects >= t.grownDefectsCrit ? 'crit' : 'warn', 'smart.grownDefects', defects));
  const log = obj(j.scsi_error_counter_log);
  const ops = SCSI_OPS.map(([op, key]) => ({ key, n: num(obj(log?.[op])?.total_uncorrected_errors) ?? 0 })).filter((o) => o.n > 0);
  const total = ops.reduce((s, o) => s + o.n, 0);
  if (total > 0) out.push(counted('crit', 'smart.uncorrected', total, { ops: ops.map((o) => part(o.key, { n: o.n })) }));
  const used = num(j.scsi_percentage_used_endurance_indicator) ?? num(obj(j.endurance_used)?.current_percent);
  if (used !== undefined) out.push(...wearFindings(used, t));
  return out;
}

function wearFindings(used: number, t: Thresholds): SmartFinding[] {
  return used >= t.wearWarn ? [finding(used >= t.wearCrit ? 'crit' : 'warn', 'smart.wear', { used })] : [];
}
