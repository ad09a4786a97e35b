import type { HostConfig } from '../../../shared/config';
import { english, part, raw, type Msg, type MsgParam } from '../../../shared/message';
import type { Check } from '../../../shared/status';
import type { LocationState } from '../../../shared/tailscale';
import type { LocationService } from '../integration';
import type { PollContext, Source } from '../source';

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
  sshHostKey(host: string, port: number, signal: AbortSignal): Promise<string>;
  certificate(host: string, port: number, signal: AbortSignal): Promise<string>;
  /** Same-format comparison (OpenSSH `SHA256:` or `AB:CD:` hex). */
  same(a: string, b: string): boolean;
}

const label = (p: HomeProbe): string => `${p.host}:${p.port}`;

/** Runs one probe; never throws: unreachability is an answer too. */
export async function runProbe(p: HomeProbe, prober: IdentityProber, signal: AbortSignal): Promise<ProbeOutcome> {
  const outcome = (result: ProbeOutcome['result'], m: Msg): ProbeOutcome => ({ probe: p, result, detail: english(m), msg: m });
  const probe = label(p);
  if (!p.hostKey && !p.fingerprint) return outcome('unusable', part('loc.probeUnusable', { probe }));
  try {
    if (p.hostKey) {
      const seen = await prober.sshHostKey(p.host, p.port, signal);
      if (!prober.same(seen, p.hostKey)) return outcome('mismatch', part('loc.probeOtherHostKey', { probe, seen, pinned: p.hostKey }));
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

/** Holds the latest decision for other integrations (SSH, PVE, WOL). */
export class LocationHolder implements LocationService {
  private state: LocationState | null = null;

  atHome(): boolean | null {
    return this.state?.atHome ?? null;
  }

  set(s: LocationState): void {
    this.state = s;
  }
}

export interface LocationSourceOptions {
  probes: HomeProbe[];
  prober: IdentityProber;
  network: (signal: AbortSignal) => Promise<LocalNetwork | null>;
  holder: LocationHolder;
  now: () => number;
  intervalMs?: number;
}

/** The `location` source: probes run in parallel on every poll. */
export class LocationSource implements Source<'location'> {
  readonly id = 'location';
  readonly kind = 'location' as const;
  readonly name = 'At home or away';
  readonly intervalMs: number;
  readonly timeoutMs = 15_000;
  private outcomes: ProbeOutcome[] = [];

  constructor(private readonly opts: LocationSourceOptions) {
    this.intervalMs = opts.intervalMs ?? 60_000;
  }

  placeholder(): LocationState {
    const m = part('loc.checking');
    return { atHome: null, reason: english(m), reasonMsg: m, checkedAt: null };
  }

  async poll({ signal }: PollContext): Promise<LocationState> {
    const [outcomes, net] = await Promise.all([
      Promise.all(this.opts.probes.map((p) => runProbe(p, this.opts.prober, signal))),
      this.opts.network(signal).catch(() => null),
    ]);
    this.outcomes = outcomes;
    const state = decideLocation(outcomes, net, new Date(this.opts.now()).toISOString());
    this.opts.holder.set(state);
    return state;
  }

  checks(data: LocationState, observedAt: string): Check[] {
    const checks: Check[] = [{ id: 'location', source: this.id, target: 'location', status: data.atHome === null ? 'unknown' : 'ok', summary: data.reason, ...(data.reasonMsg ? { msg: data.reasonMsg } : {}), observedAt }];
    for (const o of this.outcomes.filter((x) => x.result === 'unusable')) {
      checks.push({ id: `location:probe:${label(o.probe)}`, source: this.id, target: 'location', status: 'warn', summary: o.detail, ...(o.msg ? { msg: o.msg } : {}), observedAt });
    }
    return checks;
  }
}
