import type { HostConfig } from '../../../shared/config';
import { english, part, raw, type Msg, type MsgParam } from '../../../shared/message';
import type { LocationState } from '../../../shared/tailscale';

/** One identity probe from `home.probes`. */
export interface HomeProbe {
  host: string;
  port: number;
  hostKey?: string;
  fingerprint?: string;
}

/** What one probe found. */
export interface ProbeOutcome {
  probe: HomeProbe;
  /** `match`: the pinned identity answered; `mismatch`: something else answered; `unreachable`: nobody; `unusable`: no pin configured. */
  result: 'match' | 'mismatch' | 'unreachable' | 'unusable';
  detail: string;
  /** `detail` as a catalogue message, for the UI language. */
  msg?: Msg;
}

/** Supporting evidence from the local interfaces; never decides on its own. */
export interface LocalNetwork {
  gateway: string | null;
  /** IPv4 addresses with their netmask, e.g. `192.168.50.23/255.255.255.0`. */
  addresses: { iface: string; ip4: string; mask: string }[];
}

/** Checks a probe's identity: the pinned SSH host key and/or certificate fingerprint. */
export interface IdentityProber {
  /** The host key offered and whether the server proved it holds the pinned one (`isPinned` decides which key to let through). */
  sshHostKey(host: string, port: number, isPinned: (seen: string) => boolean, signal: AbortSignal): Promise<{ seen: string; proven: boolean }>;
  certificate(host: string, port: number, signal: AbortSignal): Promise<string>;
  /** Same-format comparison (OpenSSH `SHA256:` or `AB:CD:` hex). */
  same(a: string, b: string): boolean;
}

export const probeLabel = (p: HomeProbe): string => `${p.host}:${p.port}`;

/** Runs one probe; never throws: unreachability is an answer too. */
export async function runProbe(p: HomeProbe, prober: IdentityProber, signal: AbortSignal): Promise<ProbeOutcome> {
  const outcome = (result: ProbeOutcome['result'], m: Msg): ProbeOutcome => ({ probe: p, result, detail: english(m), msg: m });
  const probe = probeLabel(p);
  if (!p.hostKey && !p.fingerprint) return outcome('unusable', part('loc.probeUnusable', { probe }));
  try {
    if (p.hostKey) {
      const pinned = p.hostKey;
      const { seen, proven } = await prober.sshHostKey(p.host, p.port, (k) => prober.same(k, pinned), signal);
      if (!prober.same(seen, pinned)) return outcome('mismatch', part('loc.probeOtherHostKey', { probe, seen, pinned }));
      if (!proven) return outcome('mismatch', part('loc.probeUnprovenHostKey', { probe }));
    }
    if (p.fingerprint) {
      const seen = await prober.certificate(p.host, p.port, signal);
      if (!prober.same(seen, p.fingerprint)) return outcome('mismatch', part('loc.probeOtherCert', { probe, seen }));
    }
    return outcome('match', part(p.hostKey ? 'loc.probeHostKey' : 'loc.probeCert', { probe }));
  } catch (err) {
    if (signal.aborted) throw err;
    return outcome('unreachable', part('loc.probeNoAnswer', { probe, error: (err as Error).message }));
  }
}

const detailMsg = (o: ProbeOutcome): Msg => o.msg ?? raw(o.detail);

function inSubnet(ip: string, net: { ip4: string; mask: string }): boolean {
  const n = (a: string): number | null => {
    const parts = a.split('.').map(Number);
    return parts.length === 4 && parts.every((x) => Number.isInteger(x) && x >= 0 && x <= 255) ? ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0 : null;
  };
  const [a, b, m] = [n(ip), n(net.ip4), n(net.mask)];
  return a !== null && b !== null && m !== null && m !== 0 && (a & m) === (b & m);
}

/** At home when any probe answers with its pinned identity; away when none does. The interfaces only add context. */
export function decideLocation(outcomes: ProbeOutcome[], net: LocalNetwork | null, checkedAt: string): LocationState {
  const context = (p?: HomeProbe): MsgParam => {
    if (!net) return '';
    const facts: Msg[] = [];
    if (net.gateway) facts.push(part('loc.gateway', { gateway: net.gateway }));
    const lan = p && net.addresses.find((a) => inSubnet(p.host, a));
    if (lan) facts.push(part('loc.onSubnet', { iface: lan.iface, ip: lan.ip4 }));
    return facts.length ? part('loc.context', { facts }) : '';
  };
  const state = (atHome: boolean | null, m: Msg): LocationState => ({ atHome, reason: english(m), reasonMsg: m, checkedAt });
  if (!outcomes.length) return state(null, part('loc.noProbes'));
  const match = outcomes.find((o) => o.result === 'match');
  if (match) return state(true, part('loc.atHome', { detail: detailMsg(match), context: context(match.probe) }));
  const mismatch = outcomes.find((o) => o.result === 'mismatch');
  if (mismatch) return state(false, part('loc.awayOther', { detail: detailMsg(mismatch), context: context() }));
  const usable = outcomes.filter((o) => o.result === 'unreachable');
  if (!usable.length) return state(null, detailMsg(outcomes[0]));
  return state(false, part('loc.away', { details: usable.map(detailMsg), context: context(usable[0].probe) }));
}

/** The address to use for a host: its LAN address at home (or when unknown), its Tailscale address or MagicDNS name away. */
export function pickEndpoint(host: Pick<HostConfig, 'name' | 'ssh'>, atHome: boolean | null): string {
  const lan = host.ssh?.host ?? host.name;
  if (atHome === false && host.ssh?.awayHost) return host.ssh.awayHost;
  return lan;
}
