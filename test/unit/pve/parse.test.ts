import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { diskStatus, parseBackupContent, parseBackupJobs, parseClusterStatus, parseDisks, parseNodeStatus, parseResources, parseTasks } from '../../../electron/core/proxmox/parse';

const data = (f: string): unknown => (JSON.parse(readFileSync(new URL(`../../fixtures/pve/${f}`, import.meta.url), 'utf8')) as { data: unknown }).data;

describe('reading real PVE responses', () => {
  it('reads qemu VMs and lxc containers from /cluster/resources', () => {
    const r = parseResources(data('cluster-resources_vm-qemu-lxc-pool.json'));
    const vm100 = r.guests.find((g) => g.vmid === 100);
    assert.deepEqual([vm100?.type, vm100?.status, vm100?.node, vm100?.name], ['qemu', 'running', 'pve', 'pxe.home.arpa']);
    assert.equal(r.guests.find((g) => g.vmid === 101)?.status, 'stopped');
    const ct = r.guests.find((g) => g.vmid === 102);
    assert.equal(ct?.type, 'lxc');
    assert.ok(r.guests.every((g) => Array.isArray(g.tags) && typeof g.template === 'boolean'));
    // The pool entry is neither guest, node nor storage.
    assert.ok(r.guests.every((g) => Number.isInteger(g.vmid)));
  });

  it('reads quorum and node membership from /cluster/status', () => {
    const s = parseClusterStatus(data('cluster-status_4nodes-quorate.json'));
    assert.equal(s.clusterName, 'clustername');
    assert.equal(s.quorate, true);
    assert.equal(s.online.size, 4);
    assert.ok([...s.online.values()].every(Boolean));
  });

  it('reads load (sent as strings), kernel and CPU from /nodes/{node}/status', () => {
    const d = parseNodeStatus(data('node-status_pve7.4.json'));
    assert.equal(d.pveVersion, 'pve-manager/7.4-16/0f39f621');
    assert.match(d.kernel, /^Linux 5\.15\.108-1-pve/);
    assert.equal(d.cpus, 8);
    assert.match(d.cpuModel, /i7-6700/);
    assert.deepEqual(d.loadavg, [0, 0, 0]);
    assert.ok(d.rootfsTotal > d.rootfsUsed && d.rootfsUsed > 0);
  });

  it('reads SSD wearout sent as strings, and warns when life runs out', () => {
    const disks = parseDisks('pve', data('disks-list_ssd-wearout.json'));
    assert.deepEqual(disks.map((d) => d.wearout), [100, 97, 99, 100, 91]);
    assert.ok(disks.every((d) => d.status === 'ok'));
  });

  it('reads NVMe wearout sent as a number', () => {
    const [d] = parseDisks('gtr5', data('disks-list_nvme.json'));
    assert.equal(d.wearout, 69);
    assert.equal(d.devpath, '/dev/nvme0n1');
    assert.equal(d.status, 'ok');
  });

  it('treats HDD wearout "N/A" as unknown, not as worn', () => {
    const disks = parseDisks('um560', data('disks-list_hdd.json'));
    assert.ok(disks.length > 0);
    assert.ok(disks.every((d) => d.wearout === null && d.status === 'ok'));
  });

  it('shows a disk whose SMART health is UNKNOWN as unknown', () => {
    const disks = parseDisks('pve', data('disks-list_sas-hdd-unknown-health.json'));
    assert.ok(disks.some((d) => d.status === 'unknown'));
  });

  it('grades disk health: failing SMART is crit, little life left warns', () => {
    assert.equal(diskStatus('FAILED', 80), 'crit');
    assert.equal(diskStatus('PASSED', 17), 'warn');
    assert.equal(diskStatus('PASSED', 5), 'crit');
    assert.equal(diskStatus('PASSED', 69), 'ok');
  });

  it('reads tasks with a failure text from a node task list', () => {
    const tasks = parseTasks(data('node-tasks_pve6.4_with-failure.json'));
    assert.ok(tasks.length > 0);
    assert.ok(tasks.some((t) => t.status === "command 'ifreload -a' failed: exit code 1"));
    assert.ok(tasks.every((t) => t.upid.startsWith('UPID:') && t.starttime > 0));
    assert.ok(tasks[0].starttime >= tasks[tasks.length - 1].starttime, 'newest first');
  });

  it('reads backup volumes from a backup storage', () => {
    const b = parseBackupContent('datastore', 'pve', data('storage-content_backup_pbs.json'));
    assert.equal(b.length, 2);
    assert.ok(b.every((v) => v.vmid === 931 && v.verification === 'none' && v.protected === false));
    assert.equal(b[1].ctime, 1702582560);
  });

  it('reads scheduled backup jobs with their vmids and next run', () => {
    const jobs = parseBackupJobs(data('cluster-backup_jobs.json'));
    assert.deepEqual(jobs.map((j) => j.vmids), [[100], [100, 101, 102]]);
    assert.equal(jobs[1].nextRun, 1735385400);
    assert.equal(jobs[0].schedule, '06,18:30');
    assert.ok(jobs.every((j) => j.enabled));
  });

  it('refuses something that is not a list instead of showing nothing', () => {
    assert.throws(() => parseResources({ data: [] }), /expected a list/);
  });
});
