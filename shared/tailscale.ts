import { english, part, type Msg } from './message';

export type PeerConnection = 'direct' | 'relay' | 'idle';

export interface TailscalePeer {
  id: string;
  /** Host name as shown by `tailscale status`. */
  name: string;
  dnsName: string;
  /** First Tailscale IP (IPv4 when present). */
  ip: string | null;
  ips: string[];
  os: string;
  online: boolean;
  lastSeen: string | null;
  lastHandshake: string | null;
  rxBytes: number;
  txBytes: number;
  /** `direct`, `relay` or `idle` (no recent traffic: unknown path). */
  connection: PeerConnection;
  /** DERP region code (`fra`) when relayed, or the peer's home relay otherwise. */
  relay: string | null;
  /** `ip:port` of the direct path (`CurAddr`) when direct. */
  endpoint: string | null;
  exitNode: boolean;
  exitNodeOption: boolean;
  /** Subnet routes this peer serves (PrimaryRoutes). */
  routes: string[];
  tags: string[];
  /** `ip:port:vni` of a Tailscale peer relay when the traffic goes through one (PeerRelay). */
  peerRelay?: string | null;
  /** One word for the peer, see classifyPeer. Set by the parsers; derive with classifyPeer when absent. */
  classification?: PeerClass;
  /** Its node key has expired (`Expired`): it stays offline until it logs in again. */
  keyExpired?: boolean;
  /** When its node key expires or expired (`KeyExpiry`); null with key expiry turned off. */
  keyExpiry?: string | null;
}

/** What a person reads in one word: offline first, then the path the traffic takes. */
export type PeerClass = 'direct' | 'relay' | 'peer-relay' | 'idle' | 'offline';

/** Classifies a peer: offline, peer-relay, direct (CurAddr), relay (DERP region, active), else idle. */
export function classifyPeer(p: Pick<TailscalePeer, 'online' | 'connection' | 'peerRelay'>): PeerClass {
  if (!p.online) return 'offline';
  if (p.peerRelay) return 'peer-relay';
  return p.connection;
}

/** The path in a few words: `direct 203.0.113.5:41641`, `relayed via DERP(hkg)`, `idle (no recent traffic, path unknown)`. */
export function describePeerPath(p: Pick<TailscalePeer, 'online' | 'connection' | 'peerRelay' | 'relay' | 'endpoint'>): string {
  return english(peerPathMsg(p));
}

/** describePeerPath as a catalogue message, for the UI language. */
export function peerPathMsg(p: Pick<TailscalePeer, 'online' | 'connection' | 'peerRelay' | 'relay' | 'endpoint'>): Msg {
  switch (classifyPeer(p)) {
    case 'offline':
      return part('ts.path.offline');
    case 'peer-relay':
      return part('ts.path.peerRelay', { relay: String(p.peerRelay) });
    case 'direct':
      return p.endpoint ? part('ts.path.direct', { endpoint: p.endpoint }) : part('ts.path.directBare');
    case 'relay':
      return part('ts.path.derp', { region: p.relay ?? '?' });
    case 'idle':
      return part('ts.path.idle');
  }
}

export interface TailscaleSelf {
  name: string;
  dnsName: string;
  ip: string | null;
  ips: string[];
  os: string;
  relay: string | null;
}

export interface TailscaleStatus {
  /** `Running`, `Stopped`, `NeedsLogin`, `Starting`, `NoState`, ... */
  backendState: string;
  /** How the status was read. */
  via: 'localapi' | 'cli';
  version: string | null;
  tailnet: string | null;
  magicDnsSuffix: string | null;
  self: TailscaleSelf | null;
  peers: TailscalePeer[];
  health: string[];
  netcheck?: NetcheckReport | null;
  /** Login URL while NeedsLogin. */
  authUrl?: string | null;
  /** Latest ping of each pinned peer (and of peers pinged on demand). */
  pings?: PingResult[];
}

export interface PingResult {
  peer: string;
  ok: boolean;
  /** `direct` with the endpoint, or `relay` with the DERP region. */
  via: 'direct' | 'relay' | null;
  endpoint: string | null;
  relay: string | null;
  latencyMs: number | null;
  /** True when an earlier ping of this run went through DERP and this one is direct. */
  upgradedToDirect: boolean;
  message: string;
  /** `message` as a catalogue message, for the UI language. */
  messageMsg?: Msg;
  /** When the ping finished (ISO). */
  at?: string;
}

export interface NetcheckReport {
  udp: boolean | null;
  ipv4: string | null;
  ipv6: string | null;
  /** True when the NAT maps per destination (hard NAT). */
  mappingVariesByDestIP: boolean | null;
  portMapping: string[];
  preferredDerp: string | null;
  derpLatency: { region: string; latencyMs: number | null }[];
  /** A plain sentence on why peers are probably relayed, or null. */
  explanation: string | null;
  /** `explanation` as a catalogue message, for the UI language. */
  explanationMsg?: Msg | null;
}

/** Whether this laptop is on the home LAN. */
export interface LocationState {
  atHome: boolean | null;
  /** e.g. `um560 answered at 192.168.1.10 with the pinned certificate`. */
  reason: string;
  /** `reason` as a catalogue message, for the UI language. */
  reasonMsg?: Msg;
  checkedAt: string | null;
}

const DEFAULT_ROUTES = new Set(['0.0.0.0/0', '::/0']);

/** Whether `query` names this peer: its name, MagicDNS name (with or without the tailnet) or a Tailscale IP. */
export function peerMatches(p: Pick<TailscalePeer, 'name' | 'dnsName' | 'ips'>, query: string): boolean {
  const q = query.toLowerCase().replace(/\.$/, '');
  return p.name.toLowerCase() === q || p.dnsName.toLowerCase() === q || p.dnsName.toLowerCase().split('.')[0] === q || p.ips.includes(query);
}

/** The LAN routes a peer serves (an exit node's default routes are not a LAN). */
export function subnetRoutes(p: Pick<TailscalePeer, 'routes'>): string[] {
  return p.routes.filter((r) => !DEFAULT_ROUTES.has(r));
}

/** The home subnet router: the configured one, else the first peer that serves a LAN route. */
export function findSubnetRouter(s: Pick<TailscaleStatus, 'peers'>, configured?: string): TailscalePeer | null {
  if (configured) return s.peers.find((p) => peerMatches(p, configured)) ?? null;
  return s.peers.find((p) => subnetRoutes(p).length > 0) ?? null;
}
