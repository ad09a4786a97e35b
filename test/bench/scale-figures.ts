import { performance } from 'node:perf_hooks';
import type { Snapshot } from '../../shared/snapshot';
import { systemClock } from '../../electron/core/clock';
import type { Integration, IntegrationFactory } from '../../electron/core/lab/integration';
import { kubernetesIntegration } from '../../electron/core/kube/integration';
import { KubeSource } from '../../electron/core/kube/source';
import { Lab } from '../../electron/core/lab/lab';
import { MemorySecretStore } from '../../electron/core/secrets';
import { sshIntegration } from '../../electron/core/ssh/integration';
import { LocalApiClient } from '../../electron/core/tailscale/localapi';
import { parseStatusJson } from '../../electron/core/tailscale/status-json';
import { tailscaleIntegration } from '../../electron/core/tailscale/integration';
import { firstLive, type BenchOptions } from './core-figures';
import { SCALE } from './scale';
import { startKubeClusters, startSshHosts, startTailnet, type SimPart } from './sims';
import { figure, notMeasured, repeat, type Figure } from './stats';

const G = 'other integrations at scale (real integrations against the simulators)';

/** Resolves when `pred` holds for the Lab's snapshot; fails after `ms` so a broken figure cannot hang the bench. */
export function when(lab: Lab, pred: (s: Snapshot) => boolean, what = 'the expected snapshot', ms = 60_000): Promise<void> {
  if (pred(lab.snapshot)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`waited ${ms / 1000} s for ${what}`));
    }, ms);
    const off = lab.on('snapshot', (s) => {
      if (pred(s)) {
        off();
        clearTimeout(timer);
        resolve();
      }
    });
  });
}

/** refreshAll, timed until every source has attempted again. */
async function timedRefresh(lab: Lab): Promise<number> {
  const was = new Map(lab.snapshot.sources.map((m) => [m.id, m.lastAttemptAt]));
  await new Promise((r) => setTimeout(r, 2)); // timestamps have millisecond resolution
  const t0 = performance.now();
  const done = when(lab, (s) => s.sources.every((m) => m.lastAttemptAt !== was.get(m.id) && m.updatedAt !== null), 'every source refreshed');
  lab.refreshAll();
  await done;
  return performance.now() - t0;
}

function labFor(part: SimPart, factories: IntegrationFactory[]): Lab {
  return new Lab({ config: part.config, factories, secrets: new MemorySecretStore(part.secrets), clock: systemClock });
}

async function ssh(o: BenchOptions): Promise<Figure[]> {
  const n = SCALE.hosts;
  const hosts = await startSshHosts(n);
  try {
    const lab = labFor(hosts, [sshIntegration]);
    const t0 = performance.now();
    await lab.start();
    await firstLive(lab);
    const cold = performance.now() - t0;
    const bad = lab.snapshot.hosts.filter((h) => !h.reachable);
    if (lab.snapshot.hosts.length !== n || bad.length) throw new Error(`ssh: ${bad.length} of ${lab.snapshot.hosts.length} hosts unreachable: ${bad.map((h) => h.checks.map((c) => c.summary).join('; ')).join(' | ')}`);
    const coldConnections = hosts.counters.reduce((a, c) => a + c.connections, 0) / n;
    const times: number[] = [];
    const execs: number[] = [];
    const connections: number[] = [];
    await repeat(o.quick ? 4 : 10, async (i) => {
      const e0 = hosts.counters.map((c) => c.execs);
      const c0 = hosts.counters.map((c) => c.connections);
      const ms = await timedRefresh(lab);
      if (i < 0) return 0;
      times.push(ms);
      execs.push(hosts.counters.reduce((a, c, j) => a + c.execs - e0[j], 0) / n);
      connections.push(hosts.counters.reduce((a, c, j) => a + c.connections - c0[j], 0) / n);
      return ms;
    }, 1);
    await lab.stop();
    const note = `${n} ssh2 servers in this process (one per host: own port, host key, simulated board); the probe is one exec`;
    return [
      figure({ group: G, name: `SSH, ${n} hosts: first refresh (connect + verify host key + probe)`, unit: 'ms', note: `${coldConnections.toFixed(1)} connections per host` }, [cold]),
      figure({ group: G, name: `SSH, ${n} hosts: refresh time, all hosts (warm connections)`, unit: 'ms', note }, times),
      figure({ group: G, name: 'SSH: execs per host per refresh', unit: 'exec', target: { op: '<=', value: 1, label: '= 1' } }, execs),
      figure({ group: G, name: 'SSH: new connections per host per refresh', unit: 'conn', target: { op: '=', value: 0, label: '= 0 (reused)' } }, connections),
    ];
  } finally {
    await hosts.stop();
  }
}

async function kube(o: BenchOptions): Promise<Figure[]> {
  const k = SCALE.kube;
  const pods = SCALE.pods;
  const clusters = await startKubeClusters(k, pods);
  try {
    let integration: Integration | null = null;
    const capture: IntegrationFactory = async (ctx) => (integration = await kubernetesIntegration.build(ctx, {}));
    const lab = labFor(clusters, [capture]);
    const t0 = performance.now();
    await lab.start();
    await when(lab, (s) => s.kubernetes.length === k && s.kubernetes.every((c) => c.reachable && c.podCount >= pods), `every cluster listed with ${pods} pods`);
    const initial = performance.now() - t0;
    await when(lab, (s) => s.kubernetes.every((c) => c.mode === 'watch'), 'every watch live');
    const live = performance.now() - t0;
    const polls = (): number => clusters.fakes.reduce((a, f) => a + f.log.filter((e) => !e.watch).length, 0);
    const watches = (): number => clusters.fakes.reduce((a, f) => a + f.log.filter((e) => e.watch).length, 0);
    const listed = clusters.fakes.map((f) => f.log.filter((e) => !e.watch).map((e) => e.path));
    o.log(`kube: startup requests per cluster: ${listed.map((l) => l.length).join(' ')}`);

    // Steady state, watches live: what each Lab refresh costs.
    const perRefresh: number[] = [];
    const newWatches: number[] = [];
    const times: number[] = [];
    const paths = new Map<string, number>();
    for (let i = 0; i < (o.quick ? 4 : 10); i++) {
      const p0 = polls();
      const w0 = watches();
      const l0 = clusters.fakes.map((f) => f.log.length);
      times.push(await timedRefresh(lab));
      perRefresh.push((polls() - p0) / k);
      newWatches.push((watches() - w0) / k);
      clusters.fakes.forEach((f, j) => f.log.slice(l0[j]).filter((e) => !e.watch).forEach((e) => paths.set(e.path, (paths.get(e.path) ?? 0) + 1)));
    }
    const which = [...paths].map(([p, c]) => `${p} ×${c}`).join(', ');

    // The same with the window hidden: node usage waits, so a refresh is the watches alone.
    lab.setPollFlags({ windowVisible: false });
    const hiddenPerRefresh: number[] = [];
    const hiddenPaths = new Map<string, number>();
    for (let i = 0; i < (o.quick ? 4 : 10); i++) {
      const p0 = polls();
      const l0 = clusters.fakes.map((f) => f.log.length);
      await timedRefresh(lab);
      hiddenPerRefresh.push((polls() - p0) / k);
      clusters.fakes.forEach((f, j) => f.log.slice(l0[j]).filter((e) => !e.watch).forEach((e) => hiddenPaths.set(e.path, (hiddenPaths.get(e.path) ?? 0) + 1)));
    }
    lab.setPollFlags({ windowVisible: true });
    const hiddenWhich = [...hiddenPaths].map(([p, c]) => `${p} ×${c}`).join(', ');

    // A change in the cluster reaches the snapshot through the watch alone: a node stops (then resumes) posting Ready.
    const viaWatch: number[] = [];
    let pollsMeanwhile = 0;
    for (let i = 0; i < (o.quick ? 4 : 6); i++) {
      const ready = i % 2 === 1; // odd runs restore what even runs broke, on the same cluster
      const target = clusters.fakes[(ready ? i - 1 : i) % k];
      const ctx = target.cluster.spec.name;
      const node = target.cluster.nodeNames[0];
      const p0 = polls();
      const t1 = performance.now();
      const seen = when(lab, (s) => s.kubernetes.find((c) => c.context === ctx)?.nodes.find((n) => n.name === node)?.ready === ready, `node ${node} of ${ctx} ready=${ready} via the watch`);
      target.cluster.setNodeReady(node, ready);
      await seen;
      viaWatch.push(performance.now() - t1);
      pollsMeanwhile += polls() - p0;
    }
    // Building the KubeCluster from the watch caches (what every push and poll does).
    const sources = (integration as Integration | null)?.sources.filter((s): s is KubeSource => s instanceof KubeSource) ?? [];
    if (!sources.length) throw new Error('kube: the integration has no watch sources');
    const build = await repeat(o.quick ? 10 : 30, () => {
      const t = performance.now();
      for (const s of sources) s.current();
      return (performance.now() - t) / sources.length;
    }, 3);
    await lab.stop();
    const note = `${k} fake API servers in this process (reference clusters grown to ${pods} pods each), list page size 500`;
    return [
      figure({ group: G, name: `Kubernetes, ${k} × ${pods} pods: start → every cluster listed (initial list)`, unit: 'ms', note }, [initial]),
      figure({ group: G, name: 'Kubernetes: start → every watch live', unit: 'ms' }, [live]),
      figure({ group: G, name: 'Kubernetes: non-watch requests per cluster per refresh, watches live, window open', unit: 'req', note: `what a Lab refresh reads with the window open (node usage for the Kubernetes view): ${which || 'nothing'}` }, perRefresh),
      figure({ group: G, name: 'Kubernetes: non-watch requests per cluster per refresh, watches live, window hidden', unit: 'req', target: { op: '=', value: 0, label: '0 (watch only)' }, note: `what a hidden refresh reads: ${hiddenWhich || 'nothing'}; node usage is read every 10 min while hidden` }, hiddenPerRefresh),
      figure({ group: G, name: 'Kubernetes: new watch requests per cluster per refresh', unit: 'req', target: { op: '=', value: 0, label: '= 0' } }, newWatches),
      figure({ group: G, name: 'Kubernetes: refresh time, 3 clusters (watches live)', unit: 'ms' }, times),
      figure({ group: G, name: 'Kubernetes: node turns NotReady / Ready → snapshot shows it (watch event)', unit: 'ms', note: `includes the source's 100 ms push debounce; ${pollsMeanwhile} non-watch requests happened meanwhile` }, viaWatch),
      figure({ group: G, name: `Kubernetes: snapshot build from the watch caches, per cluster of ${pods} pods`, unit: 'ms' }, build),
    ];
  } finally {
    await clusters.stop();
  }
}

async function tailscale(o: BenchOptions): Promise<Figure[]> {
  const peers = SCALE.peers;
  const net = await startTailnet(peers);
  try {
    const api = new LocalApiClient(net.daemon.socketPath);
    const reads: number[] = [];
    const parses: number[] = [];
    let raw: unknown = null;
    await repeat(o.quick ? 10 : 30, async (i) => {
      const t0 = performance.now();
      raw = await api.status(AbortSignal.timeout(5_000));
      const t1 = performance.now();
      const st = parseStatusJson(raw, 'localapi', Date.now());
      const t2 = performance.now();
      if (st.peers.length !== peers) throw new Error(`tailscale: parsed ${st.peers.length} peers, the daemon has ${peers}`);
      if (i >= 0) {
        reads.push(t1 - t0);
        parses.push(t2 - t1);
      }
      return 0;
    }, 3);
    const bytes = JSON.stringify(raw).length;

    const lab = labFor(net, [tailscaleIntegration]);
    await lab.start();
    await firstLive(lab);
    const per: number[] = [];
    const times: number[] = [];
    for (let i = 0; i < (o.quick ? 4 : 10); i++) {
      const r0 = net.daemon.requests.length;
      times.push(await timedRefresh(lab));
      per.push(net.daemon.requests.length - r0);
    }
    const kinds = [...new Set(net.daemon.requests.slice(-20))].join(', ');
    await lab.stop();
    return [
      figure({ group: G, name: `Tailscale, ${peers} peers: LocalAPI status read (unix socket, incl. JSON.parse)`, unit: 'ms', note: `${(bytes / 1024).toFixed(0)} KiB of status JSON; fake tailscaled in this process` }, reads),
      figure({ group: G, name: `Tailscale, ${peers} peers: status parse into TailscaleStatus`, unit: 'ms' }, parses),
      figure({ group: G, name: 'Tailscale: Lab refresh time', unit: 'ms' }, times),
      figure({ group: G, name: 'Tailscale: LocalAPI requests per refresh', unit: 'req', note: `recent requests: ${kinds}` }, per),
    ];
  } finally {
    await net.stop();
  }
}

/** SSH, Kubernetes and Tailscale at bench scale, through the real integrations. */
export default async function run(o: BenchOptions): Promise<Figure[]> {
  const out: Figure[] = [];
  for (const [name, part] of [['ssh', ssh], ['kube', kube], ['tailscale', tailscale]] as const) {
    o.log(`scale: ${name}`);
    try {
      out.push(...(await part(o)));
    } catch (err) {
      // One integration failing must not hide the others' figures.
      out.push(notMeasured({ group: G, name: `${name}: (whole part)`, unit: '' }, err instanceof Error ? err.message.split('\n')[0] : String(err)));
    }
  }
  return out;
}
