import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dayOf, emptyLedger, historyEnergy, lastDays, MAX_GAP_MS, mergePast, monthKwh, monthlyEnergy, recordEnergy, type EnergyLedger, type PowerReading } from '../../../shared/power';

const at = (y: number, m: number, d: number, h = 0, min = 0): number => new Date(y, m - 1, d, h, min).getTime();
const reading = (readAt: number, ...watts: (number | null)[]): PowerReading => ({ readAt, sensors: watts.map((w, i) => ({ entity: `sensor.p${i}_power`, name: `p${i}`, kind: 'other', watts: w })) });
const feed = (ledger: EnergyLedger, rs: PowerReading[]): EnergyLedger => rs.reduce(recordEnergy, ledger);

describe('the energy ledger integrates watts over time', () => {
  it('counts 88 W held for an hour as 0.088 kWh, with the clock the readings carry', () => {
    const l = feed(emptyLedger(), [0, 10, 20, 30, 40, 50, 60].map((min) => reading(at(2026, 12, 4, 10, min), 35, 53)));
    assert.deepEqual(l.days.map((d) => d.day), ['2026-12-04']);
    assert.ok(Math.abs(l.days[0].kwh - 0.088) < 1e-12, String(l.days[0].kwh));
    assert.equal(l.lastWatts, 88);
  });

  it('holds the previous draw until the next reading (a change counts from when it was seen)', () => {
    const l = feed(emptyLedger(), [reading(at(2026, 12, 4, 10), 100), reading(at(2026, 12, 4, 10, 6), 1), reading(at(2026, 12, 4, 10, 12), 1)]);
    assert.ok(Math.abs(l.days[0].kwh - (100 * 0.1 + 1 * 0.1) / 1000) < 1e-12);
  });

  it('splits a reading interval at local midnight between the two days', () => {
    const l = feed(emptyLedger(), [reading(at(2026, 12, 4, 23, 55), 60), reading(at(2026, 12, 5, 0, 5), 60)]);
    assert.deepEqual(l.days.map((d) => d.day), ['2026-12-04', '2026-12-05']);
    assert.ok(Math.abs(l.days[0].kwh - 0.005) < 1e-12 && Math.abs(l.days[1].kwh - 0.005) < 1e-12);
  });

  it('leaves out a gap longer than MAX_GAP_MS (the app was closed), but counts one exactly that long', () => {
    const t = at(2026, 12, 4, 10);
    assert.deepEqual(feed(emptyLedger(), [reading(t, 100), reading(t + MAX_GAP_MS + 1, 100)]).days, []);
    assert.equal(feed(emptyLedger(), [reading(t, 100), reading(t + MAX_GAP_MS, 100)]).days[0].kwh, (100 * MAX_GAP_MS) / 3_600_000 / 1000);
  });

  it('counts a reading once however often the snapshot is rebuilt', () => {
    const r = reading(at(2026, 12, 4, 11), 50);
    const once = feed(emptyLedger(), [reading(at(2026, 12, 4, 10), 50), r]);
    assert.deepEqual(feed(once, [r, r]), once);
  });

  it('counts an unavailable sensor as nothing', () => {
    const l = feed(emptyLedger(), [reading(at(2026, 12, 4, 10), 20, null), reading(at(2026, 12, 4, 10, 15), 20, null)]);
    assert.equal(l.days[0].kwh, 0.005);
  });

  it('keeps a ring of 40 days, the month so far, and 30 chart days with zeros where nothing is known', () => {
    let l = emptyLedger();
    for (let d = 0; d < 50; d++) l = mergePast(l, [{ day: dayOf(at(2026, 10, 20) + d * 86_400_000 + 3_600_000 * 12), kwh: 2 }]);
    assert.equal(l.days.length, 40);
    const now = at(2026, 12, 10, 15);
    assert.equal(monthKwh(l, now), 2 * 8);
    const days = lastDays({ ...l, days: l.days.filter((d) => d.day !== '2026-12-01') }, now);
    assert.equal(days.length, 30);
    assert.equal(days[29].day, '2026-12-10');
    assert.equal(days.find((d) => d.day === '2026-12-01')?.kwh, 0);
  });

  it('takes past days only where the ledger has none', () => {
    const l = mergePast({ days: [{ day: '2026-12-03', kwh: 1 }], lastAt: null, lastWatts: null }, [{ day: '2026-12-03', kwh: 9 }, { day: '2026-12-02', kwh: 2 }]);
    assert.deepEqual(l.days, [{ day: '2026-12-02', kwh: 2 }, { day: '2026-12-03', kwh: 1 }]);
  });

  it('turns recorded states into daily kWh, each value held until the next change', () => {
    const iso = (ms: number) => new Date(ms).toISOString();
    const days = historyEnergy([[{ state: '30', last_changed: iso(at(2026, 12, 3, 22)) }, { state: 'unavailable', last_changed: iso(at(2026, 12, 4, 1)) }, { state: '10', last_changed: iso(at(2026, 12, 4, 2)) }]], at(2026, 12, 4, 4));
    assert.deepEqual(days, [{ day: '2026-12-03', kwh: 0.06 }, { day: '2026-12-04', kwh: 0.03 + 0.02 }]);
  });

  it('prices a steady draw over a 30-day month: 35 W × 720 h = 25.2 kWh × 1.5 = 37.8', () => {
    const m = monthlyEnergy(35, 1.5);
    assert.equal(m.hours, 720);
    assert.equal(m.kwh, 25.2);
    assert.ok(Math.abs(m.cost! - 37.8) < 1e-9);
    assert.equal(monthlyEnergy(35, null).cost, null);
  });
});
