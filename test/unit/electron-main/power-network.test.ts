import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import { PowerNetworkController, SLEEP_WATCHDOG_MS } from '../../../electron/main/power-network';
import { FlagRecorder, homeWifi, hotelWifi } from './shell-fakes';

function controller() {
  const lab = new FlagRecorder();
  const power = new EventEmitter();
  const net = { now: homeWifi };
  const intervals = { set: [] as number[], cleared: 0, tick: () => undefined as void };
  let rearms = 0;
  const log: string[] = [];
  const clock = { now: 1_000_000 };
  const c = new PowerNetworkController({
    power,
    lab,
    quiet: { rearm: () => void rearms++ },
    network: {
      read: () => net.now,
      intervalMs: 30_000,
      setInterval: (fn, ms) => {
        intervals.tick = fn;
        return intervals.set.push(ms);
      },
      clearInterval: () => void intervals.cleared++,
    },
    log: { info: (m) => log.push(m), warn: (m) => log.push(m), error: (m) => log.push(m) },
    now: () => clock.now,
  });
  c.start();
  return { c, lab, power, net, intervals, clock, rearms: () => rearms, log };
}

describe('power and network controller', () => {
  it('pauses polling while the laptop sleeps', () => {
    const { lab, power } = controller();
    power.emit('suspend');
    assert.deepEqual(lab.reported, [{ sleeping: true }]);
  });

  it('on resume: polls again at once, and re-arms quiet mode (its timer may have slept through a boundary)', () => {
    const { lab, power, rearms } = controller();
    power.emit('suspend');
    power.emit('resume');
    assert.equal(lab.last('sleeping'), false);
    assert.equal(rearms(), 1);
    assert.equal(lab.refreshes, 1);
  });

  it('waking on another network refreshes once, not twice', () => {
    const { lab, power, net, log } = controller();
    net.now = hotelWifi;
    power.emit('resume');
    assert.equal(lab.refreshes, 1);
    assert.deepEqual(log, ['the network changed: refreshing every source']);
  });

  it('looks at the network on unlock, and refreshes only when it changed', () => {
    const { lab, power, net } = controller();
    power.emit('unlock-screen');
    assert.equal(lab.refreshes, 0);
    net.now = hotelWifi;
    power.emit('unlock-screen');
    assert.equal(lab.refreshes, 1);
    assert.deepEqual(lab.reported, [], 'unlocking changes no poll flag');
  });

  it('checks the network on its slow timer until stopped', () => {
    const { c, intervals } = controller();
    assert.deepEqual(intervals.set, [30_000]);
    c.stop();
    assert.equal(intervals.cleared, 1);
  });

  it('a suspend with no resume after it: unlocking the screen polls again', () => {
    const { lab, power } = controller();
    power.emit('suspend');
    power.emit('unlock-screen');
    assert.deepEqual(lab.reported, [{ sleeping: true }, { sleeping: false }]);
    assert.equal(lab.refreshes, 1, 'and reads everything at once');
  });

  it('a suspend with no resume after it: any use of the tray polls again', () => {
    const { c, lab, power, log } = controller();
    c.userActive();
    assert.deepEqual(lab.reported, [], 'awake already: nothing to change');
    power.emit('suspend');
    c.userActive();
    assert.equal(lab.last('sleeping'), false);
    assert.match(log.at(-1) ?? '', /no resume came and the tray was used/);
  });

  it('a suspend with no resume after it: the watchdog polls again once timers run past its limit', () => {
    const { lab, power, intervals, clock } = controller();
    power.emit('suspend');
    clock.now += SLEEP_WATCHDOG_MS - 1;
    intervals.tick();
    assert.equal(lab.last('sleeping'), true, 'not yet');
    clock.now += 1;
    intervals.tick();
    assert.equal(lab.last('sleeping'), false);
    clock.now += SLEEP_WATCHDOG_MS;
    intervals.tick();
    assert.equal(lab.reported.filter((r) => r.sleeping === false).length, 1, 'once');
  });
});
