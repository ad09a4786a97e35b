import type { Check, Status } from '../../../shared/status';
import { classifyPeer, describePeerPath, type TailscalePeer, type TailscaleStatus } from '../../../shared/tailscale';

export interface CheckOptions {
  sourceId: string;
  /** tailscale.subnetRouter: the peer that routes into the home LAN. */
  subnetRouter?: string;
  pinned: string[];
}

const DEFAULT_ROUTES = new Set(['0.0.0.0/0', '::/0']);

/** Whether `query` names this peer: its name, MagicDNS name (with or without the tailnet) or a Tailscale IP. */
export function peerMatches(p: Pick<TailscalePeer, 'name' | 'dnsName' | 'ips'>, query: string): boolean {
  const q = query.toLowerCase().replace(/\.$/, '');
  return p.name.toLowerCase() === q || p.dnsName.toLowerCase() === q || p.dnsName.toLowerCase().split('.')[0] === q || p.ips.includes(query);
}

export function subnetRoutes(p: TailscalePeer): string[] {
  return p.routes.filter((r) => !DEFAULT_ROUTES.has(r));
}

/** The home subnet router: the configured one, else the first peer that serves a LAN route. */
export function findSubnetRouter(s: TailscaleStatus, configured?: string): TailscalePeer | null {
  if (configured) return s.peers.find((p) => peerMatches(p, configured)) ?? null;
  return s.peers.find((p) => subnetRoutes(p).length > 0) ?? null;
}

/** Health findings for one tailscale status: backend state, the subnet router, relayed and pinned peers. */
export function tailscaleChecks(s: TailscaleStatus, opts: CheckOptions, observedAt: string): Check[] {
  const checks: Check[] = [];
  const add = (id: string, status: Status, summary: string, target?: string, detail?: string): void => {
    checks.push({ id: `${opts.sourceId}:${id}`, source: opts.sourceId, target, status, summary, detail, observedAt });
  };
  const backend = backendCheck(s);
  add('backend', backend.status, backend.summary, 'tailscale', backend.detail);
  if (s.backendState !== 'Running') return checks;
  if (s.health.length) add('health', 'warn', `tailscaled reports ${s.health.length === 1 ? 'a problem' : `${s.health.length} problems`}: ${s.health[0]}`, 'tailscale', s.health.join('\n'));

  const why = s.netcheck?.explanation ?? undefined;
  const router = findSubnetRouter(s, opts.subnetRouter);
  if (opts.subnetRouter && !router) {
    add(`subnet-router:${opts.subnetRouter}`, 'crit', `subnet router ${opts.subnetRouter} is not in the tailnet: the home LAN cannot be reached from away`, `peer:${opts.subnetRouter}`);
  } else if (router) {
    const routes = subnetRoutes(router);
    const id = `subnet-router:${router.name}`;
    const target = `peer:${router.name}`;
    const cls = classifyPeer(router);
    if (cls === 'offline') add(id, 'crit', `subnet router ${router.name} is offline: the home LAN is unreachable from away`, target);
    else if (!routes.length) add(id, 'warn', `subnet router ${router.name} is online but serves no routes: approve its subnet routes in the admin console`, target);
    else if (cls === 'relay' || cls === 'peer-relay') add(id, 'warn', `subnet router ${router.name} (${routes.join(', ')}) is ${describePeerPath(router)}: slower than direct`, target, why);
    else add(id, 'ok', `subnet router ${router.name} serves ${routes.join(', ')}, ${describePeerPath(router)}`, target);
  }

  for (const p of s.peers) {
    if (p === router) continue;
    const cls = classifyPeer(p);
    if (cls === 'relay' || cls === 'peer-relay') add(`peer:${p.name}:path`, 'warn', `${p.name} is ${describePeerPath(p)}, not direct`, `peer:${p.name}`, why);
  }

  for (const name of opts.pinned) {
    const p = s.peers.find((x) => peerMatches(x, name));
    const id = `pinned:${name}`;
    if (!p) {
      add(id, 'warn', `pinned peer ${name} is not in the tailnet`, `peer:${name}`);
      continue;
    }
    const ping = s.pings?.find((r) => r.peer === name || r.peer === p.name);
    if (classifyPeer(p) === 'offline') add(id, 'warn', `pinned peer ${p.name} is offline${p.lastSeen ? ` (last seen ${p.lastSeen})` : ''}`, `peer:${p.name}`);
    else if (ping && !ping.ok) add(id, 'warn', `pinned peer ${p.name} does not answer tailscale ping: ${ping.message}`, `peer:${p.name}`);
    else if (ping) add(id, 'ok', `pinned peer ${p.name}: ${ping.message}`, `peer:${p.name}`);
  }
  return checks;
}

function backendCheck(s: TailscaleStatus): { status: Status; summary: string; detail?: string } {
  const who = s.self ? ` as ${s.self.name}${s.tailnet ? ` on ${s.tailnet}` : ''}` : '';
  switch (s.backendState) {
    case 'Running':
      return { status: 'ok', summary: `Tailscale is running${who} (${s.peers.filter((p) => p.online).length} of ${s.peers.length} peers online)` };
    case 'NeedsLogin':
      return { status: 'crit', summary: 'Tailscale is logged out: log in again (tailscale up, or the Tailscale app)', detail: s.authUrl ? `Log in at: ${s.authUrl}` : undefined };
    case 'NeedsMachineAuth':
      return { status: 'crit', summary: 'this device waits for approval by the tailnet admin (Machines page of the admin console)' };
    case 'Stopped':
      return { status: 'warn', summary: 'Tailscale is stopped: turn it on to reach the lab from away (tailscale up)' };
    case 'Starting':
      return { status: 'unknown', summary: 'Tailscale is starting' };
    default:
      return { status: 'unknown', summary: `Tailscale is in state ${s.backendState || 'unknown'}` };
  }
}
