import type { DemoPart } from '../demo-lab';
import { HaSim, homelabPlugs } from './sim';

/** Home Assistant with the owner's plugs, pinned by fingerprint, token in the secrets map; price 1.5 CNY per kWh. */
export async function startDemo(): Promise<DemoPart & { sim: HaSim }> {
  const sim = await HaSim.start();
  const sensors = homelabPlugs.map((p) => (p.node ? { entity: p.entity, node: p.node } : { entity: p.entity, name: p.entity === 'sensor.router_power' ? 'router' : 'disk enclosure' }));
  return {
    sim,
    config: { power: { url: sim.url, token: 'secret:home-assistant', fingerprint: sim.fingerprint, sensors, price: 1.5, currency: 'CNY' } },
    secrets: { 'home-assistant': sim.token },
    followLoad: (load) => {
      sim.load = load;
    },
    stop: () => sim.stop(),
  };
}
