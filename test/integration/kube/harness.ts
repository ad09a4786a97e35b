/** Shared set-up for the Kubernetes tests: a small cluster behind the fake API server, a kubeconfig, a source. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../../../electron/core/clock';
import type { Logger } from '../../../electron/core/logger';
import { HttpsTransport } from '../../../electron/core/kube/http';
import { contextConfig, loadKubeconfig } from '../../../electron/core/kube/kubeconfig';
import { KubeSource, type KubeSourceOptions } from '../../../electron/core/kube/source';
import type { KubeCluster } from '../../../shared/kube';
import { SimCluster, type ClusterSpec } from '../../../demo/kube/cluster';
import { writeKubeconfig } from '../../../demo/kube/kubeconfig';
import { startKubeFake, type ContextAuth, type KubeFake } from '../../../demo/kube/server';

/** A small k3s-data-1: master, two workers, the tainted arm64 Orange Pi, vmalert and grafana. */
export const smallSpec: ClusterSpec = {
  name: 'k3s-data-1',
  gitVersion: 'v1.30.6+k3s1',
  platform: 'linux/amd64',
  metrics: true,
  nodes: [
    { name: 'k3s-data-1', roles: ['control-plane', 'master'], arch: 'amd64', cpu: 2, memGi: 4, kubelet: 'v1.30.6+k3s1', internalIp: '192.168.31.31', osImage: 'Ubuntu 22.04.5 LTS', kernel: '5.15.0-125-generic', usage: { cpu: 0.5, mem: 0.5 } },
    { name: 'k3s-data-1-worker-1', roles: [], arch: 'amd64', cpu: 4, memGi: 8, kubelet: 'v1.30.6+k3s1', internalIp: '192.168.31.32', osImage: 'Ubuntu 22.04.5 LTS', kernel: '5.15.0-125-generic' },
    { name: 'k3s-data-1-worker-3', roles: [], arch: 'amd64', cpu: 4, memGi: 16, kubelet: 'v1.30.6+k3s1', internalIp: '192.168.31.34', osImage: 'Ubuntu 22.04.5 LTS', kernel: '5.15.0-125-generic' },
    { name: 'orangepi5', roles: [], arch: 'arm64', cpu: 8, memGi: 8, kubelet: 'v1.30.6+k3s1', internalIp: '192.168.31.50', osImage: 'Debian GNU/Linux 12 (bookworm)', kernel: '6.1.43-rockchip-rk3588', taints: [{ key: 'arch', value: 'arm64', effect: 'NoSchedule' }] },
  ],
  workloads: [
    { namespace: 'monitoring', name: 'vmalert', kind: 'Deployment', image: 'victoriametrics/vmalert:v1.104.0', nodes: ['k3s-data-1-worker-1'] },
    { namespace: 'monitoring', name: 'grafana', kind: 'Deployment', image: 'docker.io/grafana/grafana:11.3.0' },
    { namespace: 'monitoring', name: 'node-exporter', kind: 'DaemonSet', image: 'quay.io/prometheus/node-exporter:v1.8.2', tolerateAll: true },
  ],
};

export interface FakeSetup {
  fake: KubeFake;
  cluster: SimCluster;
  dir: string;
  kubeconfig: string;
  token: string | null;
  stop(): Promise<void>;
}

/** Starts the fake for `spec` and writes a kubeconfig for it (token auth unless a client certificate is asked for). */
export async function startFake(spec: ClusterSpec = smallSpec, auth: 'token' | 'cert' = 'token'): Promise<FakeSetup> {
  const cluster = new SimCluster(spec);
  const fake = await startKubeFake(cluster);
  const dir = mkdtempSync(join(tmpdir(), 'labtray-kube-'));
  const token = auth === 'token' ? fake.addToken('admin') : null;
  const ctxAuth: ContextAuth = token ? { token } : { clientCert: fake.issueClientCert('system:admin') };
  const kubeconfig = writeKubeconfig(join(dir, 'kubeconfig'), [fake.contextEntry(spec.name, ctxAuth)]);
  return {
    fake,
    cluster,
    dir,
    kubeconfig,
    token,
    stop: async () => {
      await fake.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const quietLog: Logger & { lines: string[] } = Object.assign(
  { lines: [] as string[] },
  {
    info(m: string) {
      quietLog.lines.push(`info ${m}`);
    },
    warn(m: string) {
      quietLog.lines.push(`warn ${m}`);
    },
    error(m: string) {
      quietLog.lines.push(`error ${m}`);
    },
  },
);

/** A KubeSource for the fake's context, over the real HTTPS transport. */
export function sourceFor(setup: FakeSetup, opts: Partial<KubeSourceOptions> = {}): KubeSource {
  const context = setup.cluster.spec.name;
  const kc = contextConfig(loadKubeconfig({ configured: setup.kubeconfig, env: {} }), context);
  return new KubeSource({ context, transport: new HttpsTransport(kc, systemClock), clock: systemClock, log: quietLog, intervalMs: 1000, timeoutMs: 5000, pushDelayMs: 10, backoffMs: 50, maxBackoffMs: 400, ...opts });
}

/** Collects what a source's watch pushes and reports. */
export function record(source: KubeSource): { pushes: KubeCluster[]; failures: Error[]; last(): KubeCluster | undefined; stop(): void } {
  const pushes: KubeCluster[] = [];
  const failures: Error[] = [];
  const stop = source.watch(
    (d) => pushes.push(d),
    (e) => failures.push(e),
  );
  return { pushes, failures, last: () => pushes[pushes.length - 1], stop };
}

/** Waits until `cond` holds (checked every 20 ms); fails naming `what` if it never does. Not a timing assertion: the limit only stops a hung test. */
export async function until(cond: () => boolean, what: string, limitMs = 20_000): Promise<void> {
  const end = Date.now() + limitMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`gave up waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
