import { LabError } from '../../../shared/api';
import { classifyPeer, type PeerConnection, type TailscalePeer, type TailscaleSelf, type TailscaleStatus } from '../../../shared/tailscale';
import { isObj, num, optBool, str, strings, time, type Obj } from './fields';

/** tailscale before 1.14 had no `Active`: the CLI called a peer active when it wrote within two minutes. */
const LEGACY_ACTIVE_MS = 2 * 60_000;

/** Parses `tailscale status --json` or LocalAPI `/localapi/v0/status` (any release since 1.0) into a TailscaleStatus. */
export function parseStatusJson(raw: unknown, via: TailscaleStatus['via'], nowMs: number): TailscaleStatus {
  // The oldest clients leave BackendState empty or out; a status still has its Self or Peer map.
  if (!isObj(raw) || (typeof raw.BackendState !== 'string' && !isObj(raw.Self) && !isObj(raw.Peer))) {
    throw new LabError('tailscale-format', 'tailscale status is not the expected JSON (no BackendState, Self or Peer): is this really `tailscale status --json`?');
  }
  const suffix = trimDot(str(raw, 'MagicDNSSuffix'));
  const tailnet = isObj(raw.CurrentTailnet) ? str(raw.CurrentTailnet, 'Name') || null : null;
  const peers: TailscalePeer[] = [];
  if (isObj(raw.Peer)) {
    for (const [key, p] of Object.entries(raw.Peer)) {
      if (!isObj(p) || p.ShareeNode === true) continue;
      peers.push(parsePeer(p, key, suffix, nowMs));
    }
  }
  peers.sort((a, b) => a.name.localeCompare(b.name));
  const selfRaw = isObj(raw.Self) ? raw.Self : null;
  const self: TailscaleSelf | null = selfRaw && hasIdentity(selfRaw) ? parseSelf(selfRaw, suffix, strings(raw, 'TailscaleIPs')) : null;
  return {
    // No state but an identity with addresses: a client too old to say, and connected (it has a netmap to show).
    backendState: str(raw, 'BackendState') || (self?.ips.length ? 'Running' : ''),
    via,
    version: str(raw, 'Version') || null,
    tailnet,
    magicDnsSuffix: suffix || null,
    self,
    peers,
    health: strings(raw, 'Health'),
    authUrl: str(raw, 'AuthURL') || null,
  };
}

function hasIdentity(p: Obj): boolean {
  return Boolean(str(p, 'HostName') || str(p, 'DNSName') || ips(p, []).length);
}

function trimDot(s: string): string {
  return s.endsWith('.') ? s.slice(0, -1) : s;
}

/** The name `tailscale status` prints: the MagicDNS name without the tailnet suffix, else the host name. */
function displayName(p: Obj, suffix: string): string {
  const dns = trimDot(str(p, 'DNSName'));
  if (dns) {
    if (suffix && dns.toLowerCase().endsWith('.' + suffix.toLowerCase())) return dns.slice(0, -(suffix.length + 1));
    if (!suffix) return dns.split('.')[0];
    return dns;
  }
  return str(p, 'HostName') || '(unnamed)';
}

function ips(p: Obj, fallback: string[]): string[] {
  const list = strings(p, 'TailscaleIPs');
  if (list.length) return list;
  const legacy = str(p, 'TailAddr');
  return legacy ? [legacy] : fallback;
}

function firstV4(list: string[]): string | null {
  return list.find((a) => !a.includes(':')) ?? list[0] ?? null;
}

function parseSelf(p: Obj, suffix: string, statusIps: string[]): TailscaleSelf {
  const list = ips(p, statusIps);
  return {
    name: displayName(p, suffix),
    dnsName: trimDot(str(p, 'DNSName')),
    ip: firstV4(list),
    ips: list,
    os: str(p, 'OS'),
    relay: str(p, 'Relay') || null,
  };
}

function isActive(p: Obj, nowMs: number): boolean {
  const active = optBool(p, 'Active');
  if (active !== undefined) return active;
  const lastWrite = time(p, 'LastWrite');
  return lastWrite !== null && nowMs - Date.parse(lastWrite) < LEGACY_ACTIVE_MS;
}

function parsePeer(p: Obj, key: string, suffix: string, nowMs: number): TailscalePeer {
  const list = ips(p, []);
  const curAddr = str(p, 'CurAddr');
  const peerRelay = str(p, 'PeerRelay');
  const relay = str(p, 'Relay');
  const active = isActive(p, nowMs);
  let connection: PeerConnection = 'idle';
  if (peerRelay) connection = 'relay';
  else if (curAddr) connection = 'direct';
  else if (active && relay) connection = 'relay';
  // Releases before 1.18 had no Online field: a peer in the netmap was shown as reachable.
  const online = optBool(p, 'Online') ?? true;
  const peer: TailscalePeer = {
    id: str(p, 'ID') || str(p, 'PublicKey') || key,
    name: displayName(p, suffix),
    dnsName: trimDot(str(p, 'DNSName')),
    ip: firstV4(list),
    ips: list,
    os: str(p, 'OS'),
    online,
    lastSeen: time(p, 'LastSeen'),
    lastHandshake: time(p, 'LastHandshake'),
    rxBytes: num(p, 'RxBytes'),
    txBytes: num(p, 'TxBytes'),
    connection,
    relay: relay || null,
    endpoint: curAddr || null,
    exitNode: p.ExitNode === true,
    exitNodeOption: p.ExitNodeOption === true,
    routes: strings(p, 'PrimaryRoutes'),
    tags: strings(p, 'Tags'),
    peerRelay: peerRelay || null,
    keyExpired: p.Expired === true,
    keyExpiry: time(p, 'KeyExpiry'),
  };
  peer.classification = classifyPeer(peer);
  return peer;
}
