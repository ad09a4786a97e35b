import type { Temperatures } from './hosts';
import type { Status } from './status';

export type GuestType = 'qemu' | 'lxc';
export type GuestStatus = 'running' | 'stopped' | 'paused' | 'suspended' | 'unknown';

/** A Proxmox VE node as seen through /cluster/resources and /cluster/status. */
export interface PveNode {
  name: string;
  status: 'online' | 'offline' | 'unknown';
  /** CPU use 0..1. */
  cpu: number | null;
  maxcpu: number | null;
  /** Memory bytes used / total. */
  mem: number | null;
  maxmem: number | null;
  disk: number | null;
  maxdisk: number | null;
  uptime: number | null;
  /** From /nodes/{node}/status on a slower cadence; null until read. */
  detail?: PveNodeDetail | null;
  /** Its cluster address from /cluster/status, when given. */
  ip?: string | null;
  /**
   * The host entries (SSH, or node_exporter through the metrics server) that
   * are this node, joined by name or address; their checks belong to its card.
   */
  hosts?: string[];
  /** Temperatures from that host entry (PVE's API has none). */
  temperatures?: Temperatures | null;
}

export interface PveNodeDetail {
  loadavg: [number, number, number];
  kernel: string;
  pveVersion: string;
  cpuModel: string;
  cpus: number;
  swapUsed: number;
  swapTotal: number;
  rootfsUsed: number;
  rootfsTotal: number;
}

/** A VM (qemu) or container (lxc). */
export interface Guest {
  vmid: number;
  name: string;
  type: GuestType;
  node: string;
  status: GuestStatus;
  cpu: number | null;
  maxcpu: number | null;
  mem: number | null;
  maxmem: number | null;
  disk: number | null;
  maxdisk: number | null;
  uptime: number | null;
  tags: string[];
  template: boolean;
  hastate: string | null;
  /** e.g. `backup`, `migrate`, `snapshot` when the guest is locked. */
  lock: string | null;
}

export interface PveStorage {
  storage: string;
  node: string;
  type: string | null;
  content: string[];
  status: 'available' | 'unavailable' | 'unknown';
  disk: number | null;
  maxdisk: number | null;
  shared: boolean;
}

/** A physical disk as /nodes/{node}/disks/list reports it. */
export interface PveDisk {
  node: string;
  devpath: string;
  model: string | null;
  serial: string | null;
  type: string | null;
  size: number | null;
  health: string | null;
  /** Percentage of life left (PVE's `wearout`), null when unknown. */
  wearout: number | null;
  status: Status;
}

/** A task listed by /cluster/tasks or started by LabTray. */
export interface PveTaskSummary {
  upid: string;
  node: string;
  type: string;
  id: string;
  user: string;
  starttime: number;
  endtime: number | null;
  /** `OK`, an error text, or null while running. */
  status: string | null;
}

/** One archive on a backup storage. */
export interface BackupVolume {
  volid: string;
  storage: string;
  node: string;
  vmid: number;
  ctime: number;
  size: number | null;
  format: string | null;
  notes: string | null;
  protected: boolean;
  verification: 'ok' | 'failed' | 'none';
}

export interface BackupJob {
  id: string;
  enabled: boolean;
  schedule: string;
  storage: string | null;
  /** `all` or explicit vmids. */
  vmids: number[] | 'all';
  exclude: number[];
  node: string | null;
  mode: string | null;
  nextRun: number | null;
}

/** Everything known about one Proxmox VE cluster (or standalone node). */
export interface ProxmoxCluster {
  /** The name from the config, e.g. `home`. */
  name: string;
  /** The endpoint that answered last, or null. */
  endpoint: string | null;
  clusterName: string | null;
  quorate: boolean | null;
  nodes: PveNode[];
  guests: Guest[];
  storages: PveStorage[];
  disks: PveDisk[];
  tasks: PveTaskSummary[];
  backups: BackupVolume[];
  backupJobs: BackupJob[];
}

export const guestActions = ['start', 'shutdown', 'stop', 'reboot', 'suspend', 'resume'] as const;
export type GuestAction = (typeof guestActions)[number];

/** The guest's console in the Proxmox VE web UI (noVNC for a VM, the terminal for a container), opened in the browser. */
export function pveConsoleUrl(endpoint: string, g: Pick<Guest, 'vmid' | 'name' | 'node' | 'type'>): string {
  const q = new URLSearchParams({ console: g.type === 'qemu' ? 'kvm' : 'lxc', novnc: '1', vmid: String(g.vmid), vmname: g.name, node: g.node, resize: 'off', cmd: '' });
  return `${new URL(endpoint).origin}/?${q.toString()}`;
}
