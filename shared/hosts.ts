import type { WebLink } from './config';
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
  /** Its own web UIs (`links:` in its config entry), for its panel. */
  links?: WebLink[];
  /** Its temperature sensors as last read, with where they were read; absent or null when none were. */
  temperatures?: Temperatures | null;
}

/** What a sensor measures, for the figures a card shows (the CPU's, each NVMe's). */
export type SensorKind = 'cpu' | 'nvme' | 'other';

export interface TemperatureReading {
  /** Chip and sensor as the host names them: `k10temp Tctl`, `nvme0 Composite`, `soc-thermal`. */
  label: string;
  kind: SensorKind;
  celsius: number;
  /** The sensor's own critical limit, when it reports one. */
  crit?: number;
}

/** Where temperatures came from, said on hover. */
export interface TemperatureOrigin {
  via: 'metrics' | 'ssh';
  /** metrics: the server as it may be shown (no credentials); ssh: the host's address. */
  server: string;
  /** metrics: the `instance` label the figures carry. */
  instance?: string;
  /** The host entry whose figures these are. */
  host: string;
  observedAt: string;
}

export interface Temperatures {
  readings: TemperatureReading[];
  origin: TemperatureOrigin;
}

const CPU_CHIPS = /^(k10temp|coretemp|zenpower|cpu[_-]?thermal|x86_pkg_temp|soc[_-]?thermal|bigcore\d*[_-]thermal|littlecore[_-]thermal|cpu\d*[_-]thermal|package|tctl)/i;

/** What a sensor measures, from its chip or zone name (`k10temp Tctl` → cpu, `nvme0 Composite` → nvme). */
export function sensorKind(label: string): SensorKind {
  if (/^nvme/i.test(label)) return 'nvme';
  return CPU_CHIPS.test(label) ? 'cpu' : 'other';
}

/** The figures a card shows: the hottest CPU sensor, and one reading per NVMe (its composite, else its hottest). */
export function headlineTemperatures(readings: readonly TemperatureReading[]): { cpu: TemperatureReading | null; nvme: TemperatureReading[] } {
  let cpu: TemperatureReading | null = null;
  const nvme = new Map<string, TemperatureReading>();
  for (const r of readings) {
    if (r.kind === 'cpu' && (!cpu || r.celsius > cpu.celsius)) cpu = r;
    if (r.kind !== 'nvme') continue;
    const device = r.label.split(/\s/)[0];
    const cur = nvme.get(device);
    const composite = /composite/i.test(r.label);
    if (!cur || (composite && !/composite/i.test(cur.label)) || (!/composite/i.test(cur.label) && r.celsius > cur.celsius)) nvme.set(device, r);
  }
  return { cpu, nvme: [...nvme.values()].sort((a, b) => a.label.localeCompare(b.label)) };
}
