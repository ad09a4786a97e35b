import type { HostState } from '../../../shared/hosts';
import type { Guest, ProxmoxCluster, PveNode, PveTaskSummary } from '../../../shared/proxmox';
import { emptySnapshot, type Snapshot, type SourceMeta } from '../../../shared/snapshot';
import { worst, type Check, type Status } from '../../../shared/status';
import type { TailscalePeer } from '../../../shared/tailscale';
import type { TaskInfo } from '../../../shared/tasks';

/** Snapshots of the reference homelab (um560, s500plus, gtr5; openwrt, home-assistant, ...) for tray and notice tests. */

export const AT = '2025-03-01T12:00:00.000Z';
export const NOW = Date.parse(AT);

export function node(name: string, status: PveNode['status'] = 'online'): PveNode {
  return { name, status, cpu: 0.1, maxcpu: 12, mem: 8e9, maxmem: 32e9, disk: 1e10, maxdisk: 5e11, uptime: 86400 };
}

export function guest(vmid: number, name: string, nodeName: string, status: Guest['status'] = 'running'): Guest {
  return {
    vmid, name, type: 'qemu', node: nodeName, status, cpu: 0.05, maxcpu: 2, mem: 1e9, maxmem: 4e9, disk: 0, maxdisk: 2e10,
    uptime: status === 'running' ? 3600 : 0, tags: [], template: false, hastate: null, lock: null,
  };
}

export function homeCluster(over: Partial<ProxmoxCluster> = {}): ProxmoxCluster {
  return {
    name: 'home', endpoint: 'https://127.0.0.1:8006', clusterName: 'homelab', quorate: true,
    nodes: [node('um560'), node('s500plus'), node('gtr5')],
    guests: [
      guest(100, 'openwrt', 'um560'),
      guest(101, 'docker-compose', 'um560'),
      guest(102, 'win2022', 'um560', 'stopped'),
      guest(110, 'tailscale-gateway', 's500plus'),
      guest(111, 'home-assistant', 's500plus'),
      guest(130, 'ubuntu-test', 'gtr5', 'stopped'),
    ],
    storages: [], disks: [], tasks: [], backups: [], backupJobs: [],
    ...over,
  };
}

export function check(id: string, status: Status, summary: string, target?: string): Check {
  return { id, source: 'proxmox:home', target, status, summary, observedAt: AT };
}

export function host(name: string, reachable: boolean, wakeable = true): HostState {
  return { name, address: '127.0.0.1', reachable, via: 'ssh', hostKey: null, uptimeSeconds: null, load: null, cores: null, memUsed: null, memTotal: null, checks: [], wakeable };
}

export function peer(name: string, connection: TailscalePeer['connection'], relay: string | null = null, online = true): TailscalePeer {
  return {
    id: name, name, dnsName: `${name}.tailnet.ts.net.`, ip: '100.64.0.2', ips: ['100.64.0.2'], os: 'linux', online, lastSeen: null, lastHandshake: null,
    rxBytes: 0, txBytes: 0, connection, relay, endpoint: connection === 'direct' ? '127.0.0.1:41641' : null, exitNode: false, exitNodeOption: false, routes: [], tags: [],
  };
}

export function task(over: Partial<TaskInfo> & Pick<TaskInfo, 'id' | 'kind' | 'action' | 'targetRef'>): TaskInfo {
  return { target: over.targetRef, state: 'running', startedAt: AT, endedAt: null, upid: null, progress: null, message: null, log: [], ...over };
}

export function pveTask(over: Partial<PveTaskSummary> & Pick<PveTaskSummary, 'upid'>): PveTaskSummary {
  return { node: 'um560', type: 'vzdump', id: '100', user: 'root@pam', starttime: NOW / 1000 - 60, endtime: null, status: null, ...over };
}

export function source(id: string, over: Partial<SourceMeta> = {}): SourceMeta {
  const kind = id.split(':')[0] as SourceMeta['kind'];
  return { id, kind, name: id.split(':')[1] ?? id, updatedAt: AT, lastAttemptAt: AT, stale: false, error: null, latencyMs: 20, ...over };
}

/** A snapshot of the reference lab; `status` is the roll-up of the given checks, as the Lab computes it. */
export function labSnapshot(over: Partial<Snapshot> = {}): Snapshot {
  const checks = over.checks ?? [];
  return {
    ...emptySnapshot(),
    version: 7,
    takenAt: AT,
    sources: [source('proxmox:home')],
    proxmox: [homeCluster()],
    status: worst(checks.map((c) => c.status)),
    ...over,
  };
}
