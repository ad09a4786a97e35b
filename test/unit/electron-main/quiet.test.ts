import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { QuietFile } from '../../../electron/main/quiet-file';
import { endQuiet, nextQuietChange, nextScheduledStart, noQuiet, parseQuietState, quietUntil, scheduledQuietEnd, serializeQuietState, startQuiet } from '../../../shared/quiet';
import { configSchema } from '../../../shared/config';

/** Local wall-clock times (the schedule is in the user's local time), on 27 November 2026. */
const at = (h: number, m = 0, day = 27): number => new Date(2026, 10, day, h, m).getTime();
const evening = { from: '20:00', to: '01:00' };
const lunch = { from: '12:00', to: '13:30' };

describe('quiet schedule', () => {
  it('holds an evening period that crosses midnight, and ends it at 01:00', () => {
    assert.equal(scheduledQuietEnd(evening, at(19, 59)), null, 'before the game night');
    assert.equal(scheduledQuietEnd(evening, at(20, 0)), at(1, 0, 28));
    assert.equal(scheduledQuietEnd(evening, at(23, 30)), at(1, 0, 28));
    assert.equal(scheduledQuietEnd(evening, at(0, 30, 28)), at(1, 0, 28), 'after midnight it is the same night');
    assert.equal(scheduledQuietEnd(evening, at(1, 0, 28)), null, 'over at 01:00');
    assert.equal(scheduledQuietEnd(evening, at(12, 0)), null);
  });

  it('holds a daytime period only inside it', () => {
    assert.equal(scheduledQuietEnd(lunch, at(11, 59)), null);
    assert.equal(scheduledQuietEnd(lunch, at(12, 45)), at(13, 30));
    assert.equal(scheduledQuietEnd(lunch, at(13, 30)), null);
  });

  it('finds the next start today or tomorrow', () => {
    assert.equal(nextScheduledStart(evening, at(9, 0)), at(20, 0));
    assert.equal(nextScheduledStart(evening, at(21, 0)), at(20, 0, 28));
    assert.equal(nextScheduledStart(undefined, at(9, 0)), null);
  });

  it('treats an empty period (from = to) as no schedule', () => {
    assert.equal(scheduledQuietEnd({ from: '20:00', to: '20:00' }, at(20, 0)), null);
    assert.equal(nextScheduledStart({ from: '20:00', to: '20:00' }, at(9, 0)), null);
  });

  it('accepts ui.quietHours in the config and refuses a time that is not HH:MM', () => {
    assert.ok(configSchema.safeParse({ ui: { quietHours: evening } }).success);
    assert.equal(configSchema.safeParse({ ui: { quietHours: { from: '8pm', to: '01:00' } } }).success, false);
    assert.equal(configSchema.safeParse({ ui: { quietHours: { from: '24:00', to: '01:00' } } }).success, false);
  });
});

describe('quiet mode from the tray and the schedule together', () => {
  it('is off with neither a choice nor a schedule', () => {
    assert.equal(quietUntil(noQuiet, undefined, at(21, 0)), null);
  });

  it('keeps "for 2 hours" chosen in the afternoon for two hours, then ends', () => {
    const s = startQuiet(noQuiet, 2, at(15, 0));
    assert.equal(quietUntil(s, evening, at(16, 0)), at(17, 0));
    assert.equal(quietUntil(s, evening, at(17, 0)), null);
  });

  it('takes the later end when a choice overlaps the scheduled evening', () => {
    const s = startQuiet(noQuiet, 2, at(19, 0));
    assert.equal(quietUntil(s, evening, at(19, 30)), at(21, 0));
    assert.equal(quietUntil(s, evening, at(20, 30)), at(1, 0, 28));
  });

  it('"End quiet mode" during the schedule silences it until tonight\'s period ends, and it comes back tomorrow', () => {
    const off = endQuiet(evening, at(21, 0));
    assert.equal(quietUntil(off, evening, at(21, 0)), null);
    assert.equal(quietUntil(off, evening, at(0, 30, 28)), null);
    assert.equal(quietUntil(off, evening, at(20, 0, 28)), at(1, 0, 29));
  });

  it('wakes the shell at the next boundary: the choice ending, the schedule starting or ending', () => {
    assert.equal(nextQuietChange(noQuiet, undefined, at(9, 0)), null);
    assert.equal(nextQuietChange(noQuiet, evening, at(9, 0)), at(20, 0));
    assert.equal(nextQuietChange(noQuiet, evening, at(22, 0)), at(1, 0, 28));
    assert.equal(nextQuietChange(startQuiet(noQuiet, 1, at(9, 0)), evening, at(9, 0)), at(10, 0));
  });
});

describe('quiet mode across restarts', () => {
  it('reads back a saved period that is still running and drops one that is over', () => {
    const s = startQuiet(noQuiet, 3, at(20, 0));
    const text = serializeQuietState(s);
    assert.deepEqual(parseQuietState(text, at(21, 0)), { until: at(23, 0), scheduleOffUntil: null });
    assert.deepEqual(parseQuietState(text, at(23, 0)), noQuiet);
  });

  it('starts loud from a corrupt or foreign file', () => {
    assert.deepEqual(parseQuietState('{"until":', at(9, 0)), noQuiet);
    assert.deepEqual(parseQuietState('{"until":"tomorrow"}', at(9, 0)), noQuiet);
    assert.deepEqual(parseQuietState('null', at(9, 0)), noQuiet);
  });

  it('keeps the file in the given path (userData/quiet.json in the app)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'labtray-quiet-'));
    try {
      const path = join(dir, 'quiet.json');
      const lines: string[] = [];
      const log = { info: (m: string) => lines.push(m), warn: (m: string) => lines.push(m), error: (m: string) => lines.push(m) };
      const file = new QuietFile(path, log);
      assert.deepEqual(file.load(at(9, 0)), noQuiet, 'no file yet: not quiet, and no complaint');
      assert.deepEqual(lines, []);
      file.save(startQuiet(noQuiet, 2, at(9, 0)));
      assert.deepEqual(new QuietFile(path, log).load(at(10, 0)), { until: at(11, 0), scheduleOffUntil: null });
      assert.match(await readFile(path, 'utf8'), /"until":/);
      await writeFile(path, 'garbage');
      assert.deepEqual(file.load(at(10, 0)), noQuiet);
      new QuietFile(join(dir, 'missing-dir', 'quiet.json'), log).save(startQuiet(noQuiet, 1, at(9, 0)));
      assert.match(lines.join('\n'), /cannot save quiet mode/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

