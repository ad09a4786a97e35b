import { performance } from 'node:perf_hooks';
import { systemClock } from '../../electron/core/clock';
import { Lab } from '../../electron/core/lab/lab';
import { createProxmoxIntegration } from '../../electron/core/proxmox/integration';
import { MemorySecretStore } from '../../electron/core/secrets';
import { PveSim } from '../../demo/pve/sim';
import { firstLive, type BenchOptions } from './core-figures';
import { clusterConfig, growTo, secretsFor } from './pve-scale';
import { figure, type Figure } from './stats';

const G = 'click to visible: start a guest (1 simulated cluster, 1,000 guests)';
const SPEED = 0.2; // the simulator's start task then takes 1,500 × 0.2 = 300 ms

/** Starts a stopped guest through the LabApi and times the task end and the snapshot that shows it running. */
export default async function run(o: BenchOptions): Promise<Figure[]> {
  const sim = await PveSim.start({ speed: SPEED });
  const runs = o.quick ? 3 : 7;
  try {
    growTo(sim, 1000);
    const lab = new Lab({ config: { proxmox: [clusterConfig('home', sim)] }, factories: [createProxmoxIntegration()], secrets: new MemorySecretStore(secretsFor(['home'], [sim])), clock: systemClock });
    await lab.start();
    await firstLive(lab);
    const stopped = [...sim.guests.values()].filter((g) => g.status === 'stopped' && !g.template).slice(0, runs);
    const endToVisible: number[] = [];
    const clickToVisible: number[] = [];
    const clickToEnd: number[] = [];
    for (const g of stopped) {
      o.log(`click: start ${g.vmid}`);
      let taskEndAt = 0;
      const offTask = lab.on('task', (t) => {
        if (t.state !== 'running' && !taskEndAt && t.targetRef.endsWith(`/${g.vmid}`)) taskEndAt = performance.now();
      });
      const visible = new Promise<number>((resolve) => {
        const off = lab.on('snapshot', (s) => {
          if (s.proxmox[0]?.guests.find((x) => x.vmid === g.vmid)?.status === 'running') {
            off();
            resolve(performance.now());
          }
        });
      });
      const t0 = performance.now();
      const [ref] = await lab.invoke('guestAction', { cluster: 'home', vmids: [g.vmid], action: 'start' });
      const shown = await visible;
      offTask();
      const task = lab.tasks.get(ref.taskId);
      if (task?.state !== 'ok' || !taskEndAt) throw new Error(`start of ${g.vmid}: ${task?.state ?? 'no task'} ${task?.message ?? ''}`);
      clickToEnd.push(taskEndAt - t0);
      endToVisible.push(shown - taskEndAt);
      clickToVisible.push(shown - t0);
    }
    await lab.stop();
    return [
      figure({ group: G, name: 'task end (LabTray sees it) → snapshot shows the guest running', unit: 'ms', note: 'the task end triggers a refresh of its cluster; the snapshot event is what the UI paints from' }, endToVisible),
      figure({ group: G, name: 'click → task end seen', unit: 'ms', baseline: { name: 'simulated start duration', median: 1500 * SPEED }, note: 'the task is followed by reading its status every 500 ms' }, clickToEnd),
      figure({ group: G, name: 'click → guest shown running', unit: 'ms', baseline: { name: 'simulated start duration', median: 1500 * SPEED } }, clickToVisible),
    ];
  } finally {
    await sim.stop();
  }
}
