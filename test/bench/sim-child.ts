// Runs simulators in their own process, so the bench's CPU and wakeup figures
// count the core alone. Started by real-figures.ts with fork(); argv[2] picks
// the lab: `demo` (test/sim/demo-lab.ts) or `scaled` (issue 10's bench scale).
// It sends {config, secrets} once ready, and stops on the message 'stop'.
import { startDemoLab } from '../../demo/demo-lab';
import { SCALE } from './scale';
import { combine, startKubeClusters, startPveClusters, startSshHosts, startTailnet, type SimPart } from './sims';

async function start(which: string): Promise<SimPart> {
  if (which === 'demo') return startDemoLab();
  if (which !== 'scaled') throw new Error(`unknown lab "${which}" (demo or scaled)`);
  const parts = await Promise.all([startPveClusters(SCALE.clusters, SCALE.guests), startSshHosts(SCALE.hosts), startKubeClusters(SCALE.kube, SCALE.pods), startTailnet(SCALE.peers)]);
  return combine(parts);
}

const send = (m: unknown): void => {
  process.send?.(m);
};

try {
  const lab = await start(process.argv[2] ?? 'scaled');
  process.on('message', (m) => {
    if (m !== 'stop') return;
    void lab.stop().finally(() => process.exit(0));
  });
  // The parent going away ends the simulators too.
  process.on('disconnect', () => void lab.stop().finally(() => process.exit(0)));
  send({ config: lab.config, secrets: lab.secrets });
} catch (err) {
  send({ error: err instanceof Error ? err.message : String(err) });
  process.exit(1);
}
