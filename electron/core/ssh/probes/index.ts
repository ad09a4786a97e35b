import type { Check } from '../../../../shared/status';
import { diskChecks } from './disk';
import { kernelChecks } from './kernel';
import { loadChecks, parseCores, parseLoadavg } from './load';
import { memoryChecks, parseMeminfo } from './memory';
import { smartChecks } from './smart';
import { systemdChecks } from './systemd';
import { readTemperatures, temperatureChecks } from './temperature';
import type { TemperatureReading } from '../../../../shared/hosts';
import type { ProbeContext } from './types';
import { parseUptime, uptimeChecks } from './uptime';

export { probeCommand, splitSections } from './script';
export { defaultThresholds, resolveThresholds, type Thresholds } from './thresholds';

export interface ProbeResult {
  checks: Check[];
  uptimeSeconds: number | null;
  load: [number, number, number] | null;
  cores: number | null;
  memUsed: number | null;
  memTotal: number | null;
  arch: string | null;
  /** Every temperature sensor read (for the figures a card shows). */
  temperatures: TemperatureReading[];
}

/** Every probe over the sections of one script run. */
export function runProbes(sections: Map<string, string>, ctx: ProbeContext): ProbeResult {
  const cores = parseCores(sections.get('nproc'));
  const mem = parseMeminfo(sections.get('meminfo'));
  const checks = [
    ...uptimeChecks(ctx, sections.get('uptime')),
    ...loadChecks(ctx, sections.get('loadavg'), cores),
    ...memoryChecks(ctx, sections.get('meminfo')),
    ...diskChecks(ctx, sections.get('df')),
    ...temperatureChecks(ctx, { thermal: sections.get('thermal'), hwmon: sections.get('hwmon'), sensors: sections.get('sensors') }),
    ...smartChecks(ctx, sections),
    ...kernelChecks(ctx, sections.get('kernel'), sections.get('blockdevs')),
    ...systemdChecks(ctx, sections.get('systemd')),
  ];
  return {
    checks,
    uptimeSeconds: parseUptime(sections.get('uptime')),
    load: parseLoadavg(sections.get('loadavg')),
    cores,
    memUsed: mem?.used ?? null,
    memTotal: mem?.total ?? null,
    arch: sections.get('arch')?.trim() || null,
    temperatures: readTemperatures({ thermal: sections.get('thermal'), hwmon: sections.get('hwmon'), sensors: sections.get('sensors') }),
  };
}
