import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BackupJob, BackupVolume, Guest, PveDisk, PveNode, PveStorage, ProxmoxCluster } from '../../../shared/proxmox';
import type { Check } from '../../../shared/status';
import { textIn } from '../../../shared/message';
import { clusterChecks, coveringJob, excludingJob, freshnessChecks, newestBackups, type FreshnessMemoEntry } from '../../../electron/core/proxmox/checks';

/**
 * What the owner is told about one Proxmox VE cluster, finding by finding: the
 * exact sentence, its severity at each limit, and what is left unsaid.
 */

const at = '2026-11-27T08:00:00.000Z';
const nowS = Date.parse(at) / 1000;
const limits = { warnAfterHours: 48, critAfterHours: 168 };

function guest(vmid: number, name: string, extra: Partial<Guest> = {}): Guest {
  return { vmid, name, type: 'qemu', node: 'um560', status: 'running', cpu: 0.1, maxcpu: 2, mem: 1, maxmem: 2, disk: 0, maxdisk: 1, uptime: 1, tags: [], template: false, hastate: null, lock: null, ...extra };
}
function node(name: string, extra: Partial<PveNode> = {}): PveNode {
  return { name, status: 'online', cpu: 0.1, maxcpu: 8, mem: 4, maxmem: 16, disk: null, maxdisk: null, uptime: 100, ...extra } as PveNode;
}
function storage(extra: Partial<PveStorage>): PveStorage {
  return { storage: 'local-lvm', node: 'um560', type: 'lvmthin', content: ['images'], status: 'available', disk: 50, maxdisk: 100, shared: false, ...extra };
}
function disk(extra: Partial<PveDisk>): PveDisk {
  return { node: 'gtr5', devpath: '/dev/sda', model: 'ST4000', serial: null, type: 'hdd', size: 1, health: 'PASSED', wearout: null, status: 'warn', ...extra };
}
function backup(vmid: number, ageHours: number, extra: Partial<BackupVolume> = {}): BackupVolume {
  return { volid: `nas:backup/vzdump-qemu-${vmid}.vma.zst`, storage: 'nas', node: 'um560', vmid, ctime: nowS - ageHours * 3600, size: 2048, format: 'vma.zst', notes: null, protected: false, verification: 'none', ...extra };
}
function job(extra: Partial<BackupJob>): BackupJob {
  return { id: 'backup-daily', enabled: true, schedule: '02:30', storage: 'nas', vmids: 'all', exclude: [], node: null, mode: 'snapshot', nextRun: null, ...extra };
}
function cluster(over: Partial<ProxmoxCluster>): ProxmoxCluster {
  return { name: 'home', endpoint: null, clusterName: 'homelab', quorate: true, nodes: [], guests: [], storages: [], disks: [], tasks: [], backups: [], backupJobs: [], ...over };
}
const checks = (over: Partial<ProxmoxCluster>, opts: Parameters<typeof clusterChecks>[3] = {}): Check[] => clusterChecks('proxmox:home', cluster(over), at, opts);
const brief = (c: Check | undefined) => c && { id: c.id, target: c.target, status: c.status, summary: c.summary, detail: c.detail };

describe('a cluster’s quorum and nodes', () => {
  it('lost quorum is one critical finding that names the cluster; a quorate or unknown cluster says nothing about quorum', () => {
    assert.deepEqual(brief(checks({ quorate: false })[0]), {
      id: 'proxmox:home:quorum',
      target: 'cluster:home',
      status: 'crit',
      summary: 'home: cluster has lost quorum — guests cannot be started or changed',
      detail: undefined,
    });
    assert.deepEqual(checks({ quorate: true }), []);
    assert.deepEqual(checks({ quorate: null }), [], 'a single node reports no quorum: nothing to warn about');
    assert.equal(checks({ quorate: false })[0].source, 'proxmox:home');
    assert.equal(checks({ quorate: false })[0].observedAt, at);
  });

  it('a node warns when more than 95 % of its memory is used, not at 95 % exactly', () => {
    const mem = (used: number, max: number | null = 100) => brief(checks({ nodes: [node('gtr5', { mem: used, maxmem: max })] })[0]);
    assert.deepEqual(mem(96), { id: 'proxmox:home:node:gtr5', target: 'node:gtr5', status: 'warn', summary: 'gtr5: memory 96% used', detail: undefined });
    assert.deepEqual(mem(95.5), { id: 'proxmox:home:node:gtr5', target: 'node:gtr5', status: 'warn', summary: 'gtr5: memory 96% used', detail: undefined });
    assert.deepEqual(mem(95), { id: 'proxmox:home:node:gtr5', target: 'node:gtr5', status: 'ok', summary: 'gtr5 online', detail: undefined });
    // Unknown memory or size is no warning (and no division by zero).
    assert.equal(mem(96, 0)?.status, 'ok');
    assert.equal(mem(96, null)?.status, 'ok');
    assert.equal(brief(checks({ nodes: [node('gtr5', { mem: null, maxmem: 100 })] })[0])?.summary, 'gtr5 online');
  });

  it('a node that is down is critical and names the guests that went with it, and only those', () => {
    const c = checks({
      nodes: [node('gtr5', { status: 'offline' }), node('rockpi', { status: 'unknown' }), node('um560')],
      guests: [guest(123, 'ubuntu-test', { node: 'gtr5' }), guest(124, 'pbs', { node: 'gtr5' }), guest(100, 'openwrt', { node: 'um560' })],
    });
    assert.deepEqual(brief(c.find((x) => x.target === 'node:gtr5')), {
      id: 'proxmox:home:node:gtr5',
      target: 'node:gtr5',
      status: 'crit',
      summary: 'gtr5 is offline',
      detail: 'guests on gtr5: 123 ubuntu-test, 124 pbs',
    });
    assert.deepEqual(brief(c.find((x) => x.target === 'node:rockpi')), {
      id: 'proxmox:home:node:rockpi',
      target: 'node:rockpi',
      status: 'crit',
      summary: 'rockpi is unknown',
      detail: 'no guests on rockpi',
    });
    assert.equal(c.find((x) => x.target === 'node:rockpi')?.detailMsg?.key, 'pve.nodeNoGuests');
    // Offline is said in the reader's language, not as PVE's status word.
    assert.equal(textIn('zh-CN', c.find((x) => x.target === 'node:gtr5')?.msg, 'NO CHINESE'), 'gtr5 已离线');
    assert.equal(c.find((x) => x.target === 'node:um560')?.status, 'ok');
  });

  it('a guest in an unknown state warns with where it was; a running or stopped guest says nothing', () => {
    const c = checks({ guests: [guest(123, 'ubuntu-test', { node: 'gtr5', status: 'unknown' }), guest(100, 'openwrt'), guest(101, 'win', { status: 'stopped' })] });
    assert.deepEqual(c.map(brief), [
      { id: 'proxmox:home:guest:123', target: 'guest:home/123', status: 'warn', summary: '123 (ubuntu-test) on gtr5: state unknown (node unreachable?)', detail: undefined },
    ]);
  });
});

describe('storage fill', () => {
  it('is judged rounded up at the disk limits, says how full it is and by which limits', () => {
    const one = (disk: number, over: Partial<PveStorage> = {}, opts = {}) => brief(checks({ storages: [storage({ disk, maxdisk: 1000, ...over })] }, opts)[0]);
    assert.deepEqual(one(500), {
      id: 'proxmox:home:storage:um560:local-lvm',
      target: 'storage:um560/local-lvm',
      status: 'ok',
      summary: 'storage local-lvm on um560: 50 % used (500 B of 1000 B)',
      detail: 'warn at 85 %, critical at 95 % (the limits disks are judged by)',
    });
    // 84.1 % used is 85 % full: a warning; 84.0 % is not.
    assert.deepEqual([one(840)?.status, one(841)?.status, one(841)?.summary], ['ok', 'warn', 'storage local-lvm on um560 is 85% full']);
    assert.deepEqual([one(941)?.status, one(941)?.summary], ['crit', 'storage local-lvm on um560 is 95% full']);
    // The owner's own limits, named in the detail.
    const own = one(700, {}, { storage: { warn: 70, crit: 90 } });
    assert.deepEqual([own?.status, own?.detail], ['warn', 'warn at 70 %, critical at 90 % (the limits disks are judged by)']);
    assert.equal(one(900, {}, { storage: { warn: 70, crit: 90 } })?.status, 'crit');
  });

  it('a storage that is not available warns instead of reporting a fill; one with no size says nothing', () => {
    assert.deepEqual(checks({ storages: [storage({ storage: 'nas', status: 'unavailable', disk: 990, maxdisk: 1000 })] }).map(brief), [
      { id: 'proxmox:home:storage:um560:nas', target: 'storage:um560/nas', status: 'warn', summary: 'storage nas on um560 is unavailable', detail: undefined },
    ]);
    assert.deepEqual(checks({ storages: [storage({ disk: null }), storage({ maxdisk: 0 }), storage({ maxdisk: null })] }), []);
  });
});

describe('disks PVE reports', () => {
  it('a failed SMART health is the finding whatever the wear; PASSED, OK and UNKNOWN (any case) are not failures', () => {
    const one = (d: Partial<PveDisk>) => brief(checks({ disks: [disk(d)] })[0]);
    assert.deepEqual(one({ health: 'FAILED', wearout: 90, status: 'crit' }), {
      id: 'proxmox:home:disk:gtr5:/dev/sda',
      target: 'node:gtr5',
      status: 'crit',
      summary: 'gtr5 /dev/sda (ST4000): SMART health FAILED — back up the guests on gtr5 now and replace the disk',
      detail: 'health FAILED, wearout 90',
    });
    for (const health of ['PASSED', 'passed', 'OK', 'ok', 'UNKNOWN']) {
      assert.equal(one({ health, wearout: 17, status: 'warn' })?.summary, 'gtr5 /dev/sda (ST4000): only 17% of its rated life left — plan a replacement and check backups', health);
    }
    // A health text that merely contains a passing word is still a failure.
    assert.match(one({ health: 'NOT PASSED', wearout: 17 })?.summary ?? '', /SMART health NOT PASSED/);
    assert.match(one({ health: 'PASSED?', wearout: 17 })?.summary ?? '', /SMART health PASSED\?/);
  });

  it('without wear or with an unknown status the health is unknown; a healthy disk and a missing model say nothing extra', () => {
    const one = (d: Partial<PveDisk>) => brief(checks({ disks: [disk(d)] })[0]);
    assert.deepEqual(one({ health: null, wearout: null, model: null, status: 'unknown' }), {
      id: 'proxmox:home:disk:gtr5:/dev/sda',
      target: 'node:gtr5',
      status: 'unknown',
      summary: 'gtr5 /dev/sda: SMART health unknown',
      detail: 'health –, wearout –',
    });
    assert.equal(one({ health: 'UNKNOWN', wearout: 40, status: 'unknown' })?.summary, 'gtr5 /dev/sda (ST4000): SMART health unknown');
    assert.equal(one({ health: 'PASSED', wearout: null, status: 'warn' })?.summary, 'gtr5 /dev/sda (ST4000): SMART health unknown');
    assert.deepEqual(checks({ disks: [disk({ status: 'ok', health: 'FAILED' })] }), [], 'PVE judged the disk fine: nothing to say');
  });
});

describe('backups in the cluster’s findings', () => {
  it('are judged only when the backups could be read, after the cluster’s own findings, with the extra findings last', () => {
    const extra: Check = { id: 'proxmox:home:tasks', source: 'proxmox:home', target: 'cluster:home', status: 'warn', summary: 'x', observedAt: at };
    const over = { quorate: false, guests: [guest(100, 'openwrt')] };
    assert.deepEqual(checks(over).map((c) => c.id), ['proxmox:home:quorum']);
    assert.deepEqual(checks(over, { backupsKnown: false, extra: [extra] }).map((c) => c.id), ['proxmox:home:quorum', 'proxmox:home:tasks']);
    assert.deepEqual(checks(over, { backupsKnown: true, extra: [extra] }).map((c) => c.id), ['proxmox:home:quorum', 'proxmox:home:backup:100', 'proxmox:home:tasks']);
    // Default limits (a week, two weeks) unless given.
    assert.equal(checks({ guests: [guest(100, 'openwrt')], backups: [backup(100, 7 * 24)] }, { backupsKnown: true })[0].status, 'warn');
    assert.equal(checks({ guests: [guest(100, 'openwrt')], backups: [backup(100, 7 * 24)] }, { backupsKnown: true, freshness: { warnAfterHours: 200, critAfterHours: 300 } })[0].status, 'ok');
  });

  it('an old backup names the job that should have run (and when it runs next); a fresh one its age; the detail names the archive', () => {
    const c = cluster({
      guests: [guest(100, 'openwrt'), guest(102, 'docker'), guest(103, 'k3s')],
      backups: [backup(100, 20, { notes: 'before upgrade', protected: true }), backup(102, 60, { size: null }), backup(103, 200)],
      backupJobs: [job({ vmids: [102], nextRun: 1_796_004_000 }), job({ id: 'weekly', schedule: 'sat 03:00', vmids: [103] })],
    });
    const [fresh, old, older] = freshnessChecks('proxmox:home', c, at, limits);
    assert.deepEqual(brief(fresh), {
      id: 'proxmox:home:backup:100',
      target: 'guest:home/100',
      status: 'ok',
      summary: '100 (openwrt): last backup 20 h ago',
      detail: 'nas:backup/vzdump-qemu-100.vma.zst on nas, 2.0 KiB, protected, notes: “before upgrade”',
    });
    assert.equal(old.status, 'warn');
    assert.equal(old.summary, `102 (docker): last backup is 3 days old; covered by job backup-daily (02:30, next run ${new Date(1_796_004_000_000).toISOString()})`);
    assert.equal(old.detail, 'nas:backup/vzdump-qemu-102.vma.zst on nas, –');
    assert.equal(older.status, 'crit');
    assert.equal(older.summary, '103 (k3s): last backup is 8 days old; covered by job weekly (sat 03:00)');
  });

  it('never backed up: critical, and the detail says which job (if any) covers it', () => {
    const [none, covered] = freshnessChecks('proxmox:home', cluster({ guests: [guest(100, 'openwrt'), guest(101, 'win')], backupJobs: [job({ vmids: [101] })] }), at, limits);
    assert.deepEqual(brief(none), { id: 'proxmox:home:backup:100', target: 'guest:home/100', status: 'crit', summary: '100 (openwrt) has never been backed up; no scheduled backup job covers it', detail: 'no scheduled backup job covers it' });
    assert.equal(covered.status, 'crit');
    assert.equal(covered.detail, 'covered by job backup-daily (02:30)');
  });

  it('a failed verification makes a fresh backup a warning and leaves an old or very old one as it is, saying so each time', () => {
    const judge = (hours: number, verification: BackupVolume['verification']) =>
      freshnessChecks('proxmox:home', cluster({ guests: [guest(100, 'openwrt')], backups: [backup(100, hours, { verification })] }), at, limits)[0];
    assert.deepEqual([judge(20, 'failed').status, judge(20, 'failed').summary], ['warn', '100 (openwrt): last backup 20 h ago (its verification failed)']);
    assert.deepEqual([judge(60, 'failed').status, judge(60, 'failed').summary], ['warn', '100 (openwrt): last backup is 3 days old; no scheduled backup job covers it (its verification failed)']);
    assert.equal(judge(200, 'failed').status, 'crit');
    assert.equal(judge(20, 'ok').summary, '100 (openwrt): last backup 20 h ago');
    assert.equal(judge(20, 'none').status, 'ok');
  });

  it('the newest backup counts, whatever order the storage lists them in', () => {
    const order = [backup(100, 300), backup(100, 20), backup(100, 100)];
    assert.equal(newestBackups(order).get(100)?.ctime, nowS - 20 * 3600);
    assert.equal(freshnessChecks('proxmox:home', cluster({ guests: [guest(100, 'openwrt')], backups: order }), at, limits)[0].status, 'ok');
    const same = [backup(100, 20, { volid: 'first' }), backup(100, 20, { volid: 'second' })];
    assert.equal(newestBackups(same).get(100)?.volid, 'first', 'of two made the same second the first listed stays');
  });

  it('with a memo, a verification that fails after the backup was read is said at once, though the age is the same', () => {
    const memo = new Map<number, FreshnessMemoEntry>();
    const g = [guest(100, 'openwrt')];
    assert.equal(freshnessChecks('proxmox:home', cluster({ guests: g, backups: [backup(100, 20)] }), at, limits, memo)[0].status, 'ok');
    const failedVol = [backup(100, 20, { verification: 'failed' })];
    const failed = freshnessChecks('proxmox:home', cluster({ guests: g, backups: failedVol }), at, limits, memo)[0];
    assert.deepEqual([failed.status, failed.summary], ['warn', '100 (openwrt): last backup 20 h ago (its verification failed)']);
    // Renamed in PVE, nothing else changed: said with its new name.
    const renamed = freshnessChecks('proxmox:home', cluster({ guests: [guest(100, 'router')], backups: failedVol }), at, limits, memo)[0];
    assert.equal(renamed.summary, '100 (router): last backup 20 h ago (its verification failed)');
    // Hours later, the same backup object: its age is said again.
    const same = [backup(100, 20)];
    freshnessChecks('proxmox:home', cluster({ guests: g, backups: same }), at, limits, memo);
    const later = new Date(Date.parse(at) + 30 * 3600_000).toISOString();
    const aged = freshnessChecks('proxmox:home', cluster({ guests: g, backups: same }), later, limits, memo)[0];
    assert.deepEqual([aged.status, aged.summary], ['warn', '100 (openwrt): last backup is 2 days old; no scheduled backup job covers it']);
  });

  it('with a memo, a changed job is said again', () => {
    const memo = new Map<number, FreshnessMemoEntry>();
    const g = [guest(100, 'openwrt')];
    const first = freshnessChecks('proxmox:home', cluster({ guests: g }), at, limits, memo);
    assert.match(first[0].summary, /no scheduled backup job covers it/);
    const then = freshnessChecks('proxmox:home', cluster({ guests: g, backupJobs: [job({ vmids: [100] })] }), at, limits, memo);
    assert.equal(then[0].summary, '100 (openwrt) has never been backed up; covered by job backup-daily (02:30)');
  });
});

describe('which job covers a guest', () => {
  it('a job for one node covers only that node’s guests; a list covers only the guests it names', () => {
    const onGtr5 = job({ node: 'gtr5' });
    assert.equal(coveringJob(guest(100, 'a', { node: 'gtr5' }), [onGtr5])?.id, 'backup-daily');
    assert.equal(coveringJob(guest(100, 'a', { node: 'um560' }), [onGtr5]), null);
    assert.equal(coveringJob(guest(100, 'a'), [job({ vmids: [101] })]), null);
    assert.equal(coveringJob(guest(101, 'a'), [job({ id: 'off', vmids: [101], enabled: false }), job({ id: 'on', vmids: [101] })])?.id, 'on');
  });

  it('an exclusion counts only in an enabled all-guests job on the guest’s node (or every node)', () => {
    const g = guest(106, 'w1', { node: 'um560' });
    assert.equal(excludingJob(g, [job({ exclude: [106] })])?.id, 'backup-daily');
    assert.equal(excludingJob(g, [job({ exclude: [106], node: 'um560' })])?.id, 'backup-daily');
    assert.equal(excludingJob(g, [job({ exclude: [106], node: 'gtr5' })]), null);
    assert.equal(excludingJob(g, [job({ exclude: [106], enabled: false })]), null);
    assert.equal(excludingJob(g, [job({ exclude: [107] })]), null);
    assert.equal(excludingJob(g, [job({ vmids: [100], exclude: [106] })]), null);
  });
});
