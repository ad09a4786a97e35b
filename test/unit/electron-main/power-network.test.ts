import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import { PowerNetworkController } from '../../../electron/main/power-network';
import { FlagRecorder, homeWifi, hotelWifi } from './shell-fakes';

function controller() {
  const lab = new FlagRecorder();
  const power = new EventEmitter();
  const net = { now: homeWifi };
  const intervals = { set: [] as number[], cleared: 0 };
  let rearms = 0;
  const log: string[] = [];
  const c = new PowerNetworkController({
    power,
    lab,
    quiet: { rearm: () => void rearms++ },
    network: { read: () => net.now, intervalMs: 30_000, setInterval: (_fn, ms) => intervals.set.push(ms), clearInterval: () => void intervals.cleared++ },
    log: { info: (m) => log.push(m), warn: (m) => log.push(m), error: (m) => log.push(m) },
  });
  c.start();
  return { c, lab, power, net, intervals, rearms: () => rearms, log };
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
});
