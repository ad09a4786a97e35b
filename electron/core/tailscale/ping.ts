import { english, part, raw, type Msg } from '../../../shared/message';
import type { PingResult } from '../../../shared/tailscale';
import { isObj, num, str } from './fields';

/** One answer to a disco ping. */
export interface Pong {
  node: string;
  nodeIp: string;
  via: 'direct' | 'relay';
  /** `ip:port` when direct; the peer relay address when through a peer relay. */
  endpoint: string | null;
  /** DERP region code when through DERP. */
  relay: string | null;
  latencyMs: number;
}

const PONG = /^pong from (\S+) \(([^,)]+)(?:, \d+)?\) via (.+) in (\S+)$/;
const UNIT_MS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 0.001, 'µs': 0.001, 'μs': 0.001, ns: 0.000001 };

/** Go's time.Duration text (`65ms`, `1.204s`, `1m2.5s`) in milliseconds, or null. */
export function parseGoDuration(s: string): number | null {
  if (s === '0s' || s === '0') return 0;
  const re = /(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|μs|ns)/gy;
  let total = 0;
  let end = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    total += Number(m[1]) * UNIT_MS[m[2]];
    end = re.lastIndex;
  }
  return end === s.length && end > 0 ? Math.round(total * 10) / 10 : null;
}

/** `DERP(fra)`, `peer-relay(ip:port:vni:7)` or a direct `ip:port`. */
function parseVia(via: string): Pick<Pong, 'via' | 'endpoint' | 'relay'> | null {
  const derp = /^DERP\((.*)\)$/.exec(via);
  if (derp) return { via: 'relay', relay: derp[1], endpoint: null };
  const pr = /^peer-relay\((.*)\)$/.exec(via);
  if (pr) return { via: 'relay', relay: null, endpoint: pr[1] };
  if (/^(\[[0-9a-fA-F:.%\w]+\]|[\w.-]+):\d+$/.test(via)) return { via: 'direct', relay: null, endpoint: via };
  return null;
}

/** Parses the output of `tailscale ping` (stdout and stderr together) for `peer`. */
export function parsePingOutput(peer: string, output: string): PingResult {
  const pongs: Pong[] = [];
  const notes: string[] = [];
  for (const raw of output.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) continue;
    const m = PONG.exec(line);
    const via = m ? parseVia(m[3]) : null;
    const latency = m ? parseGoDuration(m[4]) : null;
    if (m && via && latency !== null) pongs.push({ node: m[1], nodeIp: m[2], latencyMs: latency, ...via });
    else if (!/^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d /.test(line)) notes.push(line);
  }
  return summarizePongs(peer, pongs, notes);
}

/** Reads one LocalAPI `/localapi/v0/ping` answer (ipnstate.PingResult). Throws with tailscaled's own error. */
export function pongFromLocalApi(raw: unknown): Pong {
  if (!isObj(raw)) throw new Error('tailscaled answered the ping with something that is not JSON');
  const err = str(raw, 'Err');
  if (err) throw new Error(err);
  const latencyMs = Math.round(num(raw, 'LatencySeconds') * 10_000) / 10;
  const base = { node: str(raw, 'NodeName'), nodeIp: str(raw, 'NodeIP'), latencyMs };
  if (str(raw, 'PeerRelay')) return { ...base, via: 'relay', relay: null, endpoint: str(raw, 'PeerRelay') };
  if (num(raw, 'DERPRegionID') !== 0 || str(raw, 'DERPRegionCode')) return { ...base, via: 'relay', relay: str(raw, 'DERPRegionCode') || null, endpoint: null };
  if (str(raw, 'Endpoint')) return { ...base, via: 'direct', relay: null, endpoint: str(raw, 'Endpoint') };
  throw new Error('tailscaled answered the ping without saying which path it took');
}

/** One PingResult for a run: the last pong decides; an earlier DERP pong followed by a direct one is an upgrade. */
export function summarizePongs(peer: string, pongs: Pong[], notes: string[]): PingResult {
  const last = pongs[pongs.length - 1];
  const note = notes.filter((n) => !/timed out$/.test(n)).join('; ');
  if (!last) {
    const timeouts = notes.filter((n) => /timed out$/.test(n)).length;
    const reason = note ? raw(note) : timeouts > 1 ? part('ts.ping.noReplyN', { n: timeouts }) : timeouts ? part('ts.ping.noReply1') : part('ts.ping.noReply');
    return { peer, ok: false, via: null, endpoint: null, relay: null, latencyMs: null, upgradedToDirect: false, message: english(reason), messageMsg: reason };
  }
  const upgraded = last.via === 'direct' && pongs.some((p) => p.via === 'relay');
  const path = last.via === 'direct' ? part('ts.ping.direct', { endpoint: String(last.endpoint) }) : last.relay ? part('ts.ping.derp', { region: last.relay }) : part('ts.ping.peerRelay', { endpoint: String(last.endpoint) });
  const before = upgraded ? pongs.find((p) => p.via === 'relay') : undefined;
  const upgrade = !upgraded ? '' : before?.relay ? part('ts.ping.upgradedFromDerp', { region: before.relay }) : part('ts.ping.upgraded');
  const m: Msg = part('ts.ping.pong', { node: last.node || peer, path, ms: last.latencyMs, upgrade, note: note ? part('ts.ping.note', { note }) : '' });
  return { peer, ok: true, via: last.via, endpoint: last.endpoint, relay: last.relay, latencyMs: last.latencyMs, upgradedToDirect: upgraded, message: english(m), messageMsg: m };
}
