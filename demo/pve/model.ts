/**
 * The shape of the simulated Proxmox VE cluster that every part of the
 * simulator shares: its nodes, guests, storages, backups and tasks, the error
 * an API handler throws, the route table's types, and `PveCluster`, the face of
 * the cluster the handlers work on (PveSim in sim.ts is its one implementation).
 */
import type { Upid } from '../../shared/upid';
import type { SimCertificate } from './cert';
import type { homelabJobs, SimDiskSpec, SimGuestSpec, SimNodeSpec, SimStorageSpec } from './homelab';

export const GiB = 1024 ** 3;

/** Unix seconds, as PVE reports every time. */
export const now = (): number => Math.floor(Date.now() / 1000);

export interface SimToken {
  /** `user@realm!tokenname` */
  id: string;
  secret: string;
  /** Privileges granted on `/` (propagated); `all` for root. */
  privileges: 'all' | string[];
  /** Further ACL entries on deeper paths. */
  acl?: SimAcl[];
}

export interface SimUser {
  username: string;
  password: string;
  privileges: 'all' | string[];
  acl?: SimAcl[];
}

/**
 * One ACL entry, as `pveum acl modify PATH -role ROLE [-propagate 0]` makes it:
 * the privileges of its role on `path` (`/vms/101`, `/nodes/gtr5`, `/storage/local`, …).
 * An entry that applies on a path replaces what the user inherited from above;
 * one that does not propagate applies on its own path only.
 */
export interface SimAcl {
  path: string;
  privileges: 'all' | string[];
  /** Default true, as in PVE. */
  propagate?: boolean;
}

/**
 * A permission check as PVE's API schema writes it: `['perm', path, privileges]`
 * (all of them), `['perm', path, privileges, 'any', 1]` (one of them), or
 * `['or' | 'and', ...checks]`. `{name}` in a path is the request's parameter.
 */
export type PermCheck = readonly unknown[];

export interface PveSimOptions {
  /** Multiplies every task duration (1 feels like PVE; tests use ~0.05). */
  speed?: number;
  tokens?: SimToken[];
  users?: SimUser[];
  certificate?: SimCertificate;
  /** The cluster's name in /cluster/status. */
  clusterName?: string;
  /** How far the node's clock is off (its HTTP Date header shows it); 0 by default. */
  clockOffsetMs?: number;
  /** Guests beyond the reference homelab's, on its nodes, never backed up: served like any other (a lab of thousands). */
  extraGuests?: SimGuestSpec[];
}

export type SimFault =
  | { kind: 'latency'; ms: number }
  | { kind: 'status'; status: number; reason: string }
  | { kind: 'reset' }
  | { kind: 'blackhole' }
  | { kind: 'malformed' }
  | { kind: 'truncated' };

export interface SimGuest extends SimGuestSpec {
  status: 'running' | 'stopped' | 'paused';
  lock: string | null;
  startedAt: number | null;
}

export interface SimNode extends SimNodeSpec {
  online: boolean;
  bootedAt: number;
}

export interface SimStorage extends SimStorageSpec {
  online: boolean;
}

export type SimBackupJob = (typeof homelabJobs)[number];

export interface SimBackupVolume {
  volid: string;
  storage: string;
  node: string;
  vmid: number;
  subtype: 'qemu' | 'lxc';
  ctime: number;
  size: number;
  format: string;
  notes: string;
  protected: boolean;
}

/** A task the simulator runs: its UPID parts, as PVE lists them, and its outcome and log. */
export interface SimTask extends Upid {
  endtime: number | null;
  exitstatus: string | null;
  log: string[];
}

/** What POST /access/ticket answers. */
export interface SimTicketGrant {
  username: string;
  ticket: string;
  CSRFPreventionToken: string;
  cap: object;
}

/** An API answer other than 200: the status line's reason, and per-parameter errors like PVE's schema check. */
export class SimHttpError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    readonly errors?: Record<string, string>,
  ) {
    super(reason);
  }
}

/**
 * The simulated cluster as the API handlers see it: its state, which they read
 * and change in place, and the auth and task services they call.
 */
export interface PveCluster {
  readonly nodes: Map<string, SimNode>;
  readonly guests: Map<number, SimGuest>;
  readonly storages: SimStorage[];
  readonly disks: SimDiskSpec[];
  readonly backups: SimBackupVolume[];
  readonly jobs: SimBackupJob[];
  readonly tasks: SimTask[];
  /** Node names asked to wake. */
  readonly wakes: string[];
  /** The cluster's name in /cluster/status and in backup notes. */
  readonly clusterName: string;
  /** POST /access/ticket: a password, or a still valid ticket as the password (renewal). */
  login(username: string, password: string): SimTicketGrant;
  /** Whether a user or token holds a privilege on `path` (list reads filter by it, like PVE). */
  can(user: string, priv: string, path: string): boolean;
  /** Throws PVE's 403 when the user or token lacks the privilege on `path`. */
  checkPerm(user: string, priv: string, path: string): void;
  /** GET /access/permissions: the caller's privileges on `path`. */
  permissions(user: string, path?: string): Record<string, Record<string, number>>;
  task(upid: string): SimTask | undefined;
  /** Starts a worker like pve's fork_worker: returns its UPID at once, runs the body in the background. */
  runTask(node: string, type: string, id: string, user: string, body: (t: SimTask) => Promise<void>): string;
  /** Waits `ms` scaled by the simulator's speed. */
  wait(ms: number): Promise<void>;
  setNodeOnline(name: string, online: boolean, startOnBoot?: number[]): void;
}

export interface SimCall {
  params: Record<string, string>;
  user: string;
  sim: PveCluster;
}

export interface SimRoute {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** As in the PVE API schema, e.g. `/nodes/{node}/qemu/{vmid}/status/start`. */
  path: string;
  /** Every parameter the route accepts (path ones included); anything else is refused like PVE does. */
  params: string[];
  /** Requests about a node that is offline answer 595 like pveproxy. */
  nodeMustBeOnline?: boolean;
  handler(c: SimCall): unknown;
}

/** The guest `vmid` of `type` on `node`, or the error PVE gives when its config file is not on that node. */
export function guestOn(sim: PveCluster, node: string, vmid: string, type: 'qemu' | 'lxc'): SimGuest {
  const g = sim.guests.get(Number(vmid));
  if (!g || g.type !== type) throw new SimHttpError(500, `Configuration file 'nodes/${node}/${type === 'qemu' ? 'qemu-server' : 'lxc'}/${vmid}.conf' does not exist`);
  if (g.node !== node) throw new SimHttpError(500, `Configuration file 'nodes/${node}/${type === 'qemu' ? 'qemu-server' : 'lxc'}/${vmid}.conf' does not exist`);
  return g;
}
