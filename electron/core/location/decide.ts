import { isIP } from 'node:net';
import type { HostConfig } from '../../../shared/config';
import { english, part, raw, type Msg, type MsgParam } from '../../../shared/message';
import type { LocationState } from '../../../shared/tailscale';
import { inPrefix6, inSubnet4, isLoopback, isTailnetAddress, plainAddress } from '../net/addresses';

/** One identity probe from `home.probes`. */
export interface HomeProbe {
  host: string;
  port: number;
  hostKey?: string;
  fingerprint?: string;
}

/** The two ends of a probe's connection, as the socket saw them once connected. */
export interface ProbeRoute {
  /** This computer's address the connection went out from. */
  local: string;
  /** The address that answered (the probe's host, resolved). */
  remote: string;
}

/** What one probe found. */
export interface ProbeOutcome {
  probe: HomeProbe;
  /** How the connection went, when it got as far as connecting. */
  route?: ProbeRoute;
  /** `match`: the pinned identity answered; `mismatch`: something else answered; `unreachable`: nobody; `unusable`: no pin configured. */
  result: 'match' | 'mismatch' | 'unreachable' | 'unusable';
  detail: string;
  /** `detail` as a catalogue message, for the UI language. */
  msg?: Msg;
}

/** The local interfaces: the subnets a probe must be on to count as home, and context for the reason. */
export interface LocalNetwork {
  gateway: string | null;
  /** IPv4 addresses with their netmask, e.g. `192.168.50.23/255.255.255.0`. */
  addresses: { iface: string; ip4: string; mask: string }[];
  /** IPv6 addresses with their prefix length. */
  addresses6?: { iface: string; ip6: string; prefix: number }[];
}

/** Checks a probe's identity: the pinned SSH host key and/or certificate fingerprint. */
export interface IdentityProber {
  /** The host key offered and whether the server proved it holds the pinned one (`isPinned` decides which key to let through). */
  sshHostKey(host: string, port: number, isPinned: (seen: string) => boolean, signal: AbortSignal): Promise<{ seen: string; proven: boolean; route?: ProbeRoute }>;
  /** The certificate's SHA-256 fingerprint. */
  certificate(host: string, port: number, signal: AbortSignal): Promise<{ fingerprint: string; route?: ProbeRoute }>;
  /** Same-format comparison (OpenSSH `SHA256:` or `AB:CD:` hex). */
  same(a: string, b: string): boolean;
}

export const probeLabel = (p: HomeProbe): string => `${p.host}:${p.port}`;

/** Runs one probe; never throws: unreachability is an answer too. */
export async function runProbe(p: HomeProbe, prober: IdentityProber, signal: AbortSignal): Promise<ProbeOutcome> {
  let route: ProbeRoute | undefined;
  const outcome = (result: ProbeOutcome['result'], m: Msg): ProbeOutcome => ({ probe: p, result, detail: english(m), msg: m, ...(route ? { route } : {}) });
  const probe = probeLabel(p);
  if (!p.hostKey && !p.fingerprint) return outcome('unusable', part('loc.probeUnusable', { probe }));
  try {
    if (p.hostKey) {
      const pinned = p.hostKey;
      const ssh = await prober.sshHostKey(p.host, p.port, (k) => prober.same(k, pinned), signal);
      route = ssh.route;
      if (!prober.same(ssh.seen, pinned)) return outcome('mismatch', part('loc.probeOtherHostKey', { probe, seen: ssh.seen, pinned }));
      if (!ssh.proven) return outcome('mismatch', part('loc.probeUnprovenHostKey', { probe }));
    }
    if (p.fingerprint) {
      const cert = await prober.certificate(p.host, p.port, signal);
      route = cert.route ?? route;
      if (!prober.same(cert.fingerprint, p.fingerprint)) return outcome('mismatch', part('loc.probeOtherCert', { probe, seen: cert.fingerprint }));
    }
    return outcome('match', part(p.hostKey ? 'loc.probeHostKey' : 'loc.probeCert', { probe }));
  } catch (err) {
    if (signal.aborted) throw err;
    return outcome('unreachable', part('loc.probeNoAnswer', { probe, error: (err as Error).message }));
  }
}

const detailMsg = (o: ProbeOutcome): Msg => o.msg ?? raw(o.detail);

function inSubnet(ip: string, net: { ip4: string; mask: string }): boolean {
  return inSubnet4(ip, net.ip4, net.mask);
}

/** Whether `ip` is on one of this computer's own networks (loopback included; the tailnet's ranges never count). */
function onLocalSubnet(ip: string, net: LocalNetwork): boolean {
  if (isLoopback(ip)) return true;
  if (isTailnetAddress(ip)) return false;
  return (
    net.addresses.some((a) => !isTailnetAddress(a.ip4) && inSubnet(ip, a)) ||
    (net.addresses6 ?? []).some((a) => !isTailnetAddress(a.ip6) && inPrefix6(ip, a.ip6, a.prefix))
  );
}

/**
 * Why a probe that answered with its pinned identity still does not prove home: it went out from a
 * Tailscale address (a subnet router carried it from wherever this computer is), or the address that
 * answered is on none of this computer's networks (a router or VPN carried it). Null: it came over the LAN.
 */
export function routedAway(o: ProbeOutcome, net: LocalNetwork | null): Msg | null {
  const probe = probeLabel(o.probe);
  if (o.route && isTailnetAddress(o.route.local)) return part('loc.viaTailnet', { probe, local: plainAddress(o.route.local) });
  const target = o.route ? plainAddress(o.route.remote) : isIP(o.probe.host) ? o.probe.host : null;
  if (!net || !target || onLocalSubnet(target, net)) return null;
  const networks = [...net.addresses.map((a) => `${a.iface} ${a.ip4}/${a.mask}`), ...(net.addresses6 ?? []).map((a) => `${a.iface} ${a.ip6}/${a.prefix}`)];
  return part('loc.viaRouter', { probe, target, networks: networks.length ? networks : ['-'] });
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
  const matches = outcomes.filter((o) => o.result === 'match').map((o) => ({ o, routed: routedAway(o, net) }));
  const direct = matches.find((m) => m.routed === null);
  if (direct) return state(true, part('loc.atHome', { detail: detailMsg(direct.o), context: context(direct.o.probe) }));
  // Home answered, but not over this network: the subnet router (or another route) reaches it from anywhere.
  const routed = matches[0]?.routed;
  if (routed) return state(false, part('loc.awayRouted', { detail: detailMsg(matches[0].o), why: routed, context: context() }));
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
