import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LabConfig } from '../../../shared/config';
import { noQuiet, startQuiet } from '../../../shared/quiet';
import { MAX_TIMER_MS, QuietHoursController } from '../../../electron/main/quiet-hours';
import { FlagRecorder, ManualClock, MemoryQuietStore } from './shell-fakes';

/** Local wall-clock times (the schedule is in the user's local time), on 27 November 2026. */
const at = (h: number, m = 0, day = 27): number => new Date(2026, 10, day, h, m).getTime();
const evening = { from: '20:00', to: '01:00' };

function quiet(opts: { now: number; config?: LabConfig; store?: MemoryQuietStore }) {
  const clock = new ManualClock(opts.now);
  const lab = Object.assign(new FlagRecorder(), { currentConfig: opts.config ?? {} });
  const store = opts.store ?? new MemoryQuietStore();
  const q = new QuietHoursController({ store, lab, clock });
  let changes = 0;
  q.onChange(() => changes++);
  return { q, clock, lab, store, changes: () => changes };
}

describe('quiet hours controller', () => {
  it('arms exactly one timer, for the next boundary of the evening schedule', () => {
    const { q, clock, lab, changes } = quiet({ now: at(9, 0), config: { ui: { quietHours: evening } } });
    q.rearm();
    assert.equal(lab.last('quiet'), false);
    assert.equal(q.quietUntil(), null);
    assert.equal(clock.only().at, at(20, 0));
    clock.fire();
    assert.equal(lab.last('quiet'), true, 'quiet at 20:00');
    assert.equal(q.quietUntil(), at(1, 0, 28));
    assert.equal(clock.only().at, at(1, 0, 28));
    clock.fire();
    assert.equal(lab.last('quiet'), false, 'loud again at 01:00');
    assert.equal(clock.only().at, at(20, 0, 28), 'and armed for tomorrow evening');
    assert.equal(changes(), 3, 'the tray hears each change');
  });

  it('arms nothing with neither a choice nor a schedule', () => {
    const { q, clock, lab } = quiet({ now: at(9, 0) });
    q.rearm();
    assert.equal(clock.armed.size, 0);
    assert.equal(lab.last('quiet'), false);
  });

  it('re-arms the one timer when Settings change the schedule, and leaves it alone otherwise', () => {
    const { q, clock, lab } = quiet({ now: at(9, 0), config: { ui: { quietHours: evening } } });
    q.rearm();
    const set = clock.set;
    q.scheduleMayHaveChanged();
    assert.equal(clock.set, set, 'same schedule: the timer stays');
    lab.currentConfig = { ui: { quietHours: { from: '08:30', to: '12:00' } } };
    q.scheduleMayHaveChanged();
    assert.equal(clock.only().at, at(12, 0));
    assert.equal(lab.last('quiet'), true, 'the new period has begun');
    lab.currentConfig = {};
    q.scheduleMayHaveChanged();
    assert.equal(clock.armed.size, 0);
    assert.equal(lab.last('quiet'), false);
  });

  it('"for 2 hours" from the tray is kept for a restart, reported, and ends on its own', () => {
    const { q, clock, lab, store } = quiet({ now: at(15, 0) });
    q.rearm();
    q.startFor(2);
    assert.deepEqual(store.saved, [{ until: at(17, 0), scheduleOffUntil: null }]);
    assert.equal(lab.last('quiet'), true);
    assert.equal(q.quietUntil(), at(17, 0));
    assert.equal(clock.only().at, at(17, 0));
    clock.fire();
    assert.equal(lab.last('quiet'), false);
    assert.equal(clock.armed.size, 0);
  });

  it('"End quiet mode" during the scheduled evening silences it until tonight\'s period ends', () => {
    const { q, clock, lab, store } = quiet({ now: at(21, 0), config: { ui: { quietHours: evening } } });
    q.rearm();
    assert.equal(lab.last('quiet'), true);
    q.end();
    assert.equal(lab.last('quiet'), false);
    assert.equal(store.saved.length, 1);
    assert.equal(clock.only().at, at(1, 0, 28));
    clock.fire();
    assert.equal(lab.last('quiet'), false, 'still loud when tonight\'s period ends');
    assert.equal(clock.only().at, at(20, 0, 28), 'and the schedule is back tomorrow evening');
  });

  it('starts from the kept state: quiet chosen before a restart is still on', () => {
    const store = new MemoryQuietStore(startQuiet(noQuiet, 3, at(20, 0)));
    const { q, lab } = quiet({ now: at(21, 0), store });
    q.rearm();
    assert.equal(q.quietUntil(), at(23, 0));
    assert.equal(lab.last('quiet'), true);
  });

  it('after a sleep past a boundary, a re-arm reports the mode of the new time', () => {
    const { q, clock, lab } = quiet({ now: at(19, 0), config: { ui: { quietHours: evening } } });
    q.rearm();
    assert.equal(lab.last('quiet'), false);
    // The laptop slept from 19:00 to 22:00; its timer never fired.
    clock.t = at(22, 0);
    q.rearm();
    assert.equal(lab.last('quiet'), true);
    assert.equal(clock.only().at, at(1, 0, 28));
  });

  it('waits longer than setTimeout allows in steps', () => {
    const { q, clock, lab } = quiet({ now: at(9, 0) });
    q.startFor(24 * 30);
    assert.equal(clock.only().ms, MAX_TIMER_MS);
    clock.fire();
    assert.equal(lab.last('quiet'), true, 'still quiet at the first step');
    assert.equal(clock.only().at, at(9, 0) + 24 * 30 * 3_600_000);
  });

  it('stops its timer', () => {
    const { q, clock } = quiet({ now: at(9, 0), config: { ui: { quietHours: evening } } });
    q.rearm();
    q.stop();
    assert.equal(clock.armed.size, 0);
  });
});
