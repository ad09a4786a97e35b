import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { judgeBackups, median, type BackupRun } from '../../../shared/backup-history';

const GiB = 1024 ** 3;
/** Backups a day apart, oldest first, with the given sizes (GiB) and durations (s). */
function runs(sizes: (number | null)[], durations: (number | null)[] = sizes.map(() => 100)): BackupRun[] {
  return sizes.map((s, i) => ({ volid: `usb:backup/vzdump-qemu-111-${i}.vma.zst`, storage: 'usb', ctime: 1_700_000_000 + i * 86400, size: s === null ? null : s * GiB, durationS: durations[i] }));
}
const newest = (r: BackupRun[]) => judgeBackups(r)[0];

describe('a guest\'s backup history: the ones that stand out', () => {
  it('marks an archive less than half the usual size, with the usual size and the ratio', () => {
    const j = newest(runs([6.8, 6.9, 7.0, 3.1]));
    assert.deepEqual(j.oddities.map((o) => o.kind), ['shrank']);
    assert.equal(j.oddities[0].usual, 6.9 * GiB);
    assert.ok(Math.abs(j.oddities[0].ratio - 3.1 / 6.9) < 1e-9);
  });

  it('exactly half the usual size is not marked; a byte less is', () => {
    assert.deepEqual(newest(runs([4, 4, 4, 2])).oddities, []);
    const less = runs([4, 4, 4, 2]);
    less[3].size = 2 * GiB - 1;
    assert.deepEqual(newest(less).oddities.map((o) => o.kind), ['shrank']);
  });

  it('exactly twice the usual time is marked; a second less is not', () => {
    assert.deepEqual(newest(runs([4, 4, 4, 4], [100, 100, 100, 200])).oddities.map((o) => o.kind), ['slow']);
    assert.equal(newest(runs([4, 4, 4, 4], [100, 100, 100, 200])).oddities[0].ratio, 2);
    assert.deepEqual(newest(runs([4, 4, 4, 4], [100, 100, 100, 199])).oddities, []);
  });

  it('a backup can be both smaller and slower', () => {
    assert.deepEqual(newest(runs([4, 4, 4, 1], [100, 100, 100, 300])).oddities.map((o) => o.kind), ['shrank', 'slow']);
  });

  it('judges nothing with fewer than three earlier backups that have the value', () => {
    assert.deepEqual(newest(runs([8, 8, 1])).oddities, []);
    assert.deepEqual(newest(runs([8, null, 8, 1])).oddities, [], 'an unknown size is not part of the usual');
    assert.deepEqual(newest(runs([8, 8, 8, 1], [null, 100, 100, 900])).oddities.map((o) => o.kind), ['shrank'], 'two known durations are too few');
  });

  it('the usual is the median of the seven before: one old outlier does not move it, and the oldest beyond seven are left out', () => {
    // A huge first backup, then seven at 4 GiB: the eighth at 1.9 GiB is compared with 4, not pulled up.
    assert.equal(newest(runs([100, 4, 4, 4, 4, 4, 4, 4, 1.9])).oddities[0].usual, 4 * GiB);
    // Seven at 1 GiB after ten at 10: the usual is the seven's 1, so 0.6 GiB is not "less than half" (all seventeen would say 10).
    assert.deepEqual(newest(runs([...Array(10).fill(10), 1, 1, 1, 1, 1, 1, 1, 0.6])).oddities, []);
  });

  it('answers newest first, with the older ones judged against their own past', () => {
    const j = judgeBackups(runs([4, 4, 4, 1.5, 4, 4]));
    assert.deepEqual(j.map((x) => x.size! / GiB), [4, 4, 1.5, 4, 4, 4]);
    assert.deepEqual(j.map((x) => x.oddities.length), [0, 0, 1, 0, 0, 0]);
  });

  it('median of odd and even counts', () => {
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.equal(median([]), null);
  });
});
