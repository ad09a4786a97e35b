import { HaSim } from '../../demo/homeassistant/sim';
import { Lab } from '../../electron/core/lab/lab';
import { createPowerIntegration } from '../../electron/core/power/integration';
import { MemorySecretStore } from '../../electron/core/secrets';
import { FakeClock } from '../helpers/fake-clock';
import type { PowerConfig } from '../../shared/config';
import type { BenchOptions } from './core-figures';
import { figure, type Figure } from './stats';

const G = 'Home Assistant requests (5 plugs, one /api/states per read)';
const MINUTE = 60_000;

/** Requests Home Assistant sees over simulated time, window open and hidden, and for one refresh. */
export default async function run(o: BenchOptions): Promise<Figure[]> {
  const sim = await HaSim.start();
  const clock = new FakeClock(Date.now());
  const sensors: PowerConfig['sensors'] = [
    ...['um560', 's500plus', 'gtr5'].map((n) => ({ entity: `sensor.${n}_power`, node: n })),
    { entity: 'sensor.router_power', name: 'router' },
    { entity: 'sensor.disk_enclosure_power', name: 'disk enclosure' },
  ];
  const lab = new Lab({
    config: { power: { url: sim.url, token: 'secret:ha', fingerprint: sim.fingerprint, sensors, price: 1.5 } },
    secrets: new MemorySecretStore({ ha: sim.token }),
    factories: [createPowerIntegration()],
    clock,
  });
  try {
    await lab.start();
    const minutes = o.quick ? 10 : 60;
    // The first read also takes the recorder's last 30 days, once.
    const walk = async (total: number): Promise<number[]> => {
      const per: number[] = [];
      for (let m = 0; m < total; m++) {
        const n0 = sim.requests.length;
        await clock.advance(MINUTE);
        per.push(sim.requests.length - n0);
      }
      return per;
    };
    await clock.advance(0);
    const first = sim.requests.splice(0);
    o.log(`power: first read ${first.join(' ')}`);
    lab.setPollFlags({ windowVisible: true });
    const open = await walk(minutes);
    lab.setPollFlags({ windowVisible: false });
    const hidden = await walk(minutes);
    const n0 = sim.requests.length;
    lab.refreshAll();
    await clock.advance(0);
    const refresh = sim.requests.length - n0;
    const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
    return [
      figure({ group: G, name: 'first read (states + 30 days of history)', unit: 'req', target: { op: '<=', value: 2, label: '≤ 2' } }, [first.length]),
      figure({ group: G, name: 'one refresh', unit: 'req', target: { op: '<=', value: 1, label: '= 1 (the floor)' } }, [refresh]),
      figure({ group: G, name: `window open, per minute over ${minutes} simulated minutes`, unit: 'req', target: { op: '<=', value: 1, label: '≤ 1 (never faster than a minute)' }, note: `${sum(open)} in ${minutes} min` }, open),
      figure({ group: G, name: `window hidden, per hour (${minutes} simulated minutes)`, unit: 'req', note: 'the Lab stretches the interval while hidden' }, [(sum(hidden) * 60) / minutes]),
    ];
  } finally {
    await lab.stop();
    await sim.stop();
  }
}
