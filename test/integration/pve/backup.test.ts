import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TaskInfo } from '../../../shared/tasks';
import { systemClock } from '../../../electron/core/clock';
import type { IntegrationContext } from '../../../electron/core/lab/integration';
import type { Lab } from '../../../electron/core/lab/lab';
import { createProxmoxIntegration } from '../../../electron/core/proxmox/integration';
import { MemorySecretStore } from '../../../electron/core/secrets';
import { TaskRunner } from '../../../electron/core/tasks';
import { emptySnapshot } from '../../../shared/snapshot';
import type { PveSim } from '../../../demo/pve/sim';
import { startPveLab, until } from '../../helpers/pve';

describe('back up now (vzdump)', () => {
  let sim: PveSim;
  let lab: Lab;
  let stop: () => Promise<void>;
  before(async () => {
    ({ sim, lab, stop } = await startPveLab({
      config: { backup: { storage: 'usb-backup', compress: 'zstd', notesTemplate: '{{guestname}}', warnAfterHours: 48, critAfterHours: 168, sets: [{ name: 'routers', tag: 'router' }] } },
    }));
    await lab.pollOnce();
  });
  after(() => stop());

  it('a guest never backed up gets a backup with visible progress, and then shows as fresh', async () => {
    let s = lab.snapshot;
    assert.match(s.checks.find((c) => c.id === 'proxmox:home:backup:101')?.summary ?? '', /never been backed up/);
    const seen: TaskInfo[] = [];
    const off = lab.on('task', (t) => seen.push(t));
    const [ref] = await lab.invoke('startBackup', { cluster: 'home', vmids: [101] });
    const t = await lab.tasks.wait(ref.taskId);
    off();
    assert.equal(t.state, 'ok', t.message ?? '');
    assert.match(t.message ?? '', /^OK: vzdump-qemu-101-\d{4}_\d{2}_\d{2}-\d{2}_\d{2}_\d{2}\.vma\.zst, 64\.00 GiB in \d+ seconds/);
    const progress = seen.filter((x) => x.id === ref.taskId).map((x) => x.progress).filter((p): p is number => p !== null);
    assert.ok(progress.some((p) => p > 0 && p < 1), `progress between 0 and 1 was shown: ${progress.join(',')}`);
    assert.ok(progress.every((p, i) => i === 0 || p >= progress[i - 1]), 'progress never goes back');
    assert.ok(t.log.some((l) => /^INFO: creating vzdump archive '\/mnt\/usb-backup\/dump\/vzdump-qemu-101-/.test(l)));
    const vol = sim.backups.find((b) => b.vmid === 101);
    assert.equal(vol?.notes, 'win2022');
    s = await until(lab, (x) => x.proxmox[0].backups.some((b) => b.vmid === 101 && b.storage === 'usb-backup'));
    const fresh = s.checks.find((c) => c.id === 'proxmox:home:backup:101');
    assert.equal(fresh?.status, 'ok');
    assert.match(fresh?.summary ?? '', /last backup 0 h ago/);
  });

  it('the guest is locked while its backup runs, so a second backup or a stop is refused', async () => {
    await lab.pollOnce();
    const [ref] = await lab.invoke('startBackup', { cluster: 'home', vmids: [102] });
    await assert.rejects(lab.invoke('startBackup', { cluster: 'home', vmids: [102] }), /vzdump is already running/);
    await until(lab, (s) => s.proxmox[0].guests.find((g) => g.vmid === 102)?.lock === 'backup');
    const [stopRef] = await lab.invoke('guestAction', { cluster: 'home', vmids: [102], action: 'stop' });
    const stopped = await lab.tasks.wait(stopRef.taskId);
    assert.equal(stopped.state, 'error');
    assert.match(stopped.message ?? '', /locked \(backup\)/);
    assert.equal((await lab.tasks.wait(ref.taskId)).state, 'ok');
  });

  it('a saved set backs up every guest with its tag, one task each', async () => {
    await lab.pollOnce();
    const refs = await lab.invoke('startBackup', { cluster: 'home', set: 'routers' });
    assert.equal(refs.length, 1);
    const t = await lab.tasks.wait(refs[0].taskId);
    assert.equal(t.state, 'ok');
    assert.match(t.target, /^100 \(openwrt\)/);
  });

  it('an offline backup storage is named', async () => {
    sim.setStorageOnline('usb-backup', false);
    try {
      await until(lab, (s) => s.proxmox[0].storages.find((x) => x.storage === 'usb-backup')?.status !== 'available');
      await assert.rejects(lab.invoke('startBackup', { cluster: 'home', vmids: [103] }), /backup storage "usb-backup" is offline/);
    } finally {
      sim.setStorageOnline('usb-backup', true);
      await until(lab, (s) => s.proxmox[0].storages.find((x) => x.storage === 'usb-backup')?.status === 'available');
    }
  });

  it('a failed backup says why', async () => {
    await lab.pollOnce();
    sim.guest(103).lock = 'snapshot';
    try {
      const [ref] = await lab.invoke('startBackup', { cluster: 'home', vmids: [103], storage: 'local' });
      const t = await lab.tasks.wait(ref.taskId);
      assert.equal(t.state, 'error');
      assert.match(t.message ?? '', /locked \(snapshot\)/);
    } finally {
      sim.guest(103).lock = null;
    }
  });

  it('shows the scheduled backup job and which guests it covers', async () => {
    const s = await lab.pollOnce();
    const job = s.proxmox[0].backupJobs[0];
    assert.equal(job.storage, 'usb-backup');
    assert.deepEqual(job.vmids, [100, 102, 103, 104, 105, 110]);
    assert.ok((job.nextRun ?? 0) * 1000 > Date.now());
    assert.match(s.checks.find((c) => c.id === 'proxmox:home:backup:111')?.summary ?? '', /no scheduled backup job covers it/);
  });
});

describe('waking a PVE node through the cluster', () => {
  it('asks the cluster to send the magic packet for a sleeping node and reports the MAC used', async () => {
    const { sim, lab, stop } = await startPveLab();
    const ctx: IntegrationContext = {
      config: lab.currentConfig,
      clock: systemClock,
      secrets: new MemorySecretStore({ 'pve-home': sim.tokens[0].secret }),
      tasks: new TaskRunner(systemClock, () => undefined),
      snapshot: () => emptySnapshot(),
      refreshSource: () => undefined,
      updateConfig: async () => undefined,
      log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    };
    const integ = await createProxmoxIntegration().build(ctx, {});
    const pve = integ?.services?.pve;
    try {
      sim.setNodeOnline('gtr5', false);
      const src = integ?.sources[0];
      assert.ok(src && src.kind === 'proxmox');
      await src.poll({ signal: new AbortController().signal });
      assert.ok(pve, 'the Proxmox integration offers the PVE waker');
      assert.deepEqual(pve.nodes().find((n) => n.node === 'gtr5'), { cluster: 'home', node: 'gtr5', online: false });
      const msg = await pve.wakeNode('home', 'gtr5');
      assert.match(msg, /wake gtr5 \(MAC 7c:83:34:b9:21:4d\)/);
      assert.deepEqual(sim.wakes, ['gtr5']);
    } finally {
      await integ?.dispose?.();
      await stop();
    }
  });
});
