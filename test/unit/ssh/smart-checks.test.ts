import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseSmart, smartChecks } from '../../../electron/core/ssh/probes/smart';
import { defaultThresholds, resolveThresholds } from '../../../electron/core/ssh/probes/thresholds';
import type { ProbeContext } from '../../../electron/core/ssh/probes/types';
import { textIn } from '../../../shared/message';
import type { Check } from '../../../shared/status';

// Each disk's SMART check word for word: ids, the facts said beside a verdict, and what smartctl
// said when it gave none (smart-paths.test.ts has the SAS/SCSI judgements, smart-judge.test.ts the limits).

const fx = (name: string): string => readFileSync(join(import.meta.dirname, '../../fixtures/host', name), 'utf8');
const ctx: ProbeContext = { host: 'um560', source: 'host:um560', observedAt: '2026-11-27T10:00:00.000Z', thresholds: resolveThresholds({}) };
const seen = (cs: Check[]) => cs.map((c) => ({ id: c.id, status: c.status, summary: c.summary, ...(c.detail ? { detail: c.detail } : {}), ...(c.error ? { error: c.error } : {}), ...(c.unknowable ? { unknowable: true } : {}) }));
const disks = (entries: Record<string, string>, head = '') => new Map([['smart', head], ...Object.entries(entries).map(([d, t]): [string, string] => [`smart:${d}`, t])]);

/** An ATA disk as `smartctl --json -i -H -A -l error` prints it, without or with its facts. */
const ata = (over: Record<string, unknown> = {}) =>
  JSON.stringify({ smartctl: { exit_status: 0 }, device: { name: '/dev/sda', type: 'sat', protocol: 'ATA' }, model_name: 'WDC WD40EFRX-68N32N0', smart_status: { passed: true }, ata_smart_attributes: { table: [] }, ...over });

describe('SMART checks that know nothing', () => {
  it('each says which disk or why, on the host\'s smart id or the disk\'s', () => {
    assert.deepEqual(seen(smartChecks(ctx, new Map([['smart', '!unavailable smartctl is not installed (package smartmontools)']]))), [
      { id: 'host:um560:smart', status: 'unknown', summary: 'um560: disk health (SMART) not checked: smartctl is not installed (package smartmontools)', error: 'smartctl is not installed (package smartmontools)' },
    ]);
    assert.deepEqual(seen(smartChecks(ctx, new Map())), [{ id: 'host:um560:smart', status: 'unknown', summary: 'um560: disk health (SMART) not checked: the probe produced no output', error: 'the probe produced no output' }]);
    assert.deepEqual(seen(smartChecks(ctx, disks({}))), [{ id: 'host:um560:smart', status: 'unknown', summary: 'um560: no disk found for SMART' }]);
    // The user without sudo is named in the head line; the disks still follow.
    assert.deepEqual(seen(smartChecks(ctx, disks({ mmcblk0: '!sdcard', vda: '!virtual' }, '#nosudo pi'))), [
      { id: 'host:um560:smart:mmcblk0', status: 'unknown', summary: 'um560: mmcblk0 is an SD card / eMMC: no SMART; its errors show in the kernel log check', unknowable: true },
      { id: 'host:um560:smart:vda', status: 'unknown', summary: "um560: vda is a virtual disk: check the hypervisor's disks instead", unknowable: true },
    ]);
  });

  it('a disk without a verdict is named with its model and quotes smartctl', () => {
    const noVerdict = ata({ smart_status: undefined, smartctl: { exit_status: 4, messages: [{ string: 'SMART support is: Disabled', severity: 'information' }] } });
    assert.deepEqual(seen(smartChecks(ctx, disks({ sda: noVerdict }))), [
      { id: 'host:um560:smart:sda', status: 'unknown', summary: 'um560: sda (WDC WD40EFRX-68N32N0): health not known', error: 'SMART support is: Disabled' },
    ]);
    // A verdict that is not true or false is none.
    assert.equal(parseSmart('sda', ata({ smart_status: { passed: 'yes' } }), defaultThresholds).status, 'unknown');
    assert.equal(parseSmart('sda', ata({ smart_status: { passed: 1 } }), defaultThresholds).error, 'smartctl reported no health status (SMART unsupported or disabled)');
  });
});

describe('what smartctl said when it gave no verdict', () => {
  const said = (smartctl: unknown) => parseSmart('sda', JSON.stringify({ smartctl, device: { name: '/dev/sda', protocol: 'ATA' } }), defaultThresholds).error;
  const DEFAULT = 'smartctl reported no health status (SMART unsupported or disabled)';

  it('its first message with words; messages that are not a list, entries without a string and empty strings are passed over', () => {
    const usb = [{ string: '/dev/sda: Unknown USB bridge [0x152d:0x0578 (0x3214)]', severity: 'error' }, { string: 'Please specify device type with the -d option.', severity: 'error' }];
    assert.equal(said({ exit_status: 1, messages: usb }), '/dev/sda: Unknown USB bridge [0x152d:0x0578 (0x3214)]');
    assert.equal(said({ exit_status: 1, messages: [{ severity: 'error' }, 'a bare string', null, { string: '' }, usb[1]] }), 'Please specify device type with the -d option.');
    for (const messages of [undefined, usb[0], 'Permission denied', 42]) assert.equal(said({ exit_status: 2, messages }), DEFAULT, JSON.stringify(messages));
    assert.equal(said(undefined), DEFAULT);
    assert.equal(said('smartctl 7.3'), DEFAULT);
  });

  it('permission denied or operation not permitted, in any case, asks for sudo quoting the first message', () => {
    const sudo = "run LabTray's user with sudo rights for smartctl (NOPASSWD)";
    assert.equal(said({ messages: [{ string: 'Smartctl open device: /dev/sda failed: Permission denied' }] }), `no permission to read SMART (Smartctl open device: /dev/sda failed: Permission denied); ${sudo}`);
    assert.equal(said({ messages: [{ string: 'Smartctl open device: /dev/nvme0 failed: Operation not permitted' }] }), `no permission to read SMART (Smartctl open device: /dev/nvme0 failed: Operation not permitted); ${sudo}`);
    assert.equal(said({ messages: [{ string: 'Read NVMe Identify Controller failed: NVME_IOCTL_ADMIN_CMD: PERMISSION DENIED' }] }), `no permission to read SMART (Read NVMe Identify Controller failed: NVME_IOCTL_ADMIN_CMD: PERMISSION DENIED); ${sudo}`);
    assert.equal(said({ messages: [{ string: 'Device open changed type from sat to scsi' }, { string: 'open failed: permission denied' }] }), `no permission to read SMART (Device open changed type from sat to scsi); ${sudo}`);
  });
});

describe('the facts beside a verdict', () => {
  it('a healthy disk says power-on hours and temperature when known, either alone, and nothing when neither is', () => {
    const healthy = (over: Record<string, unknown>) => smartChecks(ctx, disks({ sda: ata(over) }))[0].summary;
    assert.deepEqual(
      [healthy({ power_on_time: { hours: 23_117 }, temperature: { current: 36 } }), healthy({ power_on_time: { hours: 0 } }), healthy({ temperature: { current: 0 } }), healthy({}), healthy({ power_on_time: { hours: '5' }, temperature: {} })],
      [
        'um560: sda (WDC WD40EFRX-68N32N0) healthy (23117 h powered on, 36 °C)',
        'um560: sda (WDC WD40EFRX-68N32N0) healthy (0 h powered on)',
        'um560: sda (WDC WD40EFRX-68N32N0) healthy (0 °C)',
        'um560: sda (WDC WD40EFRX-68N32N0) healthy',
        'um560: sda (WDC WD40EFRX-68N32N0) healthy',
      ],
    );
    const r = parseSmart('sda', ata({ power_on_time: { hours: 23_117 }, temperature: { current: 36 } }), defaultThresholds);
    assert.deepEqual([r.device, r.model, r.powerOnHours, r.temperature], ['sda', 'WDC WD40EFRX-68N32N0', 23_117, 36]);
  });

  it('a disk with a problem keeps them in the detail, either alone; without facts it has no detail', () => {
    const realloc = (over: Record<string, unknown>) =>
      smartChecks(ctx, disks({ sda: ata({ ata_smart_attributes: { table: [{ id: 5, name: 'Reallocated_Sector_Ct', value: 100, worst: 100, thresh: 10, raw: { value: 8 } }] }, ...over }) }))[0];
    const both = realloc({ power_on_time: { hours: 23_117 }, temperature: { current: 36 } });
    assert.deepEqual(seen([both]), [{ id: 'host:um560:smart:sda', status: 'warn', summary: 'um560: sda (WDC WD40EFRX-68N32N0): 8 reallocated sectors', detail: '23117 h powered on, 36 °C' }]);
    assert.equal(realloc({ power_on_time: { hours: 23_117 } }).detail, '23117 h powered on');
    assert.equal(realloc({ temperature: { current: 36 } }).detail, '36 °C');
    assert.equal(realloc({}).detail, undefined);
    assert.equal(realloc({}).detailMsg, undefined);
  });

  it('the findings are told in the reader\'s language, not in the English kept beside them', () => {
    const [c] = smartChecks(ctx, disks({ sda: ata({ ata_smart_attributes: { table: [{ id: 5, name: 'Reallocated_Sector_Ct', value: 100, worst: 100, thresh: 10, raw: { value: 8 } }] } }) }));
    assert.match(textIn('zh-CN', c.msg, 'no Chinese'), /8 个重映射扇区/);
    assert.doesNotMatch(textIn('zh-CN', c.msg, 'no Chinese'), /reallocated/);
  });

  it('a report it cannot judge keeps the device and no facts: output that is no JSON, or JSON without a verdict', () => {
    assert.deepEqual(parseSmart('sdb', 'Smartctl open device: /dev/sdb failed: No such device\n', defaultThresholds), {
      device: 'sdb', model: null, powerOnHours: null, temperature: null, status: 'unknown', findings: [], error: 'smartctl gave no JSON: Smartctl open device: /dev/sdb failed: No such device',
    });
    const r = parseSmart('sdc', JSON.stringify({ model_name: 'WDC WD40EFRX', smartctl: { messages: [{ string: 'SMART support is: Unavailable', severity: 'information' }] } }), defaultThresholds);
    assert.deepEqual(r, { device: 'sdc', model: 'WDC WD40EFRX', powerOnHours: null, temperature: null, status: 'unknown', findings: [], error: 'SMART support is: Unavailable' });
  });

  it('the captured failing NVMe: crit, the decoded warning, replace advice, facts in the detail', () => {
    const [c] = smartChecks(ctx, disks({ nvme0n1: fx('smartctl-nvme-critical-warning-failed.json') }));
    const r = parseSmart('nvme0n1', fx('smartctl-nvme-critical-warning-failed.json'), defaultThresholds);
    assert.equal(c.status, 'crit');
    assert.ok(c.summary.startsWith('um560: nvme0n1 (SAMSUNG MZWLL3T2HAJQ-00005): SMART overall health FAILED'), c.summary);
    assert.ok(c.summary.endsWith(' — replace the disk and check backups'), c.summary);
    assert.equal(c.detail, `${r.powerOnHours} h powered on, ${r.temperature} °C`);
  });
});
