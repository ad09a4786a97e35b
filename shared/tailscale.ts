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
}

/** Whether this laptop is on the home LAN. */
export interface LocationState {
  atHome: boolean | null;
  /** e.g. `um560 answered at 192.168.1.10 with the pinned certificate`. */
  reason: string;
  checkedAt: string | null;
}
