import type { PveWaker, SshExecutor } from '../lab/integration';
import { wakeViaSsh, type RelayPacket, type RelayTool } from './relay-ssh';
import type { SendOptions } from './send';

/** How the magic packet left: said in the task result so the user knows which path worked. */
export type WakePath =
  | { kind: 'direct'; address: string; ports: readonly number[] }
  | { kind: 'ssh'; relay: string; tool: RelayTool }
  | { kind: 'pve'; cluster: string; node: string; answer: string };

export function describePath(p: WakePath): string {
  switch (p.kind) {
    case 'direct':
      return `directly from this computer to ${p.address} (UDP ${p.ports.join(', ')})`;
    case 'ssh':
      return `through the SSH relay ${p.relay} using ${p.tool}`;
    case 'pve':
      return `through Proxmox VE cluster ${p.cluster} (POST /nodes/${p.node}/wakeonlan)`;
  }
}

export interface WakePlan {
  /** Host name (from `hosts:` or a PVE node name). */
  name: string;
  /** Null when the target has no MAC in the config (only a PVE node can then be woken, by PVE itself). */
  packet: RelayPacket | null;
  /** Set when the target is a Proxmox VE node LabTray knows. */
  pveNode: { cluster: string; node: string } | null;
  /** SSH hosts with `wakeRelay: true`, best candidates first, the target itself excluded. */
  sshRelays: string[];
  /**
   * true: home is proven (a probe's pinned identity signed for it): send directly.
   * false or null (away, or not proven yet): never broadcast on this network, use a relay.
   */
  atHome: boolean | null;
}

export interface DeliverDeps {
  send(packet: Buffer, opts: SendOptions): Promise<void>;
  ssh?: SshExecutor;
  pve?: PveWaker;
  signal?: AbortSignal;
  log(line: string): void;
  relayTimeoutMs?: number;
  relayTools?: readonly RelayTool[];
}

/**
 * Sends the wake-up by the first path that works: at home straight from the
 * laptop; away through Proxmox VE (for a PVE node) or an SSH relay at home.
 */
export async function deliver(plan: WakePlan, deps: DeliverDeps): Promise<WakePath> {
  // A magic packet (and its SecureOn password) goes out on this network only when home is proven:
  // on a network that merely looks like home it would tell strangers the MAC and the password.
  if (plan.atHome === true && plan.packet) {
    const { broadcast, ports, packet } = plan.packet;
    deps.log(`at home: sending the magic packet to ${broadcast} (UDP ${ports.join(', ')})`);
    await deps.send(packet, { address: broadcast, ports, signal: deps.signal });
    return { kind: 'direct', address: broadcast, ports };
  }
  deps.log(
    plan.atHome === false
      ? 'away from home: looking for a relay inside the home network'
      : 'home is not proven (no home probe has answered with its pinned identity): nothing is broadcast on this network; looking for a relay inside the home network',
  );
  const failures: string[] = [];
  if (plan.pveNode && deps.pve) {
    const { cluster, node } = plan.pveNode;
    try {
      deps.log(`asking Proxmox VE cluster ${cluster} to wake node ${node}`);
      const answer = await deps.pve.wakeNode(cluster, node, deps.signal);
      deps.log(answer);
      return { kind: 'pve', cluster, node, answer };
    } catch (err) {
      deps.signal?.throwIfAborted();
      const msg = err instanceof Error ? err.message : String(err);
      failures.push(`Proxmox VE (${cluster}): ${msg}`);
      deps.log(`Proxmox VE could not wake ${node}: ${msg}`);
    }
  }
  if (plan.packet && deps.ssh) {
    for (const relay of plan.sshRelays) {
      try {
        deps.log(`trying the SSH relay ${relay}`);
        const r = await wakeViaSsh(deps.ssh, relay, plan.packet, { signal: deps.signal, timeoutMs: deps.relayTimeoutMs, tools: deps.relayTools });
        return { kind: 'ssh', relay: r.relay, tool: r.tool };
      } catch (err) {
        deps.signal?.throwIfAborted();
        const msg = err instanceof Error ? err.message : String(err);
        failures.push(`${relay}: ${msg}`);
        deps.log(`relay ${relay} failed: ${msg}`);
      }
    }
  }
  if (failures.length) throw new Error(`could not wake ${plan.name}: every relay failed — ${failures.join('; ')}`);
  if (!plan.packet) throw new Error(`${plan.name} has no MAC address in the config (hosts[].mac), and Proxmox VE cannot wake it`);
  if (plan.atHome === null) {
    throw new Error(
      `LabTray has not proven it is at home, so it does not broadcast on this network, and no relay can wake ${plan.name}: ` +
        `pin a home machine's SSH host key or certificate in "home.probes", or mark an always-on SSH host at home with "wakeRelay: true"`,
    );
  }
  throw new Error(
    `you are away from home and no relay can wake ${plan.name}: mark an always-on SSH host at home (the router, the subnet-router VM) with "wakeRelay: true"` +
      (plan.pveNode ? ', or connect LabTray to its Proxmox VE cluster' : ''),
  );
}
