import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BackupJob, BackupVolume, Guest, ProxmoxCluster } from '../../../shared/proxmox';
import { clusterChecks, coveringJob, freshnessChecks, type FreshnessMemoEntry } from '../../../electron/core/proxmox/checks';
import { explainPveError, parsePermissionError } from '../../../electron/core/proxmox/errors';
import { normalizeFingerprint } from '../../../shared/fingerprint';

const at = '2026-11-27T08:00:00.000Z';
const nowS = Date.parse(at) / 1000;

function guest(vmid: number, name: string, extra: Partial<Guest> = {}): Guest {
  return { vmid, name, type: 'qemu', node: 'um560', status: 'running', cpu: 0.1, maxcpu: 2, mem: 1, maxmem: 2, disk: 0, maxdisk: 1, uptime: 1, tags: [], template: false, hastate: null, lock: null, ...extra };
}

function backup(vmid: number, ageHours: number, extra: Partial<BackupVolume> = {}): BackupVolume {
  return { volid: `usb-backup:backup/vzdump-qemu-${vmid}-x.vma.zst`, storage: 'usb-backup', node: 'um560', vmid, ctime: nowS - ageHours * 3600, size: 1, format: 'vma.zst', notes: null, protected: false, verification: 'none', ...extra };
}

function cluster(over: Partial<ProxmoxCluster>): ProxmoxCluster {
  return { name: 'home', endpoint: null, clusterName: 'homelab', quorate: true, nodes: [], guests: [], storages: [], disks: [], tasks: [], backups: [], backupJobs: [], ...over };
}

describe('backup freshness', () => {
  const limits = { warnAfterHours: 48, critAfterHours: 168 };
  it('is ok for a fresh backup, warns when old, is critical when very old, and never backed up is critical too', () => {
    const c = cluster({ guests: [guest(100, 'openwrt'), guest(102, 'docker-compose'), guest(103, 'k3s-main'), guest(111, 'home-assistant')], backups: [backup(100, 20), backup(100, 300), backup(102, 60), backup(111, 200)] });
    const byVmid = Object.fromEntries(freshnessChecks('proxmox:home', c, at, limits).map((ch) => [ch.target, ch]));
    assert.equal(byVmid['guest:home/100'].status, 'ok');
    assert.equal(byVmid['guest:home/102'].status, 'warn');
    assert.equal(byVmid['guest:home/111'].status, 'crit');
    assert.equal(byVmid['guest:home/103'].status, 'crit', 'nothing to restore is at least as bad as an old backup');
    assert.match(byVmid['guest:home/103'].summary, /never been backed up; no scheduled backup job covers it/);
    assert.match(byVmid['guest:home/111'].summary, /8 days old/);
  });

  it('a guest left out of the all-guests job on purpose is the owner’s choice, not a finding; a job that names others still leaves it critical', () => {
    const job = (over: Partial<BackupJob>): BackupJob => ({ id: 'backup-daily', enabled: true, schedule: '02:30', storage: 'usb-backup', vmids: 'all', exclude: [], node: null, mode: 'snapshot', nextRun: null, ...over });
    const guests = [guest(106, 'k3s-data-1-worker-1'), guest(107, 'scratch')];
    const excluded = freshnessChecks('proxmox:home', cluster({ guests, backupJobs: [job({ exclude: [106] })] }), at, limits);
    assert.equal(excluded[0].status, 'ok');
    assert.equal(excluded[0].summary, '106 (k3s-data-1-worker-1) is left out of backup job backup-daily on purpose (its exclude list)');
    assert.equal(excluded[1].status, 'crit', '107 is covered by the job but has no backup yet');
    // Disabled, or on another node: that exclusion decides nothing.
    for (const j of [job({ exclude: [106], enabled: false }), job({ exclude: [106], node: 'gtr5' })]) {
      assert.equal(freshnessChecks('proxmox:home', cluster({ guests: [guest(106, 'w1', { node: 'um560' })], backupJobs: [j] }), at, limits)[0].status, 'crit');
    }
    // A guest that has backups is judged by their age, excluded or not.
    const old = freshnessChecks('proxmox:home', cluster({ guests: [guest(106, 'w1')], backups: [backup(106, 200)], backupJobs: [job({ exclude: [106] })] }), at, limits);
    assert.equal(old[0].status, 'crit');
  });

  it('says the same with a memo, reuses a finding while nothing changed, and says it again when the backup or its age does', () => {
    const backups = [backup(100, 20), backup(102, 60)];
    const c = cluster({ guests: [guest(100, 'openwrt'), guest(102, 'docker-compose'), guest(103, 'k3s-main')], backups });
    const memo = new Map<number, FreshnessMemoEntry>();
    const first = freshnessChecks('proxmox:home', c, at, limits, memo);
    assert.deepEqual(first, freshnessChecks('proxmox:home', c, at, limits));
    // The next poll: new guest objects (as every /cluster/resources read gives), same backups, ten minutes later.
    const later = new Date(Date.parse(at) + 10 * 60_000).toISOString();
    const again = freshnessChecks('proxmox:home', { ...c, guests: c.guests.map((g) => ({ ...g, cpu: 0.5 })) }, later, limits, memo);
    assert.equal(again[0].msg, first[0].msg, 'an unchanged guest reuses its message');
    assert.equal(again[0].observedAt, later);
    assert.deepEqual(again.map((ch) => ch.summary), first.map((ch) => ch.summary));
    // A day later 100's backup is 44 h old, 102's crosses into critical territory, and 103 was removed.
    const dayLater = new Date(Date.parse(at) + 24 * 3600_000).toISOString();
    const next = freshnessChecks('proxmox:home', { ...c, guests: c.guests.slice(0, 2), backups: [...backups, backup(102, 200)] }, dayLater, { warnAfterHours: 48, critAfterHours: 80 }, memo);
    assert.match(next[0].summary, /last backup 44 h ago/);
    assert.equal(next[1].status, 'crit');
    assert.deepEqual([...memo.keys()], [100, 102], 'a guest that is gone leaves the memo');
    // A guest renamed in PVE is said again with its new name.
    const renamed = freshnessChecks('proxmox:home', { ...c, guests: [guest(100, 'openwrt-2')], backups }, at, limits, memo);
    assert.match(renamed[0].summary, /^100 \(openwrt-2\)/);
  });

  it('skips templates', () => {
    const c = cluster({ guests: [guest(9000, 'tpl', { template: true })] });
    assert.equal(freshnessChecks('proxmox:home', c, at, limits).length, 0);
  });

  it('finds the scheduled job that covers a guest, honouring "all" with exclusions', () => {
    const jobs: BackupJob[] = [
      { id: 'a', enabled: false, schedule: 'daily', storage: null, vmids: [100], exclude: [], node: null, mode: null, nextRun: null },
      { id: 'b', enabled: true, schedule: 'sat 15:00', storage: null, vmids: 'all', exclude: [101], node: null, mode: null, nextRun: null },
    ];
    assert.equal(coveringJob(guest(100, 'openwrt'), jobs)?.id, 'b');
    assert.equal(coveringJob(guest(101, 'win2022'), jobs), null);
  });
});

describe('cluster checks', () => {
  it('marks an offline node critical and names its guests, and unknown guests warn', () => {
    const c = cluster({
      nodes: [{ name: 'gtr5', status: 'offline', cpu: null, maxcpu: null, mem: null, maxmem: null, disk: null, maxdisk: null, uptime: null }],
      guests: [guest(123, 'ubuntu-test', { node: 'gtr5', status: 'unknown' })],
    });
    const checks = clusterChecks('proxmox:home', c, at);
    const node = checks.find((x) => x.target === 'node:gtr5');
    assert.equal(node?.status, 'crit');
    assert.match(node?.detail ?? '', /123 ubuntu-test/);
    assert.equal(checks.find((x) => x.target === 'guest:home/123')?.status, 'warn');
  });

  it('turns a worn NVMe into a warning and a failing one into a critical check', () => {
    const c = cluster({
      disks: [
        { node: 'gtr5', devpath: '/dev/nvme0n1', model: 'WD_BLACK SN570 1TB', serial: null, type: 'nvme', size: 1, health: 'PASSED', wearout: 17, status: 'warn' },
        { node: 'um560', devpath: '/dev/nvme0n1', model: 'Samsung SSD 980', serial: null, type: 'nvme', size: 1, health: 'FAILED', wearout: 90, status: 'crit' },
      ],
    });
    const checks = clusterChecks('proxmox:home', c, at);
    assert.match(checks.find((x) => x.status === 'warn')?.summary ?? '', /gtr5 \/dev\/nvme0n1 .*17% of its rated life left/);
    assert.match(checks.find((x) => x.status === 'crit')?.summary ?? '', /SMART health FAILED — back up the guests on um560/);
  });

  it('is critical when the cluster lost quorum', () => {
    assert.equal(clusterChecks('proxmox:home', cluster({ quorate: false }), at)[0].status, 'crit');
  });
});

describe('PVE errors a person can act on', () => {
  it('names the missing privilege and the path of a 403', () => {
    assert.deepEqual(parsePermissionError('Permission check failed (/vms/101, VM.PowerMgmt)'), { path: '/vms/101', privilege: 'VM.PowerMgmt' });
    assert.match(explainPveError(403, 'Permission check failed (/vms/101, VM.PowerMgmt)'), /lacks VM\.PowerMgmt on \/vms\/101/);
  });

  it('says that one of the alternatives PVE joins with "|" would do', () => {
    assert.equal(
      explainPveError(403, 'Permission check failed (/storage/local, Datastore.Audit|Datastore.AllocateSpace)'),
      'permission denied: the user or token lacks Datastore.Audit (or Datastore.AllocateSpace) on /storage/local (grant a role with one of Datastore.Audit, Datastore.AllocateSpace on /storage/local; for a token with privilege separation, give it to the token too)',
    );
    assert.equal(explainPveError(403, 'Permission check failed'), 'permission denied (HTTP 403): Permission check failed');
  });

  it('lists the parameters PVE refused in a 400', () => {
    assert.match(explainPveError(400, 'Parameter verification failed.', { vmid: 'VM 200 already exists\n' }), /vmid: VM 200 already exists/);
  });
});

describe('certificate fingerprints', () => {
  it('compares fingerprints regardless of case and colons', () => {
    const a = 'ab'.repeat(32);
    assert.equal(normalizeFingerprint(a), normalizeFingerprint(`AB:`.repeat(31) + 'AB'));
    assert.equal(normalizeFingerprint('AB:CD'), null);
  });
});
