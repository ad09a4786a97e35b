import type { Check } from './status';

/** An SSH-reachable host and what its probes found. */
export interface HostState {
  name: string;
  address: string | null;
  reachable: boolean;
  /** Where the figures came from. */
  via: 'ssh' | 'metrics' | null;
  hostKey: string | null;
  uptimeSeconds: number | null;
  load: [number, number, number] | null;
  cores: number | null;
  memUsed: number | null;
  memTotal: number | null;
  checks: Check[];
  /** Whether Wake-on-LAN is configured for this host. */
  wakeable: boolean;
}
