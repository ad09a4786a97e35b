import { LabError } from '../../../shared/api';
import { english, part, type Msg } from '../../../shared/message';
import type { NetcheckReport } from '../../../shared/tailscale';
import { isObj, type Obj } from './fields';
import { parseGoDuration } from './ping';

/** Parses `tailscale netcheck` (text of any release, or `--format=json`) into a NetcheckReport. */
export function parseNetcheck(output: string): NetcheckReport {
  const jsonStart = output.search(/^\s*\{/m);
  if (jsonStart >= 0 && !/^\s*Report:/m.test(output)) return parseNetcheckJson(output.slice(jsonStart));
  const at = output.search(/^\s*Report:\s*$/m);
  if (at < 0) throw new LabError('tailscale-format', `tailscale netcheck printed no report: ${firstLine(output)}`);
  const report: NetcheckReport = { udp: null, ipv4: null, ipv6: null, mappingVariesByDestIP: null, portMapping: [], preferredDerp: null, derpLatency: [], explanation: null };
  const names = new Map<string, string>();
  let nearest: string | null = null;
  for (const raw of output.slice(at).split(/\r?\n/)) {
    const line = raw.trim();
    const field = /^\* ([^:]+):\s*(.*)$/.exec(line);
    if (field) {
      const [, key, value] = field;
      switch (key) {
        case 'UDP':
          report.udp = bool(value);
          break;
        case 'IPv4':
          report.ipv4 = /^yes, (.+)$/.exec(value)?.[1] ?? null;
          break;
        case 'IPv6':
          report.ipv6 = /^yes, (.+)$/.exec(value)?.[1] ?? null;
          break;
        case 'MappingVariesByDestIP':
          report.mappingVariesByDestIP = bool(value);
          break;
        case 'PortMapping':
          report.portMapping = /^(not checked|binary built)/.test(value) ? [] : value.split(',').map((s) => s.trim()).filter(Boolean);
          break;
        case 'Nearest DERP':
          nearest = value;
          break;
      }
      continue;
    }
    // `- fra: 56ms    (Frankfurt)`, `- sfo:         (San Francisco)`, verbose `- hkg: 1.6ms (derp12, Hong Kong)`.
    const region = /^- (\S+): *(\S+)? *\((?:derp\d+, )?(.*)\)$/.exec(line);
    if (region) {
      const [, code, latency, name] = region;
      report.derpLatency.push({ region: code, latencyMs: latency ? parseGoDuration(latency) : null });
      if (!names.has(name)) names.set(name, code);
      continue;
    }
    // Releases of 2020: `- 3, sin = 76.5ms`.
    const legacy = /^- \d+, (\S+) = (\S+)$/.exec(line);
    if (legacy) report.derpLatency.push({ region: legacy[1], latencyMs: parseGoDuration(legacy[2]) });
  }
  if (nearest) report.preferredDerp = /^\d+ \((\w+)\)$/.exec(nearest)?.[1] ?? names.get(nearest) ?? null;
  explain(report);
  return report;
}

/** `netcheck --format=json`: the netcheck.Report struct; regions are known by id only. */
export function parseNetcheckJson(text: string): NetcheckReport {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new LabError('tailscale-format', `tailscale netcheck printed JSON that does not parse: ${(err as Error).message}`, { cause: err });
  }
  if (!isObj(raw)) throw new LabError('tailscale-format', 'tailscale netcheck JSON is not an object');
  const latency = isObj(raw.RegionLatency) ? (raw.RegionLatency as Obj) : {};
  const report: NetcheckReport = {
    udp: typeof raw.UDP === 'boolean' ? raw.UDP : null,
    ipv4: typeof raw.GlobalV4 === 'string' && raw.GlobalV4 ? raw.GlobalV4 : null,
    ipv6: typeof raw.GlobalV6 === 'string' && raw.GlobalV6 ? raw.GlobalV6 : null,
    mappingVariesByDestIP: optBoolText(raw.MappingVariesByDestIP),
    portMapping: (['UPnP', 'PMP', 'PCP'] as const).filter((k) => optBoolText(raw[k]) === true).map((k) => (k === 'PMP' ? 'NAT-PMP' : k)),
    preferredDerp: typeof raw.PreferredDERP === 'number' && raw.PreferredDERP ? `#${raw.PreferredDERP}` : null,
    derpLatency: Object.entries(latency)
      .filter((e): e is [string, number] => typeof e[1] === 'number')
      .sort((a, b) => a[1] - b[1])
      .map(([id, ns]) => ({ region: `#${id}`, latencyMs: Math.round(ns / 100_000) / 10 })),
    explanation: null,
  };
  explain(report);
  return report;
}

function explain(report: NetcheckReport): void {
  report.explanationMsg = explainRelayMsg(report);
  report.explanation = report.explanationMsg ? english(report.explanationMsg) : null;
}

/** One plain sentence on why peers are probably relayed, from what netcheck saw of this network. */
export function explainRelay(r: NetcheckReport): string | null {
  const m = explainRelayMsg(r);
  return m ? english(m) : null;
}

/** explainRelay as a catalogue message, for the UI language. */
export function explainRelayMsg(r: NetcheckReport): Msg | null {
  if (r.udp === null && r.mappingVariesByDestIP === null) return null;
  const mapping = r.portMapping.length ? part('ts.netcheck.portMapping', { methods: r.portMapping }) : part('ts.netcheck.noPortMapping');
  if (r.udp === false) return part('ts.netcheck.udpBlocked');
  if (r.mappingVariesByDestIP === true) return part('ts.netcheck.hardNat', { mapping });
  if (r.ipv4 === null && r.ipv6 === null) return part('ts.netcheck.noPublicAddress');
  if (r.mappingVariesByDestIP === null) return part('ts.netcheck.natUnknown');
  return part('ts.netcheck.easy');
}

function bool(v: string): boolean | null {
  return v === 'true' ? true : v === 'false' ? false : null;
}

/** Go's opt.Bool marshals as "true", "false" or "". */
function optBoolText(v: unknown): boolean | null {
  if (typeof v === 'boolean') return v;
  return typeof v === 'string' ? bool(v) : null;
}

function firstLine(s: string): string {
  return s.trim().split(/\r?\n/)[0]?.slice(0, 200) || '(nothing)';
}
