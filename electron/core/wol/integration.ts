import { LabError, type LabArgs, type TaskRef } from '../../../shared/api';
import type { HostConfig } from '../../../shared/config';
import { english, msg, part } from '../../../shared/message';
import { formatDuration } from '../../../shared/units';
import { defineIntegration, type IntegrationContext, type IntegrationDefinition, type LabServices } from '../lab/integration';
import { requireSecret } from '../secrets';
import { deliver, describePath, type WakePlan } from './deliver';
import { buildMagicPacket, parseMac, parseSecureOn } from './magic';
import type { RelayPacket, RelayTool } from './relay-ssh';
import { DEFAULT_BROADCAST, DEFAULT_PORTS, requireBroadcast, sendMagicPacket, type SendOptions } from './send';
import { DEFAULT_WAKE_LIMIT_MS, tcpProbe, waitUntilUp, type WatchOptions, type WatchRound, type WatchTarget } from './watch';

/** What tests (and the benchmark) replace: where packets go and how patiently we watch. */
export interface WolDeps {
  send?: (packet: Buffer, opts: SendOptions) => Promise<void>;
  /** UDP ports for the magic packet (default 9 and 7). */
  ports?: readonly number[];
  /** Default limit for hosts without `wakeTimeout`. */
  limitMs?: number;
  watchIntervalMs?: number;
  connectTimeoutMs?: number;
  probe?: WatchOptions['probe'];
  relayTools?: readonly RelayTool[];
  relayTimeoutMs?: number;
}

const SSH_PORT = 22;
const PVE_PORT = 8006;

/** The services a wake-up may go through: SSH relays, the PVE cluster, and whether we are at home. */
export type WolServices = Partial<Pick<LabServices, 'ssh' | 'pve' | 'location'>>;

class Waker {
  constructor(
    private readonly ctx: IntegrationContext,
    private readonly deps: WolDeps,
    private readonly services: WolServices,
  ) {}

  private hosts(): HostConfig[] {
    return this.ctx.config.hosts ?? [];
  }

  async wake(input: LabArgs<'wake'>): Promise<TaskRef> {
    const name = input.host;
    const host = this.hosts().find((h) => h.name === name);
    const pve = this.services.pve;
    const pveHit = pve?.nodes().find((n) => n.node === name);
    const pveNode = pveHit ? { cluster: pveHit.cluster, node: pveHit.node } : null;
    if (!host && !pveNode) throw new LabError('not-found', `no host named "${name}" in hosts:, and no Proxmox VE node of that name`);
    const packet = host?.mac ? await this.packetFor(host) : null;
    if (!packet && !pveNode) throw new LabError('config', `${name} has no MAC address: set "mac" for it in hosts: to wake it`);
    const atHome = this.services.location?.atHome() ?? null;
    const plan: WakePlan = { name, packet, pveNode, sshRelays: this.relays(name), atHome };
    const watch = this.watchTarget(host, pveNode, atHome);
    const limitMs = host?.wakeTimeout ?? this.deps.limitMs ?? DEFAULT_WAKE_LIMIT_MS;

    return this.ctx.tasks.start(
      {
        kind: 'wake',
        action: 'wake',
        target: name,
        targetRef: `host:${name}`,
        lockKey: `wake:${name}`,
        refreshSource: host?.ssh ? `host:${name}` : undefined,
      },
      async (task) => {
        const log = (line: string): void => task.appendLog([line]);
        const already = watch ? await this.alreadyUp(name, watch, task.signal) : null;
        if (already) return already;
        const path = await deliver(plan, {
          send: this.deps.send ?? ((p, o) => sendMagicPacket(p, { ...o, clock: this.ctx.clock })),
          ssh: this.services.ssh,
          pve,
          signal: task.signal,
          log,
          relayTimeoutMs: this.deps.relayTimeoutMs,
          relayTools: this.deps.relayTools,
        });
        const how = describePath(path);
        log(`wake-up sent ${how}`);
        if (!watch) return `wake-up sent ${how}; ${name} has no address to watch (give it ssh settings in hosts: to see when it is up)`;
        const where = [watch.host !== null ? `${watch.host} (TCP ${watch.ports.join(', ')})` : null, watch.other ? 'Proxmox VE' : null].filter(Boolean).join(' or ');
        log(`waiting up to ${formatDuration(limitMs / 1000)} for ${where} to answer`);
        task.update({ progress: 0.1 });
        const outcome = await waitUntilUp(watch, {
          clock: this.ctx.clock,
          limitMs,
          intervalMs: this.deps.watchIntervalMs,
          connectTimeoutMs: this.deps.connectTimeoutMs,
          probe: this.deps.probe,
          signal: task.signal,
          // While it waits, the task says for how long so far and what it knocks on (the CLI's live line, the window).
          onRound: (r) => task.update({ progress: 0.1 + 0.85 * Math.min(1, r.elapsedMs / limitMs), message: waitingText(name, r, limitMs) }),
        });
        if (outcome.up) {
          const msg = `${name} is up after ${formatDuration(outcome.afterMs / 1000)} (${watch.other && outcome.how === watch.other.label ? outcome.how : `answers on ${outcome.how}`}); woken ${how}`;
          log(msg);
          return msg;
        }
        throw new Error(
          `${name} did not wake within ${formatDuration(limitMs / 1000)}: no answer from ${where} after the wake-up went ${how}` +
            (outcome.lastError ? ` (last attempt: ${outcome.lastError})` : ''),
        );
      },
    );
  }

  /**
   * A host that is up needs no magic packet: Proxmox VE reports the node online, or the host was
   * reachable at the last poll and still answers one knock now. Returns the sentence saying so, or null.
   */
  private async alreadyUp(name: string, watch: WatchTarget, signal: AbortSignal): Promise<string | null> {
    if (watch.other?.isUp()) return msg('wol.alreadyUp', { host: name, how: watch.other.label }).summary;
    const lastSeen = this.ctx.snapshot().hosts.find((h) => h.name === name);
    if (!lastSeen?.reachable || watch.host === null) return null;
    const probe = this.deps.probe ?? tcpProbe;
    for (const port of watch.ports) {
      try {
        await probe(watch.host, port, this.deps.connectTimeoutMs ?? 2_000, signal);
        return msg('wol.alreadyUp', { host: name, how: part('wol.answersOn', { address: `${watch.host}:${port}` }) }).summary;
      } catch {
        signal.throwIfAborted(); // no answer now: it went to sleep since the last poll, so wake it
      }
    }
    return null;
  }

  private async packetFor(host: HostConfig & { mac?: string }): Promise<RelayPacket> {
    const mac = parseMac(host.mac ?? '');
    if (!mac) throw new LabError('config', `hosts.${host.name}.mac: "${host.mac}" is not a MAC address`);
    let password: Buffer | null = null;
    if (host.secureOn) {
      const text = await requireSecret(this.ctx.secrets, host.secureOn, `hosts.${host.name}.secureOn`);
      password = parseSecureOn(text);
      // Never echo the value: it is a secret.
      if (!password) throw new LabError('config', `hosts.${host.name}.secureOn: the stored SecureOn password is not 6 bytes written like a MAC address`);
    }
    let broadcast: string;
    try {
      broadcast = requireBroadcast(host.broadcast ?? DEFAULT_BROADCAST, `hosts.${host.name}`);
    } catch (err) {
      throw new LabError('config', (err as Error).message, { cause: err });
    }
    return { mac, password, packet: buildMagicPacket(mac, password ?? undefined), broadcast, ports: this.deps.ports ?? DEFAULT_PORTS };
  }

  /** Relays at home, the ones last seen reachable first; never the sleeping target itself. */
  private relays(target: string): string[] {
    const seen = new Map(this.ctx.snapshot().hosts.map((h) => [h.name, h.reachable]));
    const rank = (n: string): number => (seen.get(n) === true ? 0 : seen.has(n) ? 2 : 1);
    return this.hosts()
      .filter((h) => h.wakeRelay && h.ssh && h.name !== target)
      .map((h) => h.name)
      .sort((a, b) => rank(a) - rank(b));
  }

  /**
   * Where to knock after waking: the SSH address (the Tailscale one when away)
   * on the SSH port, plus 8006 for a PVE node — and for a PVE node, Proxmox VE
   * itself reporting the node online again.
   */
  private watchTarget(host: HostConfig | undefined, pveNode: { cluster: string; node: string } | null, atHome: boolean | null): WatchTarget | null {
    const ssh = host?.ssh;
    const pve = this.services.pve;
    const other =
      pveNode && pve
        ? {
            label: `Proxmox VE reports ${pveNode.node} online`,
            isUp: (): boolean => {
              const online = pve.nodes().some((n) => n.cluster === pveNode.cluster && n.node === pveNode.node && n.online);
              // Ask for a fresh cluster read so the next round sees the node come back.
              if (!online) this.ctx.refreshSource(`proxmox:${pveNode.cluster}`);
              return online;
            },
          }
        : undefined;
    if (!ssh && !other) return null;
    const address = ssh ? (atHome === false && ssh.awayHost ? ssh.awayHost : ssh.host) : null;
    const sshPort = ssh?.port ?? SSH_PORT;
    return { host: address, ports: pveNode ? [sshPort, PVE_PORT] : [sshPort], other };
  }
}

/** What a wake-up being watched is doing now: for how long, what it tries, the last attempt's error. */
function waitingText(name: string, r: WatchRound, limitMs: number): string {
  const lastError = r.lastError ? part('wol.lastAttempt', { error: r.lastError }) : '';
  return english(part('wol.waiting', { host: name, elapsed: Math.round(r.elapsedMs / 1000), limit: limitMs / 1000, trying: r.trying, lastError }));
}

/** The Wake-on-LAN integration with its dependencies passed in. */
export function createWolIntegration(deps: WolDeps = {}): IntegrationDefinition<'ssh' | 'pve' | 'location', never> {
  return defineIntegration({
    kind: 'wol',
    needs: ['ssh', 'pve', 'location'],
    build: (ctx, services) => {
      const hosts = ctx.config.hosts ?? [];
      if (!hosts.some((h) => h.mac) && !services.pve) return null;
      const waker = new Waker(ctx, deps, services);
      return { kind: 'wol', sources: [], actions: { wake: (input) => waker.wake(input) } };
    },
  });
}

/** Wake-on-LAN: magic packets sent directly at home, or through a relay at home when away. */
export const wolIntegration = createWolIntegration();
