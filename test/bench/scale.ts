import type { HostState } from '../../shared/hosts';
import type { KubeCluster, KubePodProblem } from '../../shared/kube';
import type { Guest, ProxmoxCluster, PveNode } from '../../shared/proxmox';
import type { TailscalePeer, TailscaleStatus } from '../../shared/tailscale';
import type { Clock } from '../../electron/core/clock';
import type { IntegrationFactory } from '../../electron/core/lab/integration';
import type { AnySource, Source, SourceDataMap } from '../../electron/core/lab/source';

/** The bench's lab size (issue 10): 3 PVE clusters × 1,000 guests, 10 SSH hosts, 3 kube × 500 pods, 200 peers. */
export interface Scale {
  clusters: number;
  guests: number;
  hosts: number;
  kube: number;
  pods: number;
  peers: number;
}
export const SCALE: Readonly<Scale> = { clusters: 3, guests: 1000, hosts: 10, kube: 3, pods: 500, peers: 200 };

const nodeNames = ['um560', 's500plus', 'gtr5'];

export function pveCluster(name: string, guests: number, tick = 0): ProxmoxCluster {
  const nodes: PveNode[] = nodeNames.map((n, i) => ({ name: n, status: 'online', cpu: 0.1 + ((tick + i) % 10) / 100, maxcpu: 16, mem: 20e9 + tick, maxmem: 64e9, disk: 1e11, maxdisk: 1e12, uptime: 86400 + tick }));
  const list: Guest[] = [];
  for (let i = 0; i < guests; i++) {
    list.push({ vmid: 100 + i, name: `guest-${i}`, type: i % 3 ? 'qemu' : 'lxc', node: nodeNames[i % 3], status: i % 7 ? 'running' : 'stopped', cpu: ((i + tick) % 100) / 1000, maxcpu: 4, mem: 1e9 + i, maxmem: 4e9, disk: 0, maxdisk: 32e9, uptime: 3600 + tick, tags: i % 5 ? [] : ['k3s'], template: false, hastate: null, lock: null });
  }
  return { name, endpoint: 'https://127.0.0.1:8006', clusterName: name, quorate: true, nodes, guests: list, storages: [], disks: [], tasks: [], backups: [], backupJobs: [] };
}

export function sshHost(name: string, tick = 0): HostState {
  return { name, address: '127.0.0.1', reachable: true, via: 'ssh', hostKey: 'SHA256:x', uptimeSeconds: 1000 + tick, load: [0.1, 0.2, 0.3], cores: 8, memUsed: 4e9, memTotal: 16e9, checks: [], wakeable: false };
}

export function kubeCluster(context: string, pods: number, tick = 0): KubeCluster {
  const unhealthy: KubePodProblem[] = [];
  for (let i = 0; i < Math.ceil(pods / 100); i++) unhealthy.push({ namespace: 'media', name: `pod-${i}`, node: 'n1', phase: 'Running', reason: 'Restarts', message: null, restarts: tick % 5, owner: null });
  return {
    context, server: 'https://127.0.0.1:6443', reachable: true, version: 'v1.31.4', podCount: pods, unhealthyPods: unhealthy, warnings: [], mode: 'poll',
    nodes: ['n1', 'n2', 'n3'].map((n) => ({ name: n, ready: true, roles: ['worker'], arch: 'amd64', kubeletVersion: 'v1.31.4', problems: [], taints: [], unschedulable: false, cpuUsage: null, memUsage: null, cpuCapacity: 8, memCapacity: 32e9 })),
  };
}

export function tailscale(peers: number, tick = 0): TailscaleStatus {
  const list: TailscalePeer[] = [];
  for (let i = 0; i < peers; i++) {
    list.push({ id: `n${i}`, name: `peer-${i}`, dnsName: `peer-${i}.tail.ts.net.`, ip: `100.64.${i >> 8}.${i & 255}`, ips: [], os: 'linux', online: i % 4 !== 0, lastSeen: null, lastHandshake: null, rxBytes: tick * i, txBytes: tick, connection: i % 3 ? 'direct' : 'relay', relay: 'fra', endpoint: null, exitNode: false, exitNodeOption: false, routes: [], tags: [] });
  }
  return { backendState: 'Running', via: 'localapi', version: '1.80.0', tailnet: 'example.com', magicDnsSuffix: 'tail.ts.net', self: null, peers: list, health: [] };
}

/** Poll intervals like the integrations' defaults (fast mode). */
export const INTERVALS = { proxmox: 10_000, host: 30_000, kubernetes: 15_000, tailscale: 10_000 } as const;

/**
 * A lab of in-memory sources at full scale: each poll builds fresh data the
 * way a client parses a fresh reply, so memory and CPU see real allocation.
 */
export function scaledSources(scale: Scale = SCALE): AnySource[] {
  let tick = 0;
  const out: AnySource[] = [];
  const src = <K extends AnySource['kind']>(kind: K, id: string, name: string, intervalMs: number, make: () => SourceDataMap[K], empty: () => SourceDataMap[K]): Source<K> => ({
    id, kind, name, intervalMs, timeoutMs: 5_000,
    placeholder: empty,
    poll: async () => {
      tick++;
      return make();
    },
    checks: () => [],
  }) as Source<K>;
  for (let c = 0; c < scale.clusters; c++) out.push(src('proxmox', `proxmox:pve${c}`, `pve${c}`, INTERVALS.proxmox, () => pveCluster(`pve${c}`, scale.guests, tick), () => pveCluster(`pve${c}`, 0)) as AnySource);
  for (let h = 0; h < scale.hosts; h++) out.push(src('host', `host:h${h}`, `h${h}`, INTERVALS.host, () => sshHost(`h${h}`, tick), () => ({ ...sshHost(`h${h}`), reachable: false })) as AnySource);
  for (let k = 0; k < scale.kube; k++) out.push(src('kubernetes', `kubernetes:k${k}`, `k${k}`, INTERVALS.kubernetes, () => kubeCluster(`k${k}`, scale.pods, tick), () => kubeCluster(`k${k}`, 0)) as AnySource);
  out.push(src('tailscale', 'tailscale', 'tailscale', INTERVALS.tailscale, () => tailscale(scale.peers, tick), () => tailscale(0)) as AnySource);
  return out;
}

export function scaledFactory(scale: Scale = SCALE): IntegrationFactory {
  return () => ({ kind: 'proxmox', sources: scaledSources(scale) });
}

/** Wraps a clock and counts timers set and fired: the core's wakeups. */
export class CountingClock implements Clock {
  set = 0;
  fired = 0;
  constructor(private readonly inner: Clock) {}
  now(): number {
    return this.inner.now();
  }
  setTimeout(fn: () => void, ms: number): unknown {
    this.set++;
    return this.inner.setTimeout(() => {
      this.fired++;
      fn();
    }, ms);
  }
  clearTimeout(h: unknown): void {
    this.inner.clearTimeout(h);
  }
}
