import type { HostState } from './hosts';
import type { KubeCluster } from './kube';
import type { LanguageChoice } from './language';
import type { ProxmoxCluster } from './proxmox';
import type { Check, Status } from './status';
import type { LocationState, TailscaleStatus } from './tailscale';
import type { TaskInfo } from './tasks';
import type { PathHistory } from './path-history';
import type { PowerState } from './power-state';
import type { WakeTarget } from './wake-targets';
import type { WayHome } from './way-home';

export type SourceKind = 'proxmox' | 'tailscale' | 'kubernetes' | 'host' | 'metrics' | 'location' | 'power';

/** Freshness of one source: its data may be old while its error is new. */
export interface SourceMeta {
  /** `proxmox:home`, `tailscale`, `kubernetes:k3s-main`, `host:orangepi5`. */
  id: string;
  kind: SourceKind;
  name: string;
  /** When data was last read successfully. */
  updatedAt: string | null;
  lastAttemptAt: string | null;
  /** True when the last attempt failed (the data shown is the last good one). */
  stale: boolean;
  error: string | null;
  /** Milliseconds the last successful read took. */
  latencyMs: number | null;
}

/**
 * Everything LabTray knows at one moment. Immutable: every change makes a new
 * snapshot with a higher version.
 */
export interface Snapshot {
  version: number;
  takenAt: string;
  demo: boolean;
  /** The demo runs because there is no config yet (first run), not because it was asked for. */
  notSetUp?: boolean;
  /** First run: the window welcomes the user (explore the demo, or set up their own lab) until they choose. */
  welcome?: boolean;
  /** Roll-up of every check. */
  status: Status;
  sources: SourceMeta[];
  checks: Check[];
  proxmox: ProxmoxCluster[];
  tailscale: TailscaleStatus | null;
  kubernetes: KubeCluster[];
  hosts: HostState[];
  tasks: TaskInfo[];
  location: LocationState | null;
  /** At home or away, the way home and the guests that carry it; null without Tailscale and location probes. */
  wayHome: WayHome | null;
  /** Every machine that can be woken, with the way a wake-up would take from here. */
  wake: WakeTarget[];
  /** Each Tailscale peer's path changes over the last week (kept across restarts by the snapshot cache). */
  pathHistory: PathHistory;
  /** Watts, energy and cost from the `power:` section; null without one (an older cache has none). */
  power?: PowerState | null;
  paused: boolean;
  /** The user's preferences from the config's `ui` section: the one home the window, the tray and notifications all read. */
  prefs: UserPrefs;
}

/** What the user chooses in the window and the tray; saved in the config through the Lab. */
export interface UserPrefs {
  /** Guests as `cluster/vmid`. */
  favourites: string[];
  /** Guests with this Proxmox VE tag are favourites too (so they follow the owner across machines); empty: none. */
  favouriteTag: string;
  language: LanguageChoice;
  theme: 'system' | 'light' | 'dark';
}

export const defaultPrefs: UserPrefs = { favourites: [], favouriteTag: 'labtray', language: 'system', theme: 'system' };

export function emptySnapshot(): Snapshot {
  return {
    version: 0,
    takenAt: new Date(0).toISOString(),
    demo: false,
    status: 'unknown',
    sources: [],
    checks: [],
    proxmox: [],
    tailscale: null,
    kubernetes: [],
    hosts: [],
    tasks: [],
    location: null,
    wayHome: null,
    wake: [],
    pathHistory: {},
    power: null,
    paused: false,
    prefs: defaultPrefs,
  };
}
