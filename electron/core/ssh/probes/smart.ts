import { english, msg, part, type CoreKey, type Msg, type MsgParam } from '../../../../shared/message';
import type { Check, Status } from '../../../../shared/status';
import { worst } from '../../../../shared/status';
import { makeCheck, unavailable, type ProbeContext } from './types';
import type { Thresholds } from './thresholds';

export interface SmartFinding {
  status: Status;
  text: string;
  /** `text` as a catalogue message, for the UI language. */
  msg?: Msg;
}

const finding = (status: Status, key: CoreKey, params?: Record<string, MsgParam>): SmartFinding => {
  const m = part(key, params);
  return { status, text: english(m), msg: m };
};

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

const NVME_WARNINGS: [number, CoreKey][] = [
  [0x01, 'smart.nvme.spare'],
  [0x02, 'smart.nvme.temperature'],
  [0x04, 'smart.nvme.reliability'],
  [0x08, 'smart.nvme.readOnly'],
  [0x10, 'smart.nvme.volatileBackup'],
  [0x20, 'smart.nvme.pmr'],
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
  if (!smartStatus.passed) findings.push(finding('crit', 'smart.failed'));
  const nvme = obj(j.nvme_smart_health_information_log);
  if (nvme) {
    const cw = num(nvme.critical_warning) ?? 0;
    const named = NVME_WARNINGS.filter(([bit]) => cw & bit).map(([, key]) => part(key));
    if (cw) findings.push(finding('crit', 'smart.criticalWarning', { code: `0x${cw.toString(16)}`, warnings: named.length ? named : [part('smart.nvme.unknownBit')] }));
    const media = num(nvme.media_errors) ?? 0;
    if (media > 0) findings.push(finding('crit', 'smart.mediaErrors', { n: media }));
    const spare = num(nvme.available_spare);
    const spareMin = num(nvme.available_spare_threshold);
    if (spare !== undefined && spareMin !== undefined && spare < spareMin) findings.push(finding('crit', 'smart.spareLow', { spare, min: spareMin }));
    const used = num(nvme.percentage_used);
    if (used !== undefined && used >= t.wearWarn) findings.push(finding(used >= t.wearCrit ? 'crit' : 'warn', 'smart.wear', { used }));
  }
  const table = obj(j.ata_smart_attributes)?.table;
  if (Array.isArray(table)) {
    const attr = (id: number): number | undefined => {
      const a = table.map(obj).find((x) => x?.id === id);
      return num(obj(a?.raw)?.value);
    };
    const realloc = attr(5);
    if (realloc) findings.push(finding(realloc >= t.reallocatedCrit ? 'crit' : 'warn', 'smart.reallocated', { n: realloc }));
    const pending = attr(197);
    if (pending) findings.push(finding('crit', 'smart.pending', { n: pending }));
    const offline = attr(198);
    if (offline) findings.push(finding('crit', 'smart.offlineUncorrectable', { n: offline }));
    for (const a of table.map(obj)) {
      const wf = a?.when_failed;
      if (typeof wf === 'string' && wf !== '') findings.push(finding('crit', 'smart.attributeFailed', { name: String(a?.name), when: wf }));
    }
  }
  return { device, model, powerOnHours, temperature, status: worst(findings.map((f) => f.status)), findings };
}

/** One check per disk from the `smart` section and its `smart:<dev>` subsections. */
export function smartChecks(ctx: ProbeContext, sections: Map<string, string>): Check[] {
  const head = sections.get('smart');
  const why = unavailable(head);
  if (why) return [makeCheck(ctx, 'smart', 'unknown', msg('ssh.smartUnavailable', { host: ctx.host, why }), { error: why })];
  const disks = [...sections].filter(([k]) => k.startsWith('smart:'));
  if (!disks.length) return [makeCheck(ctx, 'smart', 'unknown', msg('ssh.smartNoDisk', { host: ctx.host }))];
  return disks.map(([key, text]) => {
    const dev = key.slice('smart:'.length);
    if (text.startsWith('!sdcard')) {
      return makeCheck(ctx, `smart:${dev}`, 'unknown', msg('ssh.smartSdCard', { host: ctx.host, dev }));
    }
    if (text.startsWith('!virtual')) return makeCheck(ctx, `smart:${dev}`, 'unknown', msg('ssh.smartVirtual', { host: ctx.host, dev }));
    const r = parseSmart(dev, text, ctx.thresholds);
    const name = r.model ? `${dev} (${r.model})` : dev;
    if (r.error) return makeCheck(ctx, `smart:${dev}`, 'unknown', msg('ssh.smartUnknown', { host: ctx.host, disk: name }), { error: r.error });
    const factList = [r.powerOnHours !== null ? part('ssh.smartPowerOn', { hours: r.powerOnHours }) : null, r.temperature !== null ? part('ssh.smartTemp', { celsius: r.temperature }) : null].filter((f): f is Msg => f !== null);
    const facts = factList.map(english).join(', ');
    if (r.status === 'ok') return makeCheck(ctx, `smart:${dev}`, 'ok', msg('ssh.smartHealthy', { host: ctx.host, disk: name, facts: factList.length ? part('ssh.smartFacts', { facts: factList }) : '' }));
    const findings = r.findings.map((f) => f.msg ?? f.text);
    return makeCheck(ctx, `smart:${dev}`, r.status, msg('ssh.smartProblem', { host: ctx.host, disk: name, findings, advice: r.status === 'crit' ? part('ssh.smartReplace') : '' }), {
      detail: facts || undefined,
    });
  });
}
