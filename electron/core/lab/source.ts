import type { HostState } from '../../../shared/hosts';
import type { KubeCluster } from '../../../shared/kube';
import type { ProxmoxCluster } from '../../../shared/proxmox';
import type { SourceKind } from '../../../shared/snapshot';
import type { Check } from '../../../shared/status';
import type { LocationState, TailscaleStatus } from '../../../shared/tailscale';
import type { PowerReading } from '../../../shared/power';

/** What each kind of source contributes to the Snapshot. */
export interface SourceDataMap {
  proxmox: ProxmoxCluster;
  tailscale: TailscaleStatus;
  kubernetes: KubeCluster;
  host: HostState;
  metrics: HostState[];
  location: LocationState;
  power: PowerReading;
}

export interface PollContext {
  signal: AbortSignal;
  /**
   * How many times longer a source's own slower reads may wait: 1 with the
   * window open, the hidden-window factor when nobody is looking.
   */
  relax?: number;
}

/**
 * One thing the Lab polls (or watches): a Proxmox cluster, a kube context, an
 * SSH host, tailscaled. The Lab owns scheduling, timeouts, backoff and staleness;
 * a source only reads and interprets.
 */
export interface Source<K extends SourceKind = SourceKind> {
  /** `proxmox:home`, `kubernetes:k3s-main`, `host:orangepi5`, `tailscale`. */
  readonly id: string;
  readonly kind: K;
  readonly name: string;
  /** Poll interval while the window is open; the Lab stretches it when hidden. */
  readonly intervalMs: number;
  readonly timeoutMs: number;
  /** Data to show before the first successful read. */
  placeholder(): SourceDataMap[K];
  /** One read. Must honour ctx.signal. */
  poll(ctx: PollContext): Promise<SourceDataMap[K]>;
  /** Health findings for the data (the Lab adds one for read errors itself). */
  checks(data: SourceDataMap[K], observedAt: string): Check[];
  /**
   * Optional push updates (kube watches, the tailscale IPN bus). While a watch
   * is live the Lab polls only at the slow interval, as a safety net.
   */
  watch?(push: (data: SourceDataMap[K]) => void, fail: (err: Error) => void): () => void;
  dispose?(): Promise<void> | void;
}

export type AnySource = { [K in SourceKind]: Source<K> }[SourceKind];
