import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSmart, smartChecks } from '../../../electron/core/ssh/probes/smart';
import { defaultThresholds, resolveThresholds } from '../../../electron/core/ssh/probes/thresholds';
import type { ProbeContext } from '../../../electron/core/ssh/probes/types';

/**
 * The SMART judgements the captured fixtures do not reach: SAS/SCSI disks
 * (grown defect list, error counter log, endurance), smartctl without a
 * verdict, and the sentences each disk's check says. Reports are hand-written
 * from the field names smartctl's JSON output uses (scsiprint.cpp).
 */

const ctx = (over: Record<string, number> = {}): ProbeContext => ({ host: 'um560', source: 'host:um560', observedAt: '2026-11-27T10:00:00.000Z', thresholds: resolveThresholds(over) });

const sas = (over: Record<string, unknown> = {}, ie = true): string =>
  JSON.stringify({
    smartctl: { version: [7, 4], exit_status: 0 },
    device: { name: '/dev/sdb', type: 'scsi', protocol: 'SCSI' },
    scsi_vendor: 'SEAGATE',
    scsi_product: 'ST4000NM0023',
    ...(ie ? { smart_status: { passed: true } } : {}),
    power_on_time: { hours: 51_002 },
    temperature: { current: 33 },
    scsi_grown_defect_list: 0,
    scsi_error_counter_log: { read: { total_uncorrected_errors: 0 }, write: { total_uncorrected_errors: 0 }, verify: { total_uncorrected_errors: 0 } },
    ...over,
  });

const judge = (text: string, t = defaultThresholds) => {
  const r = parseSmart('/dev/sdb', text, t);
  return { status: r.status, findings: r.findings.map((f) => `${f.status} ${f.text}`) };
};

describe('SAS/SCSI disks', () => {
  it('a clean SAS disk is healthy and named by vendor and product', () => {
    const r = parseSmart('/dev/sdb', sas(), defaultThresholds);
    assert.deepEqual([r.status, r.model, r.powerOnHours, r.temperature], ['ok', 'SEAGATE ST4000NM0023', 51_002, 33]);
  });

  it('grown defects: any warns, the limit is critical', () => {
    const d = (n: number, t = defaultThresholds) => judge(sas({ scsi_grown_defect_list: n }), t);
    assert.deepEqual(d(1), { status: 'warn', findings: ['warn 1 sector in the grown defect list (remapped since manufacture)'] });
    assert.equal(d(defaultThresholds.grownDefectsCrit - 1).status, 'warn');
    assert.equal(d(defaultThresholds.grownDefectsCrit).status, 'crit');
    assert.deepEqual([d(4, resolveThresholds({ grownDefectsCrit: 5 })).status, d(5, resolveThresholds({ grownDefectsCrit: 5 })).status], ['warn', 'crit']);
  });

  it('uncorrected errors are added up over read, write and verify, naming each that had any', () => {
    const r = judge(sas({ scsi_error_counter_log: { read: { total_uncorrected_errors: 2 }, write: { total_uncorrected_errors: 0 }, verify: { total_uncorrected_errors: 1 } } }));
    assert.deepEqual(r, { status: 'crit', findings: ['crit 3 uncorrected errors in the error counter log (read: 2, verify: 1)'] });
  });

  it('SSD endurance from either field counts at the wear limits', () => {
    assert.deepEqual(judge(sas({ scsi_percentage_used_endurance_indicator: 70 })).findings, ['warn 70 % of rated endurance used']);
    assert.equal(judge(sas({ endurance_used: { current_percent: 90 } })).status, 'crit');
    assert.equal(judge(sas({ endurance_used: { current_percent: 69 } })).status, 'ok');
  });

  it('without the informational-exceptions verdict, the defect list and error log still judge the disk', () => {
    assert.equal(judge(sas({ scsi_grown_defect_list: 3 }, false)).status, 'warn');
    assert.equal(judge(sas({}, false)).status, 'ok');
    const bare = parseSmart('/dev/sdb', JSON.stringify({ device: { protocol: 'SCSI' }, scsi_vendor: 'HP' }), defaultThresholds);
    assert.equal(bare.status, 'unknown');
  });

  it('a failed verdict says the informational exception', () => {
    const r = judge(sas({ smart_status: { passed: false, scsi: { asc: 93, ascq: 0, ie_string: 'FAILURE PREDICTION THRESHOLD EXCEEDED' } } }));
    assert.deepEqual(r, { status: 'crit', findings: ['crit SMART overall health FAILED: FAILURE PREDICTION THRESHOLD EXCEEDED'] });
  });
});

describe('smartctl without a verdict', () => {
  it('output that is not JSON is unknown, quoting its first line', () => {
    const r = parseSmart('/dev/sda', 'smartctl: command not found\nmore', defaultThresholds);
    assert.deepEqual([r.status, r.error], ['unknown', 'smartctl gave no JSON: smartctl: command not found']);
    assert.equal(parseSmart('/dev/sda', '  ', defaultThresholds).error, 'smartctl gave no JSON: no output');
  });

  it('permission denied asks for sudo; other messages are quoted; none says SMART is off', () => {
    const said = (messages: unknown[]) => parseSmart('/dev/sda', JSON.stringify({ smartctl: { exit_status: 2, messages } }), defaultThresholds).error;
    assert.match(said([{ string: 'Smartctl open device: /dev/sda failed: Permission denied', severity: 'error' }]) ?? '', /^no permission to read SMART \(Smartctl open device: \/dev\/sda failed: Permission denied\); run LabTray's user with sudo/);
    assert.equal(said([{ string: 'Read Device Identity failed: scsi error unsupported field in scsi command' }]), 'Read Device Identity failed: scsi error unsupported field in scsi command');
    assert.equal(said([]), 'smartctl reported no health status (SMART unsupported or disabled)');
  });
});

describe('the SMART check of each disk', () => {
  const nvme = (log: Record<string, number>) =>
    JSON.stringify({ smartctl: { exit_status: 0 }, model_name: 'Samsung SSD 980 PRO 1TB', smart_status: { passed: true }, power_on_time: { hours: 8120 }, temperature: { current: 41 }, nvme_smart_health_information_log: { critical_warning: 0, available_spare: 100, available_spare_threshold: 10, percentage_used: 3, media_errors: 0, ...log } });

  it('healthy, worn and failing disks say so, with facts and advice only when critical', () => {
    const [ok, worn, bad] = smartChecks(ctx(), new Map([['smart', ''], ['smart:nvme0n1', nvme({})], ['smart:nvme1n1', nvme({ percentage_used: 75 })], ['smart:nvme2n1', nvme({ media_errors: 2 })]]));
    assert.deepEqual([ok.id, ok.status, ok.summary], ['host:um560:smart:nvme0n1', 'ok', 'um560: nvme0n1 (Samsung SSD 980 PRO 1TB) healthy (8120 h powered on, 41 °C)']);
    assert.deepEqual([worn.status, worn.summary], ['warn', 'um560: nvme1n1 (Samsung SSD 980 PRO 1TB): 75 % of rated endurance used']);
    assert.deepEqual([bad.status, bad.summary], ['crit', 'um560: nvme2n1 (Samsung SSD 980 PRO 1TB): 2 media errors (data could not be read back) — replace the disk and check backups']);
    assert.match(bad.detail ?? '', /8120 h powered on, 41 °C/);
  });

  it('SD cards and virtual disks are notes that never colour the host; no disk and no probe are unknown', () => {
    const [sd, virt] = smartChecks(ctx(), new Map([['smart', ''], ['smart:mmcblk0', '!sdcard'], ['smart:vda', '!virtual']]));
    assert.deepEqual([sd.status, sd.unknowable, sd.summary], ['unknown', true, 'um560: mmcblk0 is an SD card / eMMC: no SMART; its errors show in the kernel log check']);
    assert.deepEqual([virt.status, virt.unknowable, virt.summary], ['unknown', true, "um560: vda is a virtual disk: check the hypervisor's disks instead"]);
    assert.deepEqual(smartChecks(ctx(), new Map([['smart', '']])).map((c) => [c.status, c.summary]), [['unknown', 'um560: no disk found for SMART']]);
    assert.deepEqual(smartChecks(ctx(), new Map([['smart', '!unavailable smartctl not installed']])).map((c) => [c.status, c.summary, c.error]), [['unknown', 'um560: disk health (SMART) not checked: smartctl not installed', 'smartctl not installed']]);
    const unknown = smartChecks(ctx(), new Map([['smart', ''], ['smart:sda', 'garbage']]))[0];
    assert.deepEqual([unknown.status, unknown.summary, unknown.error], ['unknown', 'um560: sda: health not known', 'smartctl gave no JSON: garbage']);
  });
});
