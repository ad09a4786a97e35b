import type { Check, Status } from '../../../../shared/status';
import { worst } from '../../../../shared/status';
import { makeCheck, unavailable, type ProbeContext } from './types';
import type { Thresholds } from './thresholds';

export interface SmartFinding {
  status: Status;
  text: string;
}

export interface SmartReport {
  device: string;
  model: string | null;
  status: Status;
  findings: SmartFinding[];
  /** Why health could not be read (status is then unknown). */
  error?: string;
  powerOnHours: number | null;
  temperature: number | null;
}

const NVME_WARNINGS: [number, string][] = [
  [0x01, 'spare capacity below threshold'],
  [0x02, 'temperature out of range'],
  [0x04, 'reliability degraded (media or internal errors)'],
  [0x08, 'media is read-only'],
  [0x10, 'volatile memory backup failed'],
  [0x20, 'persistent memory region unreliable'],
];

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Judges one `smartctl --json` output (NVMe or ATA). */
export function parseSmart(device: string, text: string, t: Thresholds): SmartReport {
  const base = { device, model: null, powerOnHours: null, temperature: null };
  let j: Json;
  try {
    j = JSON.parse(text) as Json;
  } catch {
    const first = text.trim().split('\n')[0] || 'no output';
    return { ...base, status: 'unknown', findings: [], error: `smartctl gave no JSON: ${first}` };
  }
  const model = typeof j.model_name === 'string' ? j.model_name : null;
  const powerOnHours = num(obj(j.power_on_time)?.hours) ?? null;
  const temperature = num(obj(j.temperature)?.current) ?? null;
  const smartStatus = obj(j.smart_status);
  if (!smartStatus || typeof smartStatus.passed !== 'boolean') {
    const msgs = (Array.isArray(obj(j.smartctl)?.messages) ? (obj(j.smartctl)!.messages as unknown[]) : []).map((m) => String(obj(m)?.string ?? '')).filter(Boolean);
    const denied = msgs.some((m) => /permission denied|operation not permitted/i.test(m));
    return {
      ...base,
      model,
      powerOnHours,
      temperature,
      status: 'unknown',
      findings: [],
      error: denied ? `no permission to read SMART (${msgs[0]}); run LabTray's user with sudo rights for smartctl (NOPASSWD)` : msgs[0] ?? 'smartctl reported no health status (SMART unsupported or disabled)',
    };
  }
  const findings: SmartFinding[] = [];
  if (!smartStatus.passed) findings.push({ status: 'crit', text: 'SMART overall health FAILED' });
  const nvme = obj(j.nvme_smart_health_information_log);
  if (nvme) {
    const cw = num(nvme.critical_warning) ?? 0;
    const named = NVME_WARNINGS.filter(([bit]) => cw & bit).map(([, s]) => s);
    if (cw) findings.push({ status: 'crit', text: `critical warning 0x${cw.toString(16)}: ${named.join(', ') || 'unknown bit'}` });
    const media = num(nvme.media_errors) ?? 0;
    if (media > 0) findings.push({ status: 'crit', text: `${media} media errors (data could not be read back)` });
    const spare = num(nvme.available_spare);
    const spareMin = num(nvme.available_spare_threshold);
    if (spare !== undefined && spareMin !== undefined && spare < spareMin) findings.push({ status: 'crit', text: `available spare ${spare} % below ${spareMin} %` });
    const used = num(nvme.percentage_used);
    if (used !== undefined && used >= t.wearWarn) findings.push({ status: used >= t.wearCrit ? 'crit' : 'warn', text: `${used} % of rated endurance used` });
  }
  const table = obj(j.ata_smart_attributes)?.table;
  if (Array.isArray(table)) {
    const attr = (id: number): number | undefined => {
      const a = table.map(obj).find((x) => x?.id === id);
      return num(obj(a?.raw)?.value);
    };
    const realloc = attr(5);
    if (realloc) findings.push({ status: realloc >= t.reallocatedCrit ? 'crit' : 'warn', text: `${realloc} reallocated sectors` });
    const pending = attr(197);
    if (pending) findings.push({ status: 'crit', text: `${pending} sectors pending reallocation (unreadable)` });
    const offline = attr(198);
    if (offline) findings.push({ status: 'crit', text: `${offline} offline uncorrectable sectors` });
    for (const a of table.map(obj)) {
      const wf = a?.when_failed;
      if (typeof wf === 'string' && wf !== '') findings.push({ status: 'crit', text: `attribute ${String(a?.name)} failed (${wf})` });
    }
  }
  return { device, model, powerOnHours, temperature, status: worst(findings.map((f) => f.status)), findings };
}

/** One check per disk from the `smart` section and its `smart:<dev>` subsections. */
export function smartChecks(ctx: ProbeContext, sections: Map<string, string>): Check[] {
  const head = sections.get('smart');
  const why = unavailable(head);
  if (why) return [makeCheck(ctx, 'smart', 'unknown', `${ctx.host}: disk health (SMART) not checked: ${why}`, { error: why })];
  const disks = [...sections].filter(([k]) => k.startsWith('smart:'));
  if (!disks.length) return [makeCheck(ctx, 'smart', 'unknown', `${ctx.host}: no disk found for SMART`)];
  return disks.map(([key, text]) => {
    const dev = key.slice('smart:'.length);
    if (text.startsWith('!sdcard')) {
      return makeCheck(ctx, `smart:${dev}`, 'unknown', `${ctx.host}: ${dev} is an SD card / eMMC: no SMART; its errors show in the kernel log check`);
    }
    if (text.startsWith('!virtual')) return makeCheck(ctx, `smart:${dev}`, 'unknown', `${ctx.host}: ${dev} is a virtual disk: check the hypervisor's disks instead`);
    const r = parseSmart(dev, text, ctx.thresholds);
    const name = r.model ? `${dev} (${r.model})` : dev;
    if (r.error) return makeCheck(ctx, `smart:${dev}`, 'unknown', `${ctx.host}: ${name}: health not known`, { error: r.error });
    const facts = [r.powerOnHours !== null ? `${r.powerOnHours} h powered on` : null, r.temperature !== null ? `${r.temperature} °C` : null].filter(Boolean).join(', ');
    if (r.status === 'ok') return makeCheck(ctx, `smart:${dev}`, 'ok', `${ctx.host}: ${name} healthy${facts ? ` (${facts})` : ''}`);
    return makeCheck(ctx, `smart:${dev}`, r.status, `${ctx.host}: ${name}: ${r.findings.map((f) => f.text).join('; ')}${r.status === 'crit' ? ' — replace the disk and check backups' : ''}`, {
      detail: facts || undefined,
    });
  });
}
