import type { SshExecutor } from '../lab/integration';
import { formatMac } from './magic';
import { requireBroadcast } from './send';

/** Wake commands a relay may have, in the order we prefer them. */
export type RelayTool = 'wakeonlan' | 'python3' | 'perl' | 'etherwake' | 'ether-wake';

// UDP senders first: they honour the configured broadcast address and ports
// like the direct path and need no root. etherwake/ether-wake write a raw
// Ethernet frame (root only, default interface) — the usual choice on OpenWrt.
export const RELAY_TOOLS: readonly RelayTool[] = ['wakeonlan', 'python3', 'perl', 'etherwake', 'ether-wake'];

/** Tools that can append a SecureOn password. */
const SECURE_ON: ReadonlySet<RelayTool> = new Set(['python3', 'perl', 'etherwake', 'ether-wake']);

export interface RelayPacket {
  mac: Buffer;
  password: Buffer | null;
  /** The full magic packet (for the tools we feed bytes to). */
  packet: Buffer;
  broadcast: string;
  ports: readonly number[];
}

/** The one command that asks the relay which tools it has. */
export function detectCommand(tools: readonly RelayTool[] = RELAY_TOOLS): string {
  return `command -v ${tools.join(' ')}`;
}

/** Tools found by `command -v` (one path or name per line), in our order of preference. */
export function parseDetected(stdout: string, tools: readonly RelayTool[] = RELAY_TOOLS): RelayTool[] {
  const found = new Set(
    stdout
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .map((l) => l.slice(l.lastIndexOf('/') + 1)),
  );
  return tools.filter((t) => found.has(t));
}

/** The preferred tool for this packet, or null (e.g. only wakeonlan, but a SecureOn password is needed). */
export function chooseTool(available: readonly RelayTool[], needsPassword: boolean): RelayTool | null {
  return available.find((t) => !needsPassword || SECURE_ON.has(t)) ?? null;
}

const HEX = /^[0-9a-f]+$/;
const MAC = /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/;

/**
 * The command line for `tool`. Only validated, normalised values go in — a MAC
 * as aa:bb:.., hex bytes, a dotted IPv4 address and integer ports — so no user
 * text ever reaches the relay's shell.
 */
export function wakeCommand(tool: RelayTool, p: RelayPacket): string {
  const mac = formatMac(p.mac);
  const addr = requireBroadcast(p.broadcast, 'relay');
  const hex = p.packet.toString('hex');
  const pw = p.password ? formatMac(p.password) : null;
  const ports = p.ports.map((port) => {
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`UDP port ${port} is not a port number`);
    return port;
  });
  if (!MAC.test(mac) || !HEX.test(hex) || (pw !== null && !MAC.test(pw))) throw new Error('refusing to build a relay command from unexpected characters');
  switch (tool) {
    case 'wakeonlan':
      if (pw) throw new Error('wakeonlan cannot send a SecureOn password');
      return ports.map((port) => `wakeonlan -i ${addr} -p ${port} ${mac}`).join(' && ');
    case 'python3':
      return (
        `python3 -c 'import socket;s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM);` +
        `s.setsockopt(socket.SOL_SOCKET,socket.SO_BROADCAST,1);p=bytes.fromhex("${hex}");` +
        `[s.sendto(p,("${addr}",o)) for o in (${ports.join(',')},)]'`
      );
    case 'perl':
      return (
        `perl -MSocket -e 'socket(S,PF_INET,SOCK_DGRAM,getprotobyname("udp")) or die "socket: $!\\n";` +
        `setsockopt(S,SOL_SOCKET,SO_BROADCAST,1) or die "setsockopt: $!\\n";my $p=pack("H*","${hex}");` +
        `for my $o (${ports.join(',')}){send(S,$p,0,sockaddr_in($o,inet_aton("${addr}"))) or die "send: $!\\n"}'`
      );
    case 'etherwake':
    case 'ether-wake':
      return `${tool} -b${pw ? ` -p ${pw}` : ''} ${mac}`;
  }
}

export interface SshRelayResult {
  relay: string;
  tool: RelayTool;
}

/** Finds a wake command on `relay` and runs it; throws with the relay's own words when it cannot. */
export async function wakeViaSsh(
  ssh: SshExecutor,
  relay: string,
  p: RelayPacket,
  opts: { signal?: AbortSignal; timeoutMs?: number; tools?: readonly RelayTool[] } = {},
): Promise<SshRelayResult> {
  const tools = opts.tools ?? RELAY_TOOLS;
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const detected = await ssh.exec(relay, detectCommand(tools), { signal: opts.signal, timeoutMs });
  // `command -v` exits non-zero when any name is missing; the found ones are still printed.
  const available = parseDetected(detected.stdout, tools);
  const tool = chooseTool(available, p.password !== null);
  if (!tool) {
    const have = available.length ? `it has only ${available.join(', ')}, which cannot send a SecureOn password` : `none of ${tools.join(', ')} is installed`;
    throw new Error(`${relay} cannot send a magic packet: ${have} (install wakeonlan or etherwake there)`);
  }
  const r = await ssh.exec(relay, wakeCommand(tool, p), { signal: opts.signal, timeoutMs });
  if (r.code !== 0) {
    const why = (r.stderr || r.stdout).trim().split('\n').slice(-3).join(' ') || `exit status ${r.code}`;
    const hint = /permission|not permitted|root/i.test(why) ? ' (etherwake needs root on the relay)' : '';
    throw new Error(`${relay}: ${tool} failed: ${why}${hint}`);
  }
  return { relay, tool };
}
