import { detailLines, msg, part, type Msg } from '../../../../shared/message';
import type { Check, Status } from '../../../../shared/status';
import { worst } from '../../../../shared/status';
import { ataFindings, failedFinding, hasScsiLogs, isScsi, modelOf, num, nvmeFindings, obj, scsiFindings, type Json, type SmartFinding } from './smart-judge';
import { makeCheck, unavailable, type ProbeContext } from './types';
import type { Thresholds } from './thresholds';

export type { SmartFinding } from './smart-judge';

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

/** Judges one `smartctl --json` output (NVMe, ATA or SAS/SCSI). */
export function parseSmart(device: string, text: string, t: Thresholds): SmartReport {
  const base = { device, model: null, powerOnHours: null, temperature: null };
  let j: Json;
  try {
    j = JSON.parse(text) as Json;
  } catch {
    const first = text.trim().split('\n')[0] || 'no output';
    return { ...base, status: 'unknown', findings: [], error: `smartctl gave no JSON: ${first}` };
  }
  const facts = { device, model: modelOf(j), powerOnHours: num(obj(j.power_on_time)?.hours) ?? null, temperature: num(obj(j.temperature)?.current) ?? null };
  const smartStatus = obj(j.smart_status);
  const scsi = isScsi(j);
  // A SAS disk without the informational-exceptions page has no verdict, but its defect list and error log still tell.
  if ((!smartStatus || typeof smartStatus.passed !== 'boolean') && !(scsi && hasScsiLogs(j))) return { ...facts, status: 'unknown', findings: [], error: noVerdict(j) };
  const findings: SmartFinding[] = [];
  if (smartStatus?.passed === false) findings.push(failedFinding(j));
  const nvme = obj(j.nvme_smart_health_information_log);
  if (nvme) findings.push(...nvmeFindings(nvme, t));
  const table = obj(j.ata_smart_attributes)?.table;
  if (Array.isArray(table)) findings.push(...ataFindings(table, t));
  if (scsi) findings.push(...scsiFindings(j, t));
  return { ...facts, status: worst(findings.map((f) => f.status)), findings };
}

/** Why smartctl gave no health verdict, in its own words where it has some. */
function noVerdict(j: Json): string {
  const raw = obj(j.smartctl)?.messages;
  const msgs = (Array.isArray(raw) ? raw : []).map((m) => String(obj(m)?.string ?? '')).filter(Boolean);
  const denied = msgs.some((m) => /permission denied|operation not permitted/i.test(m));
  if (denied) return `no permission to read SMART (${msgs[0]}); run LabTray's user with sudo rights for smartctl (NOPASSWD)`;
  return msgs[0] ?? 'smartctl reported no health status (SMART unsupported or disabled)';
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
      // An SD card or eMMC has no SMART at all: a note beside the host, never its state.
      return makeCheck(ctx, `smart:${dev}`, 'unknown', msg('ssh.smartSdCard', { host: ctx.host, dev }), { unknowable: true });
    }
    if (text.startsWith('!virtual')) return makeCheck(ctx, `smart:${dev}`, 'unknown', msg('ssh.smartVirtual', { host: ctx.host, dev }), { unknowable: true });
    const r = parseSmart(dev, text, ctx.thresholds);
    const name = r.model ? `${dev} (${r.model})` : dev;
    if (r.error) return makeCheck(ctx, `smart:${dev}`, 'unknown', msg('ssh.smartUnknown', { host: ctx.host, disk: name }), { error: r.error });
    const factList = [r.powerOnHours !== null ? part('ssh.smartPowerOn', { hours: r.powerOnHours }) : null, r.temperature !== null ? part('ssh.smartTemp', { celsius: r.temperature }) : null].filter((f): f is Msg => f !== null);
    if (r.status === 'ok') return makeCheck(ctx, `smart:${dev}`, 'ok', msg('ssh.smartHealthy', { host: ctx.host, disk: name, facts: factList.length ? part('ssh.smartFacts', { facts: factList }) : '' }));
    const findings = r.findings.map((f) => f.msg ?? f.text);
    return makeCheck(ctx, `smart:${dev}`, r.status, msg('ssh.smartProblem', { host: ctx.host, disk: name, findings, advice: r.status === 'crit' ? part('ssh.smartReplace') : '' }), {
      ...(factList.length ? detailLines(part('ssh.smartFactsDetail', { facts: factList })) : {}),
    });
  });
}
