import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DemoPart } from '../demo-lab';
import { SimCluster } from './cluster';
import { writeKubeconfig } from './kubeconfig';
import { DEMO_CRASHLOOP, DEMO_NOT_READY, referenceClusters } from './reference';
import { startKubeFake, type KubeFake } from './server';

/** Seconds between simulated kubelet restarts of the crash-looping pod. */
const TICK_MS = 20_000;

/**
 * The three reference clusters on 127.0.0.1, each its own API server with its
 * own CA. k3s-data-1 has a worker that stopped posting status and vmalert
 * crash-looping (alerting is not set up yet, as in the owner's lab).
 */
export async function startDemo(): Promise<DemoPart> {
  const fakes: KubeFake[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'labtray-kube-demo-'));
  let timer: ReturnType<typeof setInterval> | null = null;
  try {
    for (const spec of referenceClusters) {
      const cluster = new SimCluster(spec);
      if (spec.name === DEMO_NOT_READY.cluster) cluster.setNodeReady(DEMO_NOT_READY.node, false);
      if (spec.name === DEMO_CRASHLOOP.cluster) {
        cluster.breakWorkload(DEMO_CRASHLOOP.namespace, DEMO_CRASHLOOP.workload, 'crashloop');
        // It has been failing for a while already: a few restarts behind it.
        for (let i = 0; i < 6; i++) cluster.tick();
      }
      fakes.push(await startKubeFake(cluster));
    }
    // k3s writes client-certificate kubeconfigs; the kubeadm cluster is read with a ServiceAccount token.
    const contexts = fakes.map((f) =>
      f.contextEntry(f.cluster.spec.name, f.cluster.spec.name.startsWith('k3s') ? { clientCert: f.issueClientCert('system:admin', ['system:masters']) } : { token: f.addToken('labtray-reader') }),
    );
    const kubeconfig = writeKubeconfig(join(dir, 'kubeconfig'), contexts, 'k3s-main');
    timer = setInterval(() => {
      for (const f of fakes) f.cluster.tick();
    }, TICK_MS);
    timer.unref();
    return {
      config: { kubernetes: { kubeconfig, contexts: contexts.map((c) => c.name) } },
      secrets: {},
      stop: async () => {
        if (timer) clearInterval(timer);
        await Promise.allSettled(fakes.map((f) => f.stop()));
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    if (timer) clearInterval(timer);
    await Promise.allSettled(fakes.map((f) => f.stop()));
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}
