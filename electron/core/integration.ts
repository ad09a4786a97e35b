import type { CertificateInfo, ConnectionTestResult, LabInput, TaskRef } from '../../shared/api';
import type { LabConfig } from '../../shared/config';
import type { Snapshot } from '../../shared/snapshot';
import type { PingResult } from '../../shared/tailscale';
import type { Clock } from './clock';
import type { SecretStore } from './secrets';
import type { AnySource } from './source';
import type { TaskRunner } from './tasks';

/** What the Lab gives each integration: shared services, never globals. */
export interface IntegrationContext {
  config: LabConfig;
  clock: Clock;
  secrets: SecretStore;
  tasks: TaskRunner;
  /** The latest snapshot (e.g. the WOL relay asks whether we are at home). */
  snapshot(): Snapshot;
  /** Poll one source now (after an action, so its result shows at once). */
  refreshSource(id: string): void;
  /** Change the config and save it (trust a fingerprint, import hosts). */
  updateConfig(mutate: (c: LabConfig) => LabConfig): Promise<void>;
  log: Logger;
  /** Capabilities one integration offers others (built in order: proxmox and ssh before wol). */
  services: LabServices;
}

/** Command result from an SSH host. */
export interface ExecResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command on a configured SSH host (by its name in `hosts:`), host key verified. */
export interface SshExecutor {
  exec(host: string, command: string, opts?: { signal?: AbortSignal; timeoutMs?: number }): Promise<ExecResult>;
}

/** Asks a Proxmox VE node to send a magic packet: POST /nodes/{node}/wakeonlan. */
export interface PveWaker {
  /** Nodes LabTray can ask, with the cluster they belong to. */
  nodes(): { cluster: string; node: string; online: boolean }[];
  /** Wakes `targetNode` (a PVE node whose wakeonlan MAC is set in PVE) through any online node of its cluster. */
  wakeNode(cluster: string, targetNode: string, signal?: AbortSignal): Promise<string>;
}

/** Whether this laptop is on the home LAN right now (null: not known yet). */
export interface LocationService {
  atHome(): boolean | null;
}

export interface LabServices {
  ssh?: SshExecutor;
  pve?: PveWaker;
  location?: LocationService;
}

export interface Logger {
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
}

export type IntegrationKind = 'proxmox' | 'ssh' | 'kubernetes' | 'tailscale' | 'metrics' | 'wol' | 'location';

/** Action handlers an integration may provide; the Lab routes LabApi calls to them. */
export interface ActionHandlers {
  guestAction(input: LabInput<'guestAction'>): Promise<TaskRef[]>;
  startBackup(input: LabInput<'startBackup'>): Promise<TaskRef[]>;
  wake(input: LabInput<'wake'>): Promise<TaskRef>;
  pingPeer(input: LabInput<'pingPeer'>): Promise<PingResult>;
  kubeAction(input: LabInput<'kubeAction'>): Promise<TaskRef>;
  testConnection(input: LabInput<'testConnection'>): Promise<ConnectionTestResult>;
  fetchCertificate(input: LabInput<'fetchCertificate'>): Promise<CertificateInfo>;
  trustCertificate(input: LabInput<'trustCertificate'>): Promise<null>;
  trustHostKey(input: LabInput<'trustHostKey'>): Promise<null>;
}

/** One integration (Proxmox, SSH hosts, ...) built from the config. */
export interface Integration {
  kind: IntegrationKind;
  sources: AnySource[];
  actions?: Partial<ActionHandlers>;
  dispose?(): Promise<void> | void;
}

export type IntegrationFactory = (ctx: IntegrationContext) => Integration | null;
