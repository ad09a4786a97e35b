import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Lab } from '../../../electron/core/lab/lab';
import type { PveSim } from '../../../demo/pve/sim';
import { startPveLab, until } from '../../helpers/pve';

const GiB = 1024 ** 3;
const logReads = (sim: PveSim): number => sim.requests.filter((r) => /\/tasks\/.+\/log$/.test(r.path)).length;

// A guest's backup history in its panel, against the demo lab's three weeks of backups and their vzdump task logs.
describe('backup history per guest', () => {
  let sim: PveSim;
  let lab: Lab;
  let stop: () => Promise<void>;
  before(async () => {
    ({ sim, lab, stop } = await startPveLab());
    await until(lab, (s) => (s.proxmox[0]?.backups.length ?? 0) > 0 && (s.proxmox[0]?.tasks.length ?? 0) > 0);
  });
  after(() => stop());

  it('a guest never backed up has no history, and a log PVE refuses leaves durations unknown, not the panel broken, and is read again next time', async () => {
    assert.deepEqual((await lab.invoke('guestDetail', { cluster: 'home', vmid: 101 })).backupHistory, []);
    sim.fault({ kind: 'status', status: 403, reason: 'Permission check failed' }, { path: /\/tasks\/.+\/log$/ });
    try {
      const d = await lab.invoke('guestDetail', { cluster: 'home', vmid: 111 });
      assert.equal(d.backupHistory.length, 4);
      assert.ok(d.backupHistory.every((b) => b.durationS === null));
    } finally {
      sim.clearFaults();
    }
  });

  it('home-assistant\'s newest backup is marked: less than half the usual size; the older ones are not', async () => {
    const d = await lab.invoke('guestDetail', { cluster: 'home', vmid: 111 });
    assert.equal(d.backupHistory.length, 4);
    const [newest, ...older] = d.backupHistory;
    assert.equal(newest.size, Math.round(3.1 * GiB));
    assert.deepEqual(newest.oddities.map((o) => o.kind), ['shrank']);
    assert.ok(newest.oddities[0].usual > 6.5 * GiB && newest.oddities[0].usual < 7 * GiB, String(newest.oddities[0].usual));
    assert.ok(older.every((b) => b.oddities.length === 0));
    // Each duration is the one in its task's "Finished Backup of VM 111 (…)" line.
    assert.ok(d.backupHistory.every((b) => b.durationS !== null && b.durationS > 60), JSON.stringify(d.backupHistory.map((b) => b.durationS)));
  });

  it('docker-compose: two weeks of nightly backups with durations, the slow one five nights ago marked, newest first', async () => {
    const d = await lab.invoke('guestDetail', { cluster: 'home', vmid: 102 });
    assert.equal(d.backupHistory.length, 14);
    assert.ok(d.backupHistory.every((b, i, all) => i === 0 || all[i - 1].ctime > b.ctime), 'newest first');
    assert.ok(d.backupHistory.every((b) => b.durationS !== null));
    const marked = d.backupHistory.flatMap((b, i) => b.oddities.map((o) => [i, o.kind]));
    assert.deepEqual(marked, [[4, 'slow']]);
    const slow = d.backupHistory[4];
    assert.ok(slow.durationS! >= 2 * slow.oddities[0].usual);
  });

  it('a task log is read once: a second panel for a guest of the same nightly job reads none', async () => {
    await lab.invoke('guestDetail', { cluster: 'home', vmid: 103 });
    const n = logReads(sim);
    const d = await lab.invoke('guestDetail', { cluster: 'home', vmid: 104 });
    assert.equal(logReads(sim), n);
    assert.ok(d.backupHistory.every((b) => b.durationS !== null));
  });

});
