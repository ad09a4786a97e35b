import { detailLines, msg, part, raw, type Msg, type Said } from '../../../shared/message';
import type { Check, Status } from '../../../shared/status';
import { classifyPeer, findSubnetRouter, peerMatches, peerPathMsg, subnetRoutes, type PingResult, type TailscalePeer, type TailscaleStatus } from '../../../shared/tailscale';

/** A check's second line, with its message when it has one. */
type Detail = Pick<Check, 'detail' | 'detailMsg'>;

export interface CheckOptions {
  sourceId: string;
  /** tailscale.subnetRouter: the peer that routes into the home LAN. */
  subnetRouter?: string;
  pinned: string[];
}

/** Health findings for one tailscale status: backend state, the subnet router, relayed and pinned peers. */
export function tailscaleChecks(s: TailscaleStatus, opts: CheckOptions, observedAt: string): Check[] {
  const checks: Check[] = [];
  // Why peers are relayed: the netcheck explanation, with its message so it reads in the UI language.
  const why: Detail = s.netcheck?.explanation ? { detail: s.netcheck.explanation, ...(s.netcheck.explanationMsg ? { detailMsg: s.netcheck.explanationMsg } : {}) } : {};
  const add = (id: string, status: Status, said: Said, target?: string, detail: Detail | string = {}): void => {
    checks.push({ id: `${opts.sourceId}:${id}`, source: opts.sourceId, target, status, ...said, ...(typeof detail === 'string' ? { detail } : detail), observedAt });
  };
  const backend = backendCheck(s);
  add('backend', backend.status, backend.said, 'tailscale', backend.detail);
  if (s.backendState !== 'Running') return checks;
  if (s.health.length) add('health', 'warn', s.health.length === 1 ? msg('ts.health1', { first: s.health[0] }) : msg('ts.healthN', { n: s.health.length, first: s.health[0] }), 'tailscale', s.health.join('\n'));

  const router = findSubnetRouter(s, opts.subnetRouter);
  if (opts.subnetRouter && !router) {
    add(`subnet-router:${opts.subnetRouter}`, 'crit', msg('ts.routerMissing', { router: opts.subnetRouter }), `peer:${opts.subnetRouter}`);
  } else if (router) {
    const routes = subnetRoutes(router);
    const id = `subnet-router:${router.name}`;
    const target = `peer:${router.name}`;
    const cls = classifyPeer(router);
    if (router.keyExpired) add(id, 'crit', msg('ts.routerKeyExpired', { router: router.name, when: expiredWhen(router) }), target);
    else if (cls === 'offline') add(id, 'crit', msg('ts.routerOffline', { router: router.name }), target);
    else if (!routes.length) add(id, 'warn', msg('ts.routerNoRoutes', { router: router.name }), target);
    else if (cls === 'relay' || cls === 'peer-relay') add(id, 'warn', msg('ts.routerRelayed', { router: router.name, routes, path: peerPathMsg(router) }), target, why);
    else add(id, 'ok', msg('ts.routerOk', { router: router.name, routes, path: peerPathMsg(router) }), target);
  }

  for (const p of s.peers) {
    if (p === router) continue;
    const cls = classifyPeer(p);
    if (cls === 'relay' || cls === 'peer-relay') add(`peer:${p.name}:path`, 'warn', msg('ts.peerRelayed', { peer: p.name, path: peerPathMsg(p) }), `peer:${p.name}`, why);
  }

  for (const name of opts.pinned) {
    const p = s.peers.find((x) => peerMatches(x, name));
    const id = `pinned:${name}`;
    if (!p) {
      add(id, 'warn', msg('ts.pinnedMissing', { peer: name }), `peer:${name}`);
      continue;
    }
    const ping = s.pings?.find((r) => r.peer === name || r.peer === p.name);
    if (p.keyExpired) add(id, 'warn', msg('ts.pinnedKeyExpired', { peer: p.name, when: expiredWhen(p) }), `peer:${p.name}`);
    else if (classifyPeer(p) === 'offline') add(id, 'warn', msg('ts.pinnedOffline', { peer: p.name, lastSeen: p.lastSeen ? part('ts.lastSeen', { at: p.lastSeen }) : '' }), `peer:${p.name}`);
    else if (ping && !ping.ok) add(id, 'warn', msg('ts.pinnedNoAnswer', { peer: p.name, result: pingMsg(ping) }), `peer:${p.name}`);
    else if (ping) add(id, 'ok', msg('ts.pinnedOk', { peer: p.name, result: pingMsg(ping) }), `peer:${p.name}`);
  }
  return checks;
}

/** " on <time>" when the key's expiry time is known. */
export function expiredWhen(p: Pick<TailscalePeer, 'keyExpiry'>): Msg | string {
  return p.keyExpiry ? part('ts.keyExpiredAt', { at: p.keyExpiry }) : '';
}

/** A ping result's message, structured when the reader made one. */
function pingMsg(r: PingResult): Said['msg'] {
  return r.messageMsg ?? raw(r.message);
}

function backendCheck(s: TailscaleStatus): { status: Status; said: Said; detail?: Detail } {
  const who = s.self ? (s.tailnet ? part('ts.asOn', { name: s.self.name, tailnet: s.tailnet }) : part('ts.as', { name: s.self.name })) : '';
  switch (s.backendState) {
    case 'Running':
      return { status: 'ok', said: msg('ts.running', { who, online: s.peers.filter((p) => p.online).length, total: s.peers.length }) };
    case 'NeedsLogin':
      return { status: 'crit', said: msg('ts.needsLogin'), detail: s.authUrl ? detailLines(part('ts.detail.loginAt', { url: s.authUrl })) : undefined };
    case 'NeedsMachineAuth':
      return { status: 'crit', said: msg('ts.needsMachineAuth') };
    case 'Stopped':
      return { status: 'warn', said: msg('ts.stopped') };
    case 'Starting':
      return { status: 'unknown', said: msg('ts.starting') };
    default:
      return { status: 'unknown', said: msg('ts.state', { state: s.backendState || 'unknown' }) };
  }
}
