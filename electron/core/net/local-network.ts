import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';
import { win32 } from 'node:path';
import { ipv4Number } from './addresses';

/** The interfaces as node:os reports them. */
export type Interfaces = NodeJS.Dict<NetworkInterfaceInfo[]>;

/** Runs a program and gives its standard output; must honour the signal (the lookup is bounded by it). */
export type RunProgram = (file: string, args: readonly string[], signal: AbortSignal) => Promise<string>;

export interface GatewayDeps {
  platform: NodeJS.Platform;
  run: RunProgram;
  readText: (path: string) => Promise<string>;
  env: NodeJS.ProcessEnv;
}

/** IPv4 and IPv6 addresses of the external interfaces (loopback left out). */
export function interfaceAddresses(ifaces: Interfaces): { addresses: { iface: string; ip4: string; mask: string }[]; addresses6: { iface: string; ip6: string; prefix: number }[] } {
  const addresses: { iface: string; ip4: string; mask: string }[] = [];
  const addresses6: { iface: string; ip6: string; prefix: number }[] = [];
  for (const [iface, list] of Object.entries(ifaces)) {
    for (const a of list ?? []) {
      if (a.internal) continue;
      if (a.family === 'IPv4') addresses.push({ iface, ip4: a.address, mask: a.netmask });
      else {
        const prefix = Number(a.cidr?.split('/')[1]);
        if (Number.isInteger(prefix)) addresses6.push({ iface, ip6: a.address, prefix });
      }
    }
  }
  return { addresses, addresses6 };
}

const hexIpv4 = (le: string): string | null => {
  if (!/^[0-9A-Fa-f]{8}$/.test(le)) return null;
  const n = parseInt(le, 16);
  return [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, n >>> 24].join('.');
};

/** Linux `/proc/net/route`: the default route (destination and mask 0) with the lowest metric. */
export function parseProcNetRoute(text: string): string | null {
  let best: { gw: string; metric: number } | null = null;
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 8 || f[1] !== '00000000' || f[7] !== '00000000') continue;
    const flags = parseInt(f[3], 16);
    // RTF_UP and RTF_GATEWAY.
    if ((flags & 3) !== 3) continue;
    const gw = hexIpv4(f[2]);
    const metric = Number(f[6]);
    if (gw && (!best || metric < best.metric)) best = { gw, metric };
  }
  return best?.gw ?? null;
}

/** macOS `route -n get default`: its `gateway:` line. */
export function parseRouteGet(text: string): string | null {
  const m = /^\s*gateway:\s*(\S+)\s*$/m.exec(text);
  return m && ipv4Number(m[1]) !== null ? m[1] : null;
}

/** Windows `route print -4 0.0.0.0`: the 0.0.0.0/0 row with the lowest metric (the headers are translated, the rows are not). */
export function parseRoutePrint(text: string): string | null {
  let best: { gw: string; metric: number } | null = null;
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*0\.0\.0\.0\s+0\.0\.0\.0\s+(\S+)\s+(\S+)\s+(\d+)\s*$/.exec(line);
    if (!m || ipv4Number(m[1]) === null) continue;
    const metric = Number(m[3]);
    if (!best || metric < best.metric) best = { gw: m[1], metric };
  }
  return best?.gw ?? null;
}

/**
 * The default gateway (IPv4), looked up the cheap way each OS offers: a file on Linux, `route` on macOS and
 * Windows. Bounded by `timeoutMs`; null when there is none, the lookup fails or takes too long. It is only
 * context for the user, so no failure is an error.
 */
export async function defaultGateway(deps: GatewayDeps, signal?: AbortSignal, timeoutMs = 3_000): Promise<string | null> {
  const bound = AbortSignal.any([AbortSignal.timeout(timeoutMs), ...(signal ? [signal] : [])]);
  try {
    switch (deps.platform) {
      case 'linux':
      case 'android':
        return parseProcNetRoute(await deps.readText('/proc/net/route'));
      case 'darwin':
      case 'freebsd':
      case 'openbsd':
        return parseRouteGet(await deps.run('/sbin/route', ['-n', 'get', 'default'], bound));
      case 'win32': {
        const route = win32.join(deps.env.SystemRoot ?? 'C:\\Windows', 'System32', 'ROUTE.EXE');
        return parseRoutePrint(await deps.run(route, ['print', '-4', '0.0.0.0'], bound));
      }
      default:
        return null;
    }
  } catch {
    return null; // no route, no permission, too slow: the gateway is context, not evidence
  }
}

/** execFile with no console window (Windows), a small output limit and the signal; never blocks the event loop. */
export const runProgram: RunProgram = (file, args, signal) =>
  new Promise((resolve, reject) => {
    execFile(file, [...args], { signal, windowsHide: true, maxBuffer: 256 * 1024, encoding: 'utf8' }, (err, stdout) => (err ? reject(err) : resolve(stdout)));
  });

/** This computer's gateway lookup as the OS offers it. */
export function systemGatewayDeps(platform: NodeJS.Platform = process.platform): GatewayDeps {
  return { platform, run: runProgram, readText: (p) => readFile(p, 'utf8'), env: process.env };
}

/** The default gateway and the interfaces' addresses: node:os and one bounded, asynchronous lookup. */
export async function readLocalNetwork(
  deps: { interfaces: () => Interfaces; gateway: GatewayDeps },
  signal?: AbortSignal,
): Promise<{ gateway: string | null; addresses: { iface: string; ip4: string; mask: string }[]; addresses6: { iface: string; ip6: string; prefix: number }[] }> {
  const gateway = await defaultGateway(deps.gateway, signal);
  return { gateway, ...interfaceAddresses(deps.interfaces()) };
}

/** node:os's interfaces (a system call; no program runs). */
export const systemInterfaces = (): Interfaces => networkInterfaces();
