import { sensorKind, type TemperatureReading } from '../../../../shared/hosts';
import { detailLines, msg, part } from '../../../../shared/message';
import type { Check, Status } from '../../../../shared/status';
import { makeCheck, unavailable, type ProbeContext } from './types';

/** One sensor as read; its kind (CPU, NVMe) is added by readTemperatures. */
export type TempReading = Omit<TemperatureReading, 'kind'>;

/** Readings outside this range are sensor noise (e.g. an unwired ACPI zone at −44 °C). */
const plausible = (c: number): boolean => Number.isFinite(c) && c > -20 && c < 150;

/**
 * Degrees from a sysfs millidegree value; an empty value (the read failed, e.g. ENODATA from a
 * Wi-Fi zone while the interface is down) is no reading, not 0 °C.
 */
const fromMilli = (v: string): number => (v.trim() === '' ? Number.NaN : Number(v) / 1000);

/** `path=value` lines of /sys/class/thermal/thermal_zone*. Values are millidegrees. */
export function parseThermal(text: string | undefined): TempReading[] {
  const zones = new Map<string, { type?: string; temp?: number }>();
  for (const line of (text ?? '').split('\n')) {
    const m = /\/(thermal_zone\d+)\/(type|temp)=(.*)$/.exec(line.trim());
    if (!m) continue;
    const z = zones.get(m[1]) ?? {};
    if (m[2] === 'type') z.type = m[3].trim();
    else z.temp = fromMilli(m[3]);
    zones.set(m[1], z);
  }
  return [...zones].flatMap(([zone, z]) => (z.temp !== undefined && plausible(z.temp) ? [{ label: z.type || zone, celsius: z.temp }] : []));
}

/** `path=value` lines of /sys/class/hwmon/hwmon*: name, temp*_input/_label/_crit/_max. */
export function parseHwmon(text: string | undefined): TempReading[] {
  const chips = new Map<string, { name: string; temps: Map<string, { input?: number; label?: string; crit?: number }> }>();
  for (const line of (text ?? '').split('\n')) {
    const m = /\/(hwmon\d+)\/(name|temp(\d+)_(input|label|crit|max))=(.*)$/.exec(line.trim());
    if (!m) continue;
    const chip = chips.get(m[1]) ?? { name: m[1], temps: new Map() };
    chips.set(m[1], chip);
    if (m[2] === 'name') {
      chip.name = m[5].trim() || m[1];
      continue;
    }
    const t = chip.temps.get(m[3]) ?? {};
    chip.temps.set(m[3], t);
    if (m[4] === 'label') t.label = m[5].trim();
    else if (m[4] === 'input') t.input = fromMilli(m[5]);
    else if (m[4] === 'crit') t.crit = fromMilli(m[5]);
  }
  const out: TempReading[] = [];
  for (const chip of chips.values()) {
    for (const [n, t] of chip.temps) {
      if (t.input === undefined || !plausible(t.input)) continue;
      out.push({ label: `${chip.name} ${t.label ?? `temp${n}`}`, celsius: t.input, ...(t.crit && plausible(t.crit) ? { crit: t.crit } : {}) });
    }
  }
  return out;
}

/** `sensors -j`: chip → feature → `tempN_input` / `tempN_crit`. */
export function parseSensorsJson(text: string | undefined): TempReading[] | null {
  let data: unknown;
  try {
    data = JSON.parse(text ?? '');
  } catch {
    return null; // not JSON: the caller falls back to hwmon
  }
  if (!data || typeof data !== 'object') return null;
  const out: TempReading[] = [];
  for (const [chip, features] of Object.entries(data as Record<string, unknown>)) {
    if (!features || typeof features !== 'object') continue;
    for (const [feature, values] of Object.entries(features as Record<string, unknown>)) {
      if (!values || typeof values !== 'object') continue;
      const v = values as Record<string, unknown>;
      const inputKey = Object.keys(v).find((k) => /^temp\d+_input$/.test(k));
      if (!inputKey || typeof v[inputKey] !== 'number') continue;
      const celsius = v[inputKey] as number;
      if (!plausible(celsius)) continue;
      const crit = v[inputKey.replace('_input', '_crit')];
      out.push({ label: `${chip} ${feature}`, celsius, ...(typeof crit === 'number' && plausible(crit) ? { crit } : {}) });
    }
  }
  return out;
}

export interface TemperatureSections {
  thermal?: string;
  hwmon?: string;
  sensors?: string;
}

/** Every sensor of one probe run: lm-sensors' (else hwmon's), plus thermal zones no chip already reported. */
export function readTemperatures(sections: TemperatureSections): TemperatureReading[] {
  const fromSensors = unavailable(sections.sensors) ? null : parseSensorsJson(sections.sensors);
  const readings = [...(fromSensors ?? parseHwmon(sections.hwmon))];
  const seen = new Set(readings.map((r) => r.label.split(/[-\s]/)[0]));
  for (const z of parseThermal(sections.thermal)) if (!seen.has(z.label.split(/[-\s]/)[0])) readings.push(z);
  return readings.map((r) => ({ ...r, kind: sensorKind(r.label) }));
}

/** One check for the hottest sensor; the detail lists them all. */
export function temperatureChecks(ctx: ProbeContext, sections: TemperatureSections): Check[] {
  const readings = readTemperatures(sections);
  if (!readings.length) return [makeCheck(ctx, 'temperature', 'unknown', msg('ssh.noTemperatures', { host: ctx.host }), { error: 'no thermal zones, hwmon sensors or lm-sensors output' })];
  const t = ctx.thresholds;
  const judge = (r: TempReading): Status => (r.celsius >= t.tempCrit || (r.crit !== undefined && r.celsius >= r.crit) ? 'crit' : r.celsius >= t.tempWarn ? 'warn' : 'ok');
  const hottest = readings.reduce((a, b) => (b.celsius > a.celsius ? b : a));
  return [
    makeCheck(
      ctx,
      'temperature',
      judge(hottest),
      msg('host.temperature', { host: ctx.host, sensor: hottest.label, celsius: hottest.celsius.toFixed(0) }),
      detailLines(...readings.map((r) => part('host.tempReading', { sensor: r.label, celsius: r.celsius.toFixed(1) })), part('host.tempLimits', { warn: t.tempWarn, crit: t.tempCrit })),
    ),
  ];
}
