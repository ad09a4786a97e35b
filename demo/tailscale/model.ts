/**
 * A small model of tailscaled: backend state, this device, peers and how each
 * is reached. The fake LocalAPI and the fake CLI render it in tailscaled's own
 * shapes (ipnstate.Status, ipnstate.PingResult, ipn.Notify, the CLI's text).
 */

export type BackendState = 'NoState' | 'NeedsLogin' | 'NeedsMachineAuth' | 'Stopped' | 'Starting' | 'Running';

/** ipn.State as the IPN bus sends it. */
export const STATE_NUMBER: Record<BackendState, number> = { NoState: 0, NeedsLogin: 2, NeedsMachineAuth: 3, Stopped: 4, Starting: 5, Running: 6 };

export interface SimPeer {
  hostName: string;
  os: string;
  ips: string[];
  online: boolean;
  /** Traffic flowed recently (tailscaled's Active). */
  active: boolean;
  /** How the link goes while active: a direct UDP path, the DERP relay, or a Tailscale peer relay. */
  link: 'direct' | 'derp' | 'peer-relay';
  /** The peer relay's `ip:port:vni` while the link goes through one (tailscaled's PeerRelay). */
  peerRelay: string;
  /** The peer's home DERP region. */
  derp: string;
  /** Public endpoint used once direct. */
  endpoint: string;
  /** Disco pings after which a DERP link turns direct; null: never (hard NAT on both sides). */
  directAfter: number | null;
  /** Pings answered so far via DERP. */
  derpPongs: number;
  latencyMs: { direct: number; derp: number };
  routes: string[];
  tags: string[];
  exitNodeOption: boolean;
  rxBytes: number;
  txBytes: number;
  lastSeen: string | null;
}

export interface SimNetcheck {
  udp: boolean;
  ipv4: string | null;
  mappingVariesByDestIP: boolean | null;
  portMapping: string;
  /** Region code, name and latency (null: no answer), nearest first. */
  regions: [string, string, number | null][];
}

export interface TailnetState {
  daemonUp: boolean;
  backendState: BackendState;
  version: string;
  tailnet: string;
  suffix: string;
  authUrl: string;
  health: string[];
  self: { hostName: string; os: string; ips: string[]; derp: string };
  peers: SimPeer[];
  netcheck: SimNetcheck;
}

const ZERO = '0001-01-01T00:00:00Z';

function hex(seed: string, len: number): string {
  let h = 2166136261;
  let out = '';
  while (out.length < len) {
    for (const c of seed + out.length) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
    out += h.toString(16).padStart(8, '0');
  }
  return out.slice(0, len);
}

export function nodeKey(hostName: string): string {
  return `nodekey:${hex(hostName, 64)}`;
}

function stableId(hostName: string): string {
  return `n${hex(hostName, 9).replace(/[0-9]/g, (d) => 'ABCDEFGHIJ'[Number(d)])}11CNTRL`;
}

function dnsLabel(hostName: string): string {
  return hostName.toLowerCase().replace(/[^a-z0-9-]/g, '-');
}

export function peer(hostName: string, os: string, ip4: string, over: Partial<SimPeer> = {}): SimPeer {
  const n = Number(ip4.split('.').pop());
  return {
    hostName,
    os,
    ips: [ip4, `fd7a:115c:a1e0::${n.toString(16)}01`],
    online: true,
    active: true,
    link: 'direct',
    peerRelay: '',
    derp: 'hkg',
    endpoint: `203.0.113.${n % 250}:41641`,
    directAfter: 2,
    derpPongs: 0,
    latencyMs: { direct: 8, derp: 61 },
    routes: [],
    tags: [],
    exitNodeOption: false,
    rxBytes: 0,
    txBytes: 0,
    lastSeen: null,
    ...over,
  };
}

/** The model and its behaviour; plain data inside so it can be saved for the fake CLI. */
export class TailnetModel {
  constructor(public state: TailnetState) {}

  static fromJSON(text: string): TailnetModel {
    return new TailnetModel(JSON.parse(text) as TailnetState);
  }

  toJSON(): TailnetState {
    return this.state;
  }

  findPeer(query: string): SimPeer | undefined {
    const q = query.toLowerCase().replace(/\.$/, '');
    return this.state.peers.find((p) => p.ips.includes(query) || dnsLabel(p.hostName) === q || `${dnsLabel(p.hostName)}.${this.state.suffix}` === q);
  }

  isSelf(query: string): boolean {
    const q = query.toLowerCase();
    return this.state.self.ips.includes(query) || dnsLabel(this.state.self.hostName) === q;
  }

  /** ipnstate.Status, shaped as tailscaled 1.76 writes it. */
  status(nowMs: number): Record<string, unknown> {
    const s = this.state;
    const running = s.backendState === 'Running';
    const selfNode = this.peerStatus({ ...peer(s.self.hostName, s.self.os, s.self.ips[0]), ips: s.self.ips, derp: s.self.derp, active: false }, nowMs, true);
    return {
      Version: s.version,
      TUN: true,
      BackendState: s.backendState,
      HaveNodeKey: s.backendState !== 'NeedsLogin',
      AuthURL: s.backendState === 'NeedsLogin' ? s.authUrl : '',
      TailscaleIPs: running || s.backendState === 'Stopped' ? s.self.ips : null,
      Self: s.backendState === 'NeedsLogin' ? { ...selfNode, TailscaleIPs: null, DNSName: '', Online: false } : selfNode,
      Health: s.health,
      MagicDNSSuffix: s.suffix,
      CurrentTailnet: s.backendState === 'NeedsLogin' ? null : { Name: s.tailnet, MagicDNSSuffix: s.suffix, MagicDNSEnabled: true },
      CertDomains: null,
      Peer: running ? Object.fromEntries(s.peers.map((p) => [nodeKey(p.hostName), this.peerStatus(p, nowMs, false)])) : null,
      User: null,
      ClientVersion: null,
    };
  }

  private peerStatus(p: SimPeer, nowMs: number, self: boolean): Record<string, unknown> {
    const active = !self && p.online && p.active;
    const direct = active && p.link === 'direct';
    const recent = new Date(nowMs - 4_000).toISOString();
    const out: Record<string, unknown> = {
      ID: stableId(p.hostName),
      PublicKey: nodeKey(p.hostName),
      HostName: p.hostName,
      DNSName: `${dnsLabel(p.hostName)}.${this.state.suffix}.`,
      OS: p.os,
      UserID: 1234567890123456,
      TailscaleIPs: p.ips,
      AllowedIPs: [...p.ips.map((ip) => (ip.includes(':') ? `${ip}/128` : `${ip}/32`)), ...p.routes],
    };
    if (p.tags.length) out.Tags = p.tags;
    if (p.routes.length) out.PrimaryRoutes = p.routes;
    Object.assign(out, {
      Addrs: self ? [`${p.endpoint}`] : p.online ? [p.endpoint, `192.168.50.${Number(p.ips[0].split('.').pop()) % 200}:41641`] : null,
      CurAddr: direct ? p.endpoint : '',
      Relay: p.derp,
      PeerRelay: active && p.link === 'peer-relay' ? p.peerRelay : '',
      RxBytes: p.rxBytes,
      TxBytes: p.txBytes,
      Created: '2024-10-31T13:46:05.921571876Z',
      LastWrite: active ? recent : ZERO,
      LastSeen: p.online ? ZERO : (p.lastSeen ?? ZERO),
      LastHandshake: active ? recent : ZERO,
      Online: self ? true : p.online,
      ExitNode: false,
      ExitNodeOption: p.exitNodeOption,
      Active: active,
      PeerAPIURL: [`http://${p.ips[0]}:${40000 + (p.hostName.length * 977) % 20000}`],
      InNetworkMap: true,
      InMagicSock: !self,
      InEngine: active,
      KeyExpiry: '2027-04-29T14:56:43Z',
    });
    return out;
  }

  /**
   * One disco ping, as LocalAPI /ping answers it (ipnstate.PingResult), or
   * 'timeout' when the peer never answers. A DERP link turns direct after
   * `directAfter` pongs; an idle peer becomes active.
   */
  ping(target: string): Record<string, unknown> | 'timeout' {
    if (this.isSelf(target)) return { IP: target, Err: `${target} is local Tailscale IP`, IsLocalIP: true };
    const p = this.findPeer(target);
    if (!p) return { IP: target, Err: 'no matching peer', LatencySeconds: 0 };
    if (!p.online) return 'timeout';
    const base = { IP: p.ips[0], NodeIP: p.ips[0], NodeName: dnsLabel(p.hostName) };
    // A peer idle on a direct link still takes the first pong over DERP while disco finds the path.
    const wasIdle = !p.active;
    p.active = true;
    p.rxBytes += 148;
    p.txBytes += 148;
    if (p.link === 'direct' && !wasIdle) return { ...base, LatencySeconds: p.latencyMs.direct / 1000, Endpoint: p.endpoint, DERPRegionID: 0, DERPRegionCode: '' };
    // Through a peer relay the pong names the relay, not an endpoint or a DERP region.
    if (p.link === 'peer-relay' && !wasIdle) return { ...base, LatencySeconds: (p.latencyMs.direct + p.latencyMs.derp) / 2000, Endpoint: '', DERPRegionID: 0, DERPRegionCode: '', PeerRelay: p.peerRelay };
    p.derpPongs += 1;
    const pong = { ...base, LatencySeconds: p.latencyMs.derp / 1000, Endpoint: '', DERPRegionID: regionId(p.derp), DERPRegionCode: p.derp };
    if (wasIdle && p.link !== 'derp') return pong;
    if (p.directAfter !== null && p.derpPongs >= p.directAfter) p.link = 'direct';
    return pong;
  }

  /** `tailscale netcheck` text, as the CLI of 1.76 prints it. */
  netcheckText(nowMs: number): string {
    const n = this.state.netcheck;
    const lines = ['', 'Report:', `\t* Time: ${new Date(nowMs).toISOString()}`, `\t* UDP: ${n.udp}`];
    lines.push(n.ipv4 ? `\t* IPv4: yes, ${n.ipv4}` : '\t* IPv4: (no addr found)');
    lines.push('\t* IPv6: no, but OS has support');
    lines.push(`\t* MappingVariesByDestIP: ${n.mappingVariesByDestIP ?? ''}`);
    lines.push(`\t* PortMapping: ${n.portMapping}`);
    lines.push('\t* CaptivePortal: false');
    const answered = n.regions.filter((r) => r[2] !== null);
    if (!answered.length) lines.push('\t* Nearest DERP: unknown (no response to latency probes)');
    else {
      lines.push(`\t* Nearest DERP: ${answered[0][1]}`);
      lines.push('\t* DERP latency:');
      for (const [code, name, ms] of n.regions) lines.push(`\t\t- ${code}: ${(ms === null ? '' : `${ms}ms`).padEnd(7)} (${name})`);
    }
    return lines.join('\n') + '\n';
  }

  /** A DERP map with the regions netcheck knows (LocalAPI /localapi/v0/derpmap). */
  derpMap(): Record<string, unknown> {
    return { Regions: Object.fromEntries(this.state.netcheck.regions.map(([code, name]) => [regionId(code), { RegionID: regionId(code), RegionCode: code, RegionName: name, Nodes: [] }])) };
  }
}

const REGION_IDS: Record<string, number> = { nyc: 1, sfo: 2, sin: 3, fra: 4, syd: 5, blr: 6, tok: 7, lhr: 8, sao: 9, sea: 10, dfw: 11, hkg: 12 };

export function regionId(code: string): number {
  return REGION_IDS[code] ?? 900 + (code.charCodeAt(0) % 50);
}

/**
 * The demo lab's tailnet, seen from the owner's Windows gaming laptop while
 * away: the subnet router and nodes direct, the phone relayed through DERP(hkg)
 * on a mobile network, s500plus idle, the pad offline.
 */
export function demoTailnet(): TailnetState {
  return {
    daemonUp: true,
    backendState: 'Running',
    version: '1.76.1-t8a4b2c3d4-g1e2f3a4b5',
    tailnet: 'owner@example.com',
    suffix: 'tail4c3b2a.ts.net',
    authUrl: 'https://login.tailscale.com/a/1a2b3c4d5e6f',
    health: [],
    self: { hostName: 'R9000P', os: 'windows', ips: ['100.101.7.12', 'fd7a:115c:a1e0::c01'], derp: 'hkg' },
    peers: [
      peer('tailscale-gateway', 'linux', '100.88.10.1', { routes: ['192.168.50.0/24'], tags: ['tag:subnet-router'], latencyMs: { direct: 9, derp: 58 }, rxBytes: 48_213_440, txBytes: 3_918_112 }),
      peer('um560', 'linux', '100.88.10.60', { tags: ['tag:pve'], rxBytes: 1_284_002, txBytes: 220_410 }),
      peer('s500plus', 'linux', '100.88.10.50', { tags: ['tag:pve'], active: false, link: 'derp', directAfter: 2 }),
      peer('gtr5', 'linux', '100.88.10.55', { tags: ['tag:pve'], rxBytes: 802_117, txBytes: 190_233 }),
      peer('orangepi5', 'linux', '100.88.10.75', { tags: ['tag:k3s'], rxBytes: 90_412, txBytes: 40_118 }),
      peer('realme-x2-pro', 'android', '100.92.3.14', { link: 'derp', derp: 'hkg', directAfter: null, latencyMs: { direct: 40, derp: 71 }, rxBytes: 612_004, txBytes: 95_520 }),
      // Left in a drawer a week ago: always that long before now, whenever the demo runs.
      peer('xiaomi-pad-5-pro', 'android', '100.92.3.21', { online: false, active: false, lastSeen: new Date(Date.now() - (7 * 24 + 3) * 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z') }),
      peer('MacBook-Air', 'macOS', '100.92.3.30', { derp: 'tok', latencyMs: { direct: 12, derp: 80 }, rxBytes: 2_330_118, txBytes: 1_004_228 }),
    ],
    netcheck: {
      udp: true,
      ipv4: '198.51.100.23:61409',
      mappingVariesByDestIP: true,
      portMapping: '',
      regions: [
        ['hkg', 'Hong Kong', 38.2],
        ['tok', 'Tokyo', 71.5],
        ['sin', 'Singapore', 77.9],
        ['sea', 'Seattle', 161.4],
        ['fra', 'Frankfurt', 212.8],
        ['nyc', 'New York City', null],
      ],
    },
  };
}
