import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { diskStatus, parseBackupContent, parseBackupJobs, parseDisks, parseTasks, WEAR_CRIT, WEAR_WARN } from '../../../electron/core/proxmox/parse';

const data = (f: string): unknown => (JSON.parse(readFileSync(new URL(`../../fixtures/pve/${f}`, import.meta.url), 'utf8')) as { data: unknown }).data;

describe('diskStatus: SMART health and wearout', () => {
  it('keeps the limits the checks are documented with', () => {
    assert.deepEqual([WEAR_WARN, WEAR_CRIT], [20, 10]);
  });

  it('reads PASSED (ATA) and OK (SAS) as healthy, in any case', () => {
    assert.deepEqual(
      [diskStatus('PASSED', 100), diskStatus('OK', null), diskStatus('ok', 50), diskStatus('passed', null)],
      ['ok', 'ok', 'ok', 'ok'],
    );
  });

  it('calls any other SMART verdict critical, whatever the wearout', () => {
    assert.deepEqual([diskStatus('FAILED', 100), diskStatus('failed!', null), diskStatus('OKAY', 90)], ['crit', 'crit', 'crit']);
  });

  it('reports unknown when SMART says nothing or UNKNOWN and life left is fine or unknown', () => {
    assert.deepEqual(
      [diskStatus(null, null), diskStatus('', null), diskStatus('UNKNOWN', null), diskStatus('unknown', 80), diskStatus(null, 21)],
      ['unknown', 'unknown', 'unknown', 'unknown', 'unknown'],
    );
  });

  it('puts the wearout limits on the worse side: 10 % crit, 11 % and 20 % warn, 21 % ok', () => {
    assert.deepEqual(
      [0, 9, 10, 11, 19, 20, 21, 100].map((w) => diskStatus('PASSED', w)),
      ['crit', 'crit', 'crit', 'warn', 'warn', 'warn', 'ok', 'ok'],
    );
  });

  it('lets worn-out life left outrank an unknown SMART verdict', () => {
    assert.deepEqual([diskStatus(null, 10), diskStatus('UNKNOWN', 20), diskStatus(null, 5)], ['crit', 'warn', 'crit']);
  });
});

describe('parseDisks: /nodes/{node}/disks/list', () => {
  it('reads the SSD capture field by field, wearout sent as a string', () => {
    const disks = parseDisks('pve1', data('disks-list_ssd-wearout.json'));
    assert.deepEqual(disks[1], {
      node: 'pve1', devpath: '/dev/sdb', model: 'INTEL_SSDSC2BB080G6', serial: '000000000000000000',
      type: 'ssd', size: 512000, health: 'PASSED', wearout: 97, status: 'ok',
    });
    assert.deepEqual(disks.map((d) => [d.devpath, d.wearout]), [['/dev/sda', 100], ['/dev/sdb', 97], ['/dev/sdc', 99], ['/dev/sdd', 100], ['/dev/sde', 91]]);
  });

  it('reads a SAS disk with UNKNOWN health and wearout N/A as unknown, not as failing', () => {
    assert.deepEqual(parseDisks('pve2', data('disks-list_sas-hdd-unknown-health.json')), [{
      node: 'pve2', devpath: '/dev/sda', model: 'MODEL1', serial: 'SER2', type: 'unknown',
      size: 5120000, health: 'UNKNOWN', wearout: null, status: 'unknown',
    }]);
  });

  it('reads an NVMe disk with a numeric wearout', () => {
    assert.deepEqual(parseDisks('pve3', data('disks-list_nvme.json')), [{
      node: 'pve3', devpath: '/dev/nvme0n1', model: 'NVME MODEL 1', serial: 'unknown', type: 'nvme',
      size: 512000, health: 'PASSED', wearout: 69, status: 'ok',
    }]);
  });

  it('fills missing fields with null and an unnamed device with ?, and reads sizes sent as strings', () => {
    assert.deepEqual(parseDisks('pve1', [{ size: '1024000', health: 'FAILED', wearout: '' }, null, 'x', { devpath: '/dev/sdz', wearout: '15' }]), [
      { node: 'pve1', devpath: '?', model: null, serial: null, type: null, size: 1024000, health: 'FAILED', wearout: null, status: 'crit' },
      { node: 'pve1', devpath: '/dev/sdz', model: null, serial: null, type: null, size: null, health: null, wearout: 15, status: 'warn' },
    ]);
  });

  it('names the node path when the answer is not a list', () => {
    assert.throws(() => parseDisks('pve7', null), { message: '/nodes/pve7/disks/list: expected a list, got null' });
    assert.throws(() => parseDisks('pve7', { data: [] }), { message: '/nodes/pve7/disks/list: expected a list, got object' });
  });
});

describe('parseTasks: /cluster/tasks', () => {
  it('reads the captured task list, newest first, keeping the error text of the failed one', () => {
    const shuffled = data('node-tasks_pve6.4_with-failure.json') as unknown[];
    const tasks = parseTasks([shuffled[1], shuffled[2], shuffled[0]]);
    const base = { node: 'iaclab-01-01', type: 'srvreload', id: 'networking', user: 'root@pam' };
    assert.deepEqual(tasks, [
      { upid: 'UPID:iaclab-01-01:00000DD3:1C419D88:6119FB65:srvreload:networking:root@pam:', ...base, starttime: 1629092709, endtime: 1629092710, status: 'OK' },
      {
        upid: 'UPID:iaclab-01-01:000029DD:1599528B:6108F068:srvreload:networking:root@pam:', ...base,
        starttime: 1627975784, endtime: 1627975785, status: "command 'ifreload -a' failed: exit code 1",
      },
      { upid: 'UPID:iaclab-01-01:00001A7A:1598E4A4:6108EF4F:srvreload:networking:root@pam:', ...base, starttime: 1627975503, endtime: 1627975503, status: 'OK' },
    ]);
  });

  it('takes node, type, id, user and start time from the UPID when the entry leaves them out', () => {
    // 6124E1B9 hex is 1629807033.
    const upid = 'UPID:pve1:00010D94:001CA6EA:6124E1B9:vzdump:100:root@pam:';
    assert.deepEqual(parseTasks([{ upid }]), [{ upid, node: 'pve1', type: 'vzdump', id: '100', user: 'root@pam', starttime: 1629807033, endtime: null, status: null }]);
  });

  it('prefers the entry fields over the UPID and reads numbers sent as strings', () => {
    const upid = 'UPID:pve1:00010D94:001CA6EA:6124E1B9:vzdump:100:root@pam:';
    const t = { upid, node: 'pve2', type: 'qmstart', id: '101', user: 'ops@pve', starttime: '1700000000', endtime: '1700000060', status: 'OK' };
    assert.deepEqual(parseTasks([t]), [{ upid, node: 'pve2', type: 'qmstart', id: '101', user: 'ops@pve', starttime: 1700000000, endtime: 1700000060, status: 'OK' }]);
  });

  it('falls back to ?, an empty id and time 0 when neither the entry nor an unreadable UPID says', () => {
    assert.deepEqual(parseTasks([{ upid: 'not-a-upid' }]), [{ upid: 'not-a-upid', node: '?', type: '?', id: '', user: '?', starttime: 0, endtime: null, status: null }]);
  });

  it('treats status "running" as not finished and skips entries without a UPID', () => {
    const upid = 'UPID:pve1:00000001:00000002:65000000:qmstart:100:root@pam:';
    const tasks = parseTasks([{ upid, status: 'running' }, { status: 'OK', node: 'pve1' }, { upid: '', status: 'OK' }, { upid: 7 }]);
    assert.deepEqual(tasks.map((t) => [t.upid, t.status]), [[upid, null], ['7', null]]);
  });

  it('says "tasks" when the answer is not a list', () => {
    assert.throws(() => parseTasks('OK'), { message: 'tasks: expected a list, got string' });
  });
});

describe('parseBackupContent: /nodes/{node}/storage/{storage}/content?content=backup', () => {
  it('reads the captured PBS archives field by field', () => {
    const base = { storage: 'pbs', node: 'pve1', vmid: 931, format: 'pbs-vm', notes: null, protected: false, verification: 'none' };
    assert.deepEqual(parseBackupContent('pbs', 'pve1', data('storage-content_backup_pbs.json')), [
      { volid: 'datastore:backup/vm/931/2023-12-14T04:34:34Z', ...base, ctime: 1702528474, size: 273804166061 },
      { volid: 'datastore:backup/vm/931/2023-12-14T19:36:00Z', ...base, ctime: 1702582560, size: 273804166059 },
    ]);
  });

  it('reads notes, protection, verification and numbers sent as strings', () => {
    const volid = 'local:backup/vzdump-lxc-102-2024_12_24-02_00_03.tar.zst';
    const got = parseBackupContent('local', 'pve2', [{
      volid, content: 'backup', vmid: '102', ctime: '1735005603', size: '734003200', format: 'tar.zst',
      notes: 'before upgrade', protected: 1, verification: { state: 'ok', upid: 'UPID:pve2:00000001:00000002:65000000:verify:102:root@pam:' },
    }]);
    assert.deepEqual(got, [{
      volid, storage: 'local', node: 'pve2', vmid: 102, ctime: 1735005603, size: 734003200, format: 'tar.zst',
      notes: 'before upgrade', protected: true, verification: 'ok',
    }]);
  });

  it('maps every verification state: ok, failed, anything else or none at all', () => {
    const vol = (i: number, verification?: unknown): Record<string, unknown> => ({ volid: `pbs:backup/vm/100/${i}`, vmid: 100, ctime: i, verification });
    const got = parseBackupContent('pbs', 'pve1', [
      vol(1, { state: 'ok' }), vol(2, { state: 'failed' }), vol(3, { state: 'running' }), vol(4), vol(5, null), vol(6, 'ok'), vol(7, {}),
    ]);
    assert.deepEqual(got.map((v) => [v.ctime, v.verification]), [[1, 'ok'], [2, 'failed'], [3, 'none'], [4, 'none'], [5, 'none'], [6, 'none'], [7, 'none']]);
  });

  it('reads protected as 1, "1" or true; anything else is unprotected', () => {
    const got = parseBackupContent('pbs', 'pve1', [1, '1', true, 0, '0', false, undefined, 'yes'].map((p, i) => ({ volid: `pbs:v${i}`, vmid: 100, protected: p })));
    assert.deepEqual(got.map((v) => v.protected), [true, true, true, false, false, false, false, false]);
  });

  it('defaults a missing ctime to 0 and missing size, format and notes to null', () => {
    assert.deepEqual(parseBackupContent('s', 'n', [{ volid: 's:backup/x', vmid: 5, notes: '' }]), [
      { volid: 's:backup/x', storage: 's', node: 'n', vmid: 5, ctime: 0, size: null, format: null, notes: null, protected: false, verification: 'none' },
    ]);
  });

  it('skips entries without a vmid, without a volid, or of other content; keeps ones that do not say their content', () => {
    const got = parseBackupContent('local', 'pve1', [
      { volid: 'local:backup/no-vmid', content: 'backup' },
      { vmid: 100, content: 'backup' },
      { volid: 'local:iso/debian.iso', vmid: 100, content: 'iso' },
      { volid: 'local:backup/unsaid', vmid: 100 },
      { volid: 'local:backup/said', vmid: 'abc', content: 'backup' },
      { volid: 'local:backup/kept', vmid: 101, content: 'backup' },
    ]);
    assert.deepEqual(got.map((v) => [v.volid, v.vmid]), [['local:backup/unsaid', 100], ['local:backup/kept', 101]]);
  });

  it('names the storage path when the answer is not a list', () => {
    assert.throws(() => parseBackupContent('pbs', 'pve1', {}), { message: '/nodes/pve1/storage/pbs/content: expected a list, got object' });
  });
});

describe('parseBackupJobs: /cluster/backup', () => {
  it('reads the captured jobs field by field, vmid lists sent as text', () => {
    const base = { enabled: true, storage: 'local', exclude: [], node: null, mode: 'snapshot' };
    assert.deepEqual(parseBackupJobs(data('cluster-backup_jobs.json')), [
      { id: 'backup-83831498-c631', ...base, schedule: '06,18:30', vmids: [100], nextRun: 1735138800 },
      { id: 'backup-70025700-2302', ...base, schedule: 'sat 15:00', vmids: [100, 101, 102], nextRun: 1735385400 },
    ]);
  });

  it('reads an all-guests job with exclusions on one node, disabled, next run sent as a string', () => {
    const job = { id: 'backup-all', all: 1, exclude: '105,106', enabled: 0, schedule: 'daily', storage: 'pbs', node: 'pve2', mode: 'stop', 'next-run': '1735171200' };
    assert.deepEqual(parseBackupJobs([job]), [
      { id: 'backup-all', enabled: false, schedule: 'daily', storage: 'pbs', vmids: 'all', exclude: [105, 106], node: 'pve2', mode: 'stop', nextRun: 1735171200 },
    ]);
  });

  it('defaults: enabled when unsaid, all guests when no vmid, ? id, empty schedule, no exclusions', () => {
    assert.deepEqual(parseBackupJobs([{}]), [
      { id: '?', enabled: true, schedule: '', storage: null, vmids: 'all', exclude: [], node: null, mode: null, nextRun: null },
    ]);
  });

  it('reads enabled as 1, "1" or true and anything else said as disabled', () => {
    assert.deepEqual(parseBackupJobs([1, '1', true, 0, '0', false, null].map((enabled) => ({ id: 'j', enabled }))).map((j) => j.enabled), [true, true, true, false, false, false, false]);
  });

  it('takes all=1 over a vmid list, and reads a single vmid or exclusion sent as a number', () => {
    const got = parseBackupJobs([{ id: 'a', all: '1', vmid: '100,101' }, { id: 'b', vmid: 103, exclude: 104 }, { id: 'c', all: 0, vmid: '100' }]);
    assert.deepEqual(got.map((j) => [j.vmids, j.exclude]), [['all', []], [[103], [104]], [[100], []]]);
  });

  it('drops vmids and exclusions that are not numbers', () => {
    const got = parseBackupJobs([{ id: 'x', vmid: '100,abc,102', exclude: '105,,nope,106' }]);
    assert.deepEqual([got[0].vmids, got[0].exclude], [[100, 102], [105, 106]]);
  });

  it('reads a hand-edited list with a trailing comma, blanks, a stray 0 or a fraction as the guests it names, never a guest 0', () => {
    const got = parseBackupJobs([{ id: 'a', vmid: '100,' }, { id: 'b', vmid: ' 101 , 102 ' }, { id: 'c', vmid: '0,103', exclude: '104,,0' }, { id: 'd', vmid: '100.5,105' }]);
    assert.deepEqual(got.map((j) => [j.vmids, j.exclude]), [[[100], []], [[101, 102], []], [[103], [104]], [[105], []]]);
  });

  it('says /cluster/backup when the answer is not a list', () => {
    assert.throws(() => parseBackupJobs(undefined), { message: '/cluster/backup: expected a list, got undefined' });
  });
});
