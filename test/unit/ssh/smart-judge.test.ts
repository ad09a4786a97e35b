import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ataFindings, failedFinding, hasScsiLogs, isScsi, modelOf, nvmeFindings, scsiFindings, type SmartFinding } from '../../../electron/core/ssh/probes/smart-judge';
import { defaultThresholds as t } from '../../../electron/core/ssh/probes/thresholds';

/**
 * What each kind of disk's SMART data makes LabTray say: the exact words of
 * each finding, its severity, and the limits where it starts.
 */

const said = (fs: SmartFinding[]) => fs.map((f) => [f.status, f.text]);
const healthyNvme = { critical_warning: 0, media_errors: 0, available_spare: 100, available_spare_threshold: 10, percentage_used: 3 };
const nvme = (over: Record<string, unknown>) => said(nvmeFindings({ ...healthyNvme, ...over }, t));

describe('NVMe health log', () => {
  it('names each critical-warning bit the drive set, and all of them together', () => {
    const bits: [number, string][] = [
      [0x01, 'critical warning 0x1: spare capacity below threshold'],
      [0x02, 'critical warning 0x2: temperature out of range'],
      [0x04, 'critical warning 0x4: reliability degraded (media or internal errors)'],
      [0x08, 'critical warning 0x8: media is read-only'],
      [0x10, 'critical warning 0x10: volatile memory backup failed'],
      [0x20, 'critical warning 0x20: persistent memory region unreliable'],
    ];
    for (const [bit, text] of bits) assert.deepEqual(nvme({ critical_warning: bit }), [['crit', text]], `bit ${bit}`);
    assert.deepEqual(nvme({ critical_warning: 0x0c }), [['crit', 'critical warning 0xc: reliability degraded (media or internal errors), media is read-only']]);
    assert.deepEqual(nvme({ critical_warning: 0x40 }), [['crit', 'critical warning 0x40: unknown bit']], 'a bit newer than the ones we know is still critical');
    assert.deepEqual(nvme({ critical_warning: 0 }), []);
    assert.deepEqual(nvme({ critical_warning: undefined }), [], 'no critical-warning field: nothing to say');
  });

  it('media errors: one is critical, said in the singular; none is nothing', () => {
    assert.deepEqual(nvme({ media_errors: 1 }), [['crit', '1 media error (data could not be read back)']]);
    assert.deepEqual(nvme({ media_errors: 12 }), [['crit', '12 media errors (data could not be read back)']]);
    assert.deepEqual(nvme({ media_errors: 0 }), []);
  });

  it('spare below its threshold is critical; at the threshold it is not', () => {
    assert.deepEqual(nvme({ available_spare: 9, available_spare_threshold: 10 }), [['crit', 'available spare 9 % below 10 %']]);
    assert.deepEqual(nvme({ available_spare: 10, available_spare_threshold: 10 }), []);
    assert.deepEqual(nvme({ available_spare: 0, available_spare_threshold: undefined }), [], 'no threshold to compare with');
  });

  it('wear warns from the warn limit and is critical from the crit limit, each inclusive', () => {
    assert.deepEqual(nvme({ percentage_used: t.wearWarn - 1 }), []);
    assert.deepEqual(nvme({ percentage_used: t.wearWarn }), [['warn', `${t.wearWarn} % of rated endurance used`]]);
    assert.deepEqual(nvme({ percentage_used: t.wearCrit - 1 }), [['warn', `${t.wearCrit - 1} % of rated endurance used`]]);
    assert.deepEqual(nvme({ percentage_used: t.wearCrit }), [['crit', `${t.wearCrit} % of rated endurance used`]]);
    assert.deepEqual(nvme({ percentage_used: 'lots' }), [], 'a value that is not a number is not judged');
  });

  it('says every finding of a dying drive, in order', () => {
    assert.deepEqual(nvme({ critical_warning: 1, media_errors: 2, available_spare: 5, percentage_used: 95 }), [
      ['crit', 'critical warning 0x1: spare capacity below threshold'],
      ['crit', '2 media errors (data could not be read back)'],
      ['crit', 'available spare 5 % below 10 %'],
      ['crit', '95 % of rated endurance used'],
    ]);
  });
});

describe('ATA attribute table', () => {
  const row = (id: number, name: string, value: unknown, when_failed = '') => ({ id, name, raw: { value }, when_failed });
  const ata = (...rows: unknown[]) => said(ataFindings(rows, t));

  it('reallocated sectors warn and are critical from the limit; pending and offline-uncorrectable sectors are critical from one', () => {
    assert.deepEqual(ata(row(5, 'Reallocated_Sector_Ct', 1)), [['warn', '1 reallocated sector']]);
    assert.deepEqual(ata(row(5, 'Reallocated_Sector_Ct', t.reallocatedCrit - 1)), [['warn', `${t.reallocatedCrit - 1} reallocated sectors`]]);
    assert.deepEqual(ata(row(5, 'Reallocated_Sector_Ct', t.reallocatedCrit)), [['crit', `${t.reallocatedCrit} reallocated sectors`]]);
    assert.deepEqual(ata(row(197, 'Current_Pending_Sector', 2)), [['crit', '2 sectors pending reallocation (unreadable)']]);
    assert.deepEqual(ata(row(198, 'Offline_Uncorrectable', 3)), [['crit', '3 offline uncorrectable sectors']]);
    assert.deepEqual(ata(row(5, 'Reallocated_Sector_Ct', 0), row(197, 'Current_Pending_Sector', 0), row(198, 'Offline_Uncorrectable', 0)), []);
  });

  it('each attribute the drive marks failed is critical, naming it and when; rows that are not objects are passed over', () => {
    assert.deepEqual(ata(null, 'junk', row(9, 'Power_On_Hours', 100), row(1, 'Raw_Read_Error_Rate', 0, 'FAILING_NOW'), row(3, 'Spin_Up_Time', 0, 'In_the_past')), [
      ['crit', 'attribute Raw_Read_Error_Rate failed (FAILING_NOW)'],
      ['crit', 'attribute Spin_Up_Time failed (In_the_past)'],
    ]);
    assert.deepEqual(ata({ id: 5, name: 'Reallocated_Sector_Ct', raw: { value: '7' } }), [], 'a raw value that is not a number is not counted');
    assert.deepEqual(ata({ id: 5, name: 'Reallocated_Sector_Ct', raw: 7 }), []);
  });
});

describe('SAS/SCSI disks', () => {
  it('are recognised by the protocol smartctl names or by either SCSI log on its own', () => {
    assert.equal(isScsi({ device: { protocol: 'SCSI' } }), true);
    assert.equal(isScsi({ scsi_grown_defect_list: 0 }), true);
    assert.equal(isScsi({ scsi_error_counter_log: {} }), true);
    assert.equal(isScsi({ device: { protocol: 'ATA' }, ata_smart_attributes: {} }), false);
    assert.equal(isScsi({ device: { protocol: 'NVMe' } }), false);
    assert.equal(isScsi({}), false);
  });

  it('have logs to judge when the defect list is a number or the error counter log an object', () => {
    assert.equal(hasScsiLogs({ scsi_grown_defect_list: 0 }), true);
    assert.equal(hasScsiLogs({ scsi_error_counter_log: { read: {} } }), true);
    assert.equal(hasScsiLogs({ scsi_grown_defect_list: 'n/a', scsi_error_counter_log: [] }), false);
    assert.equal(hasScsiLogs({ device: { protocol: 'SCSI' } }), false);
  });

  it('grown defects: one warns, the limit is critical; uncorrected errors are critical, naming each operation that had any', () => {
    const scsi = (j: Record<string, unknown>) => said(scsiFindings(j, t));
    assert.deepEqual(scsi({ scsi_grown_defect_list: 1 }), [['warn', '1 sector in the grown defect list (remapped since manufacture)']]);
    assert.deepEqual(scsi({ scsi_grown_defect_list: t.grownDefectsCrit - 1 }), [['warn', `${t.grownDefectsCrit - 1} sectors in the grown defect list (remapped since manufacture)`]]);
    assert.deepEqual(scsi({ scsi_grown_defect_list: t.grownDefectsCrit }), [['crit', `${t.grownDefectsCrit} sectors in the grown defect list (remapped since manufacture)`]]);
    const log = (read: number, write: number, verify: number) => ({ scsi_error_counter_log: { read: { total_uncorrected_errors: read }, write: { total_uncorrected_errors: write }, verify: { total_uncorrected_errors: verify } } });
    assert.deepEqual(scsi(log(0, 1, 0)), [['crit', '1 uncorrected error in the error counter log (write: 1)']]);
    assert.deepEqual(scsi(log(2, 0, 3)), [['crit', '5 uncorrected errors in the error counter log (read: 2, verify: 3)']]);
    assert.deepEqual(scsi(log(0, 0, 0)), []);
    assert.deepEqual(scsi({ scsi_grown_defect_list: 0 }), []);
  });

  it('an SSD’s used endurance comes from the endurance indicator, else from endurance_used, judged at the wear limits', () => {
    const scsi = (j: Record<string, unknown>) => said(scsiFindings(j, t));
    assert.deepEqual(scsi({ scsi_percentage_used_endurance_indicator: t.wearWarn }), [['warn', `${t.wearWarn} % of rated endurance used`]]);
    assert.deepEqual(scsi({ endurance_used: { current_percent: t.wearCrit } }), [['crit', `${t.wearCrit} % of rated endurance used`]]);
    assert.deepEqual(scsi({ scsi_percentage_used_endurance_indicator: 5, endurance_used: { current_percent: 95 } }), [], 'the indicator wins');
  });

  it('are named by model, else by vendor and product; a failed verdict says the informational exception when there is one', () => {
    assert.equal(modelOf({ model_name: ' Samsung SSD 980 ', scsi_vendor: 'X', scsi_product: 'Y' }), 'Samsung SSD 980');
    assert.equal(modelOf({ scsi_model_name: 'SEAGATE ST4000NM0023', scsi_vendor: 'X' }), 'SEAGATE ST4000NM0023');
    assert.equal(modelOf({ scsi_vendor: 'SEAGATE', scsi_product: 'ST4000NM0023' }), 'SEAGATE ST4000NM0023');
    assert.equal(modelOf({ scsi_product: 'ST4000NM0023', model_name: '  ' }), 'ST4000NM0023');
    assert.equal(modelOf({ scsi_vendor: '', model_name: 7 }), null);
    assert.deepEqual(failedFinding({ smart_status: { passed: false, scsi: { ie_string: 'FAILURE PREDICTION THRESHOLD EXCEEDED' } } }), {
      status: 'crit',
      text: 'SMART overall health FAILED: FAILURE PREDICTION THRESHOLD EXCEEDED',
      msg: { key: 'smart.failedBecause', params: { why: 'FAILURE PREDICTION THRESHOLD EXCEEDED' } },
    });
    assert.equal(failedFinding({ smart_status: { passed: false, scsi: { ie_string: ' ' } } }).text, 'SMART overall health FAILED');
    assert.equal(failedFinding({ smart_status: { passed: false } }).text, 'SMART overall health FAILED');
  });
});
