import type { LabArgs, LabMethod, LabResults } from '../../../shared/api-contract';
import type { LabConfig } from '../../../shared/config';
import type { Snapshot } from '../../../shared/snapshot';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { SecretStore } from '../secrets';
import type { TaskRunner } from '../tasks';
import type { AnySource } from './source';

/** What the Lab gives every integration: the config and the Lab's own means. Another integration's services come as build arguments. */
export interface IntegrationContext {
  config: LabConfig;
  clock: Clock;
  secrets: SecretStore;
  tasks: TaskRunner;
  /** The latest snapshot (e.g. the WOL relay asks which relays were last reachable). */
  snapshot(): Snapshot;
  /** Poll one source now (after an action, so its result shows at once). */
  refreshSource(id: string): void;
  /** Change the config and save it (trust a fingerprint, import hosts). */
  updateConfig(mutate: (c: LabConfig) => LabConfig): Promise<void>;
  log: Logger;
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

/** What one integration may offer the others, by name. */
export interface LabServices {
  ssh: SshExecutor;
  pve: PveWaker;
  location: LocationService;
}
export type ServiceName = keyof LabServices;

export type IntegrationKind = 'proxmox' | 'ssh' | 'kubernetes' | 'tailscale' | 'metrics' | 'wol' | 'location' | 'power';

/** Answers one LabApi method; its input has been parsed by the method's schema. */
export type Handler<M extends LabMethod> = (input: LabArgs<M>) => Promise<LabResults[M]>;

/** One handler per LabApi method: the compiler asks for a new method's handler. */
export type LabHandlers = { [M in LabMethod]: Handler<M> };

/**
 * LabApi methods an integration answers. The Lab's handler map decides which
 * methods go to integrations (guest actions, wake, trust…); the types come from
 * the API root, so an action's input is already parsed.
 */
export type ActionHandlers = Partial<LabHandlers>;

/** One integration (Proxmox, SSH hosts, ...) built from the config. */
export interface Integration {
  kind: IntegrationKind;
  sources: AnySource[];
  actions?: ActionHandlers;
  dispose?(): Promise<void> | void;
}

/** An integration that offers (some of) the services `P` to those that declare they need them. */
export type Offering<P extends ServiceName> = Integration & { services?: Partial<Pick<LabServices, P>> };

type Built<P extends ServiceName> = Offering<P> | null;

/**
 * How one integration is built: what it needs from others and offers them,
 * both declared, so the Lab builds providers first whatever the list order.
 * `build` returns null when the config does not ask for this integration.
 */
export interface IntegrationDefinition<N extends ServiceName = ServiceName, P extends ServiceName = ServiceName> {
  readonly kind?: IntegrationKind;
  /** Services used when present; only these reach `build`. */
  readonly needs?: readonly N[];
  /** Services `build` may return in `services`. */
  readonly provides?: readonly P[];
  build(ctx: IntegrationContext, services: Partial<Pick<LabServices, N>>): Built<P> | Promise<Built<P>>;
}

/** Declares a definition with its needs and offers inferred from the lists. */
export function defineIntegration<N extends ServiceName = never, P extends ServiceName = never>(d: IntegrationDefinition<N, P>): IntegrationDefinition<N, P> {
  return d;
}

/** An entry of the registry: the config section that turns it on, and its module, imported only then. */
export interface RegisteredIntegration {
  readonly kind: IntegrationKind;
  readonly section: keyof LabConfig;
  /** Whether the config asks for it; default: the section is present. */
  configured?(config: LabConfig): boolean;
  load(): Promise<IntegrationDefinition>;
}

/** An integration that needs and offers nothing may be given as its build function alone (tests, small helpers). */
export type BuildIntegration = (ctx: IntegrationContext) => Integration | null | Promise<Integration | null>;

/** What a Lab can be given to build its integrations from. */
export type IntegrationFactory = RegisteredIntegration | IntegrationDefinition | BuildIntegration;
