import type { JudgedBackup } from './backup-history';
import type { WebLink } from './config';
import type { BackupVolume, GuestStatus, GuestType, PveTaskSummary } from './proxmox';

/** The spans PVE keeps history for (rrddata); each has 70 rows. */
export const historyTimeframes = ['hour', 'day', 'week', 'month', 'year'] as const;
export type HistoryTimeframe = (typeof historyTimeframes)[number];

/** One row of a node's or guest's history: CPU as a share of its cores, memory in bytes, I/O in bytes per second (null where PVE has no value). */
export interface HistoryPoint {
  time: number;
  cpu: number | null;
  mem: number | null;
  maxmem: number | null;
  netin: number | null;
  netout: number | null;
  diskread: number | null;
  diskwrite: number | null;
}

export interface ItemHistory {
  cluster: string;
  node: string;
  /** Null for the node itself. */
  vmid: number | null;
  timeframe: HistoryTimeframe;
  points: HistoryPoint[];
  /** When PVE answered (ms); a cached answer keeps its time. */
  fetchedAt: number;
}

/** Why a guest's addresses are not known: the renderer says it in the user's language. */
export type AddressProblem = 'agent-not-running' | 'guest-not-running' | 'no-permission' | 'unreachable';

export interface GuestAddress {
  iface: string;
  address: string;
  family: 'ipv4' | 'ipv6';
  prefix: number | null;
}

export interface GuestDisk {
  /** The config key, e.g. `scsi0`, `rootfs`, `mp0`. */
  key: string;
  volume: string;
  size: string | null;
}

export interface GuestConfigSummary {
  cores: number | null;
  sockets: number | null;
  memoryMiB: number | null;
  disks: GuestDisk[];
  ostype: string | null;
}

export interface GuestSnapshot {
  name: string;
  description: string;
  snaptime: number | null;
  parent: string | null;
}

export interface NextBackup {
  job: string;
  schedule: string;
  /** Unix seconds, or null when the schedule is not a simple one (then show `schedule`). */
  at: number | null;
}

/** A part of the panel PVE did not give, and PVE's own words about it. */
export interface DetailGap {
  part: 'addresses' | 'config' | 'snapshots';
  reason: AddressProblem | 'error';
  detail: string;
}

/** Everything the guest panel shows about one guest, read on demand. */
export interface GuestDetail {
  cluster: string;
  vmid: number;
  name: string;
  node: string;
  type: GuestType;
  status: GuestStatus;
  uptime: number | null;
  tags: string[];
  /** Null when unknown (see `gaps`); loopback and link-local addresses left out. */
  addresses: GuestAddress[] | null;
  config: GuestConfigSummary | null;
  snapshots: GuestSnapshot[] | null;
  tasks: PveTaskSummary[];
  backups: BackupVolume[];
  /** The last backups (up to 14), newest first, with sizes, durations and what stands out about each. */
  backupHistory: JudgedBackup[];
  nextBackup: NextBackup | null;
  consoleUrl: string | null;
  links: WebLink[];
  gaps: DetailGap[];
}
