import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BackupVolume } from '../../../shared/proxmox';
import { freshnessChecks } from '../../../electron/core/proxmox/checks';
import { parseSmart } from '../../../electron/core/ssh/probes/smart';
import { defaultThresholds, resolveThresholds } from '../../../electron/core/ssh/probes/thresholds';
import { AT, guest, homeCluster, NOW } from '../tray/lab-snapshot';

/**
 * Thresholds at their exact boundaries, with the limits the owner configures
 * as well as the defaults, and disks described the way smartctl's JSON
 * describes them (hand-written from the field names smartmontools documents:
 * smart_status.passed, ata_smart_attributes.table[].{id,name,value,thresh,
 * when_failed,raw.value}, nvme_smart_health_information_log.{critical_warning,
 * available_spare,available_spare_threshold,percentage_used,media_errors}).
 */

describe('backup age at the configured limits', () => {
  const judge = (hoursOld: number, limits: { warnAfterHours: number; critAfterHours: number }) => {
    const b: BackupVolume = { volid: 'usb-backup:backup/vzdump-qemu-100.vma.zst', storage: 'usb-backup', node: 'um560', vmid: 100, ctime: NOW / 1000 - hoursOld * 3600, size: 1, format: 'vma.zst', notes: null, protected: false, verification: 'none' };
    const c = homeCluster({ guests: [guest(100, 'openwrt', 'um560')], backups: [b] });
    return freshnessChecks('proxmox:home', c, AT, limits).find((x) => x.target === 'guest:home/100')?.status;
  };

  for (const limits of [{ warnAfterHours: 48, critAfterHours: 168 }, { warnAfterHours: 24, critAfterHours: 72 }]) {
    it(`warn at ${limits.warnAfterHours} h, crit at ${limits.critAfterHours} h exactly; an hour less is the status below`, () => {
      const w = limits.warnAfterHours;
      const c = limits.critAfterHours;
      assert.deepEqual([judge(w - 1, limits), judge(w, limits), judge(c - 1, limits), judge(c, limits)], ['ok', 'warn', 'warn', 'crit']);
    });
  }
});

// An ATA disk in trouble, written the way `smartctl --json -a` prints one.
const ataDisk = (attrs: { id: number; name: string; value: number; thresh: number; raw: number; whenFailed?: string }[], passed = true): string =>
  JSON.stringify({
    json_format_version: [1, 0],
    smartctl: { version: [7, 4], exit_status: passed ? 0 : 8 },
    device: { name: '/dev/sda', type: 'sat', protocol: 'ATA' },
    model_name: 'WDC WD40EFRX-68N32N0',
    serial_number: 'WD-WCC7K0000001',
    smart_status: { passed },
    power_on_time: { hours: 41_233 },
    temperature: { current: 36 },
    ata_smart_attributes: {
      revision: 16,
      table: attrs.map((a) => ({ id: a.id, name: a.name, value: a.value, worst: a.value, thresh: a.thresh, when_failed: a.whenFailed ?? '', flags: { value: 51, string: 'POSR-K ', prefailure: true }, raw: { value: a.raw, string: String(a.raw) } })),
    },
  });

const nvmeDisk = (log: { critical_warning?: number; available_spare?: number; available_spare_threshold?: number; percentage_used?: number; media_errors?: number }): string =>
  JSON.stringify({
    json_format_version: [1, 0],
    smartctl: { version: [7, 4], exit_status: 0 },
    device: { name: '/dev/nvme0', type: 'nvme', protocol: 'NVMe' },
    model_name: 'Samsung SSD 980 PRO 1TB',
    smart_status: { passed: true, nvme: { value: 0 } },
    nvme_smart_health_information_log: { critical_warning: 0, temperature: 41, available_spare: 100, available_spare_threshold: 10, percentage_used: 3, media_errors: 0, num_err_log_entries: 0, ...log },
    power_on_time: { hours: 8_120 },
    temperature: { current: 41 },
  });

const findings = (text: string, t = defaultThresholds) => {
  const r = parseSmart('/dev/sda', text, t);
  return { status: r.status, keys: r.findings.map((f) => [f.status, f.msg?.key]) };
};

describe('SMART: hand-written smartctl reports at each threshold', () => {
  it('an ATA disk with pending, offline-uncorrectable and reallocated sectors names each, critical', () => {
    const r = findings(ataDisk([
      { id: 5, name: 'Reallocated_Sector_Ct', value: 198, thresh: 140, raw: 8 },
      { id: 197, name: 'Current_Pending_Sector', value: 200, thresh: 0, raw: 2 },
      { id: 198, name: 'Offline_Uncorrectable', value: 200, thresh: 0, raw: 2 },
    ]));
    assert.equal(r.status, 'crit');
    assert.deepEqual(r.keys, [['warn', 'smart.reallocated'], ['crit', 'smart.pending'], ['crit', 'smart.offlineUncorrectable']]);
  });

  it('reallocated sectors: one fewer than the limit warns, the limit is critical (default and configured)', () => {
    const realloc = (n: number, t = defaultThresholds) => findings(ataDisk([{ id: 5, name: 'Reallocated_Sector_Ct', value: 100, thresh: 5, raw: n }]), t).status;
    assert.deepEqual([realloc(0), realloc(1), realloc(defaultThresholds.reallocatedCrit - 1), realloc(defaultThresholds.reallocatedCrit)], ['ok', 'warn', 'warn', 'crit']);
    const t = resolveThresholds({ reallocatedCrit: 10 });
    assert.deepEqual([realloc(9, t), realloc(10, t)], ['warn', 'crit']);
  });

  it('a failed attribute and a failed overall verdict are critical and say which', () => {
    const r = findings(ataDisk([{ id: 1, name: 'Raw_Read_Error_Rate', value: 40, thresh: 51, raw: 1_203, whenFailed: 'now' }], false));
    assert.equal(r.status, 'crit');
    assert.deepEqual(r.keys, [['crit', 'smart.failed'], ['crit', 'smart.attributeFailed']]);
    const past = parseSmart('/dev/sda', ataDisk([{ id: 1, name: 'Raw_Read_Error_Rate', value: 60, thresh: 51, raw: 0, whenFailed: 'past' }]), defaultThresholds);
    assert.equal(past.status, 'crit');
    assert.match(past.findings[0].text, /Raw_Read_Error_Rate failed \(past\)/);
  });

  it('NVMe spare below its threshold is critical; at the threshold it is not', () => {
    const below = findings(nvmeDisk({ available_spare: 9, available_spare_threshold: 10 }));
    assert.deepEqual(below, { status: 'crit', keys: [['crit', 'smart.spareLow']] });
    assert.equal(findings(nvmeDisk({ available_spare: 10, available_spare_threshold: 10 })).status, 'ok');
    const flagged = findings(nvmeDisk({ available_spare: 5, available_spare_threshold: 10, critical_warning: 0x01 }));
    assert.deepEqual(flagged.keys, [['crit', 'smart.criticalWarning'], ['crit', 'smart.spareLow']]);
  });

  it('NVMe wear: one below the crit percentage warns, and configured percentages count at their exact values', () => {
    const wear = (used: number, t = defaultThresholds) => findings(nvmeDisk({ percentage_used: used }), t).status;
    assert.deepEqual([wear(defaultThresholds.wearWarn - 1), wear(defaultThresholds.wearWarn), wear(defaultThresholds.wearCrit - 1), wear(defaultThresholds.wearCrit)], ['ok', 'warn', 'warn', 'crit']);
    const t = resolveThresholds({ wearWarn: 50, wearCrit: 80 });
    assert.deepEqual([wear(49, t), wear(50, t), wear(79, t), wear(80, t)], ['ok', 'warn', 'warn', 'crit']);
  });

  it('media errors: none is healthy, one is critical and counted', () => {
    assert.equal(findings(nvmeDisk({ media_errors: 0 })).status, 'ok');
    const one = parseSmart('/dev/nvme0', nvmeDisk({ media_errors: 1 }), defaultThresholds);
    assert.equal(one.status, 'crit');
    assert.match(one.findings[0].text, /^1 media/);
    assert.match(parseSmart('/dev/nvme0', nvmeDisk({ media_errors: 3 }), defaultThresholds).findings[0].text, /^3 media/);
  });
});
