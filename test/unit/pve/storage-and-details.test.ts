import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BackupVolume, Guest, ProxmoxCluster, PveStorage } from '../../../shared/proxmox';
import { clusterChecks } from '../../../electron/core/proxmox/checks';
import { textIn } from '../../../shared/message';

const at = '2026-11-27T08:00:00.000Z';
const nowS = Date.parse(at) / 1000;
const GiB = 1024 ** 3;

function cluster(over: Partial<ProxmoxCluster>): ProxmoxCluster {
  return { name: 'home', endpoint: null, clusterName: 'homelab', quorate: true, nodes: [], guests: [], storages: [], disks: [], tasks: [], backups: [], backupJobs: [], ...over };
}

function storage(name: string, usedGiB: number, sizeGiB: number, extra: Partial<PveStorage> = {}): PveStorage {
  return { storage: name, node: 'um560', type: 'dir', content: ['backup'], status: 'available', disk: usedGiB * GiB, maxdisk: sizeGiB * GiB, shared: false, ...extra };
}

const guest: Guest = { vmid: 102, name: 'docker-compose', type: 'qemu', node: 'um560', status: 'running', cpu: 0.1, maxcpu: 4, mem: 1, maxmem: 2, disk: 0, maxdisk: 1, uptime: 1, tags: [], template: false, hastate: null, lock: null };

describe("each node's storages, judged as disks are", () => {
  it('gives every storage a check: ok below 85 %, a warning from 85 %, critical from 95 % (rounded up, like df)', () => {
    const c = cluster({ storages: [storage('local', 21, 94), storage('local-lvm', 84.2, 99), storage('usb-backup', 3.5, 3.6), storage('nas-backup', 0.4, 3.6, { shared: true, type: 'nfs' })] });
    const storages = clusterChecks('proxmox:home', c, at).filter((x) => x.target?.startsWith('storage:'));
    const byId = Object.fromEntries(storages.map((x) => [x.target, x]));
    assert.deepEqual(Object.fromEntries(storages.map((x) => [x.target, x.status])), {
      'storage:um560/local': 'ok',
      'storage:um560/local-lvm': 'warn',
      'storage:um560/usb-backup': 'crit',
      'storage:um560/nas-backup': 'ok',
    });
    assert.equal(byId['storage:um560/local'].summary, 'storage local on um560: 23 % used (21.0 GiB of 94.0 GiB)');
    assert.equal(textIn('zh-CN', byId['storage:um560/usb-backup'].msg, ''), 'um560 上的存储 usb-backup 已用 98%');
    assert.match(textIn('zh-CN', byId['storage:um560/local'].detailMsg, ''), /达 85 % 时警告，达 95 % 时严重/);
  });

  it('takes other limits when given', () => {
    const c = cluster({ storages: [storage('local', 50, 100)] });
    assert.equal(clusterChecks('proxmox:home', c, at, { storage: { warn: 40, crit: 60 } })[0].status, 'warn');
  });

  it('leaves a storage without a size unjudged and says when one is not available', () => {
    const c = cluster({ storages: [storage('pbs', 0, 0, { maxdisk: null, disk: null }), storage('nas-backup', 0, 0, { status: 'unavailable', disk: null, maxdisk: null })] });
    const checks = clusterChecks('proxmox:home', c, at);
    assert.deepEqual(checks.map((x) => [x.target, x.status]), [['storage:um560/nas-backup', 'warn']]);
  });
});

describe('detail lines of Proxmox findings in both languages', () => {
  const b: BackupVolume = { volid: 'usb-backup:backup/vzdump-qemu-102-2026_11_26-02_30_01.vma.zst', storage: 'usb-backup', node: 'um560', vmid: 102, ctime: nowS - 3600, size: 3328599654, format: 'vma.zst', notes: 'docker-compose, before the jellyfin upgrade', protected: true, verification: 'ok' };

  it("says a backup's size with units, its notes quoted as written, and no raw byte count in either language", () => {
    const [check] = clusterChecks('proxmox:home', cluster({ guests: [guest], backups: [b] }), at, { backupsKnown: true });
    assert.equal(check.detail, 'usb-backup:backup/vzdump-qemu-102-2026_11_26-02_30_01.vma.zst on usb-backup, 3.1 GiB, protected, notes: “docker-compose, before the jellyfin upgrade”');
    const zh = textIn('zh-CN', check.detailMsg, '');
    assert.equal(zh, 'usb-backup 上的 usb-backup:backup/vzdump-qemu-102-2026_11_26-02_30_01.vma.zst，3.1 GiB，受保护，备注：“docker-compose, before the jellyfin upgrade”');
    for (const text of [check.detail ?? '', zh]) assert.doesNotMatch(text, /\d{5,} ?bytes|3328599654/);
  });

  it("lists an offline node's guests from the catalogue", () => {
    const c = cluster({ nodes: [{ name: 'um560', status: 'offline', cpu: null, maxcpu: null, mem: null, maxmem: null, disk: null, maxdisk: null, uptime: null }], guests: [guest] });
    const node = clusterChecks('proxmox:home', c, at).find((x) => x.target === 'node:um560')!;
    assert.equal(node.detail, 'guests on um560: 102 docker-compose');
    assert.equal(textIn('zh-CN', node.detailMsg, ''), 'um560 上的虚拟机/容器：102 docker-compose');
  });
});
