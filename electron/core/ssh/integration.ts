import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { LabError, type ConnectionTestResult } from '../../../shared/api';
import type { HostConfig, LabConfig, SshTarget } from '../../../shared/config';
import type { HostState } from '../../../shared/hosts';
import { msg, raw, type Said } from '../../../shared/message';
import type { Check, Status } from '../../../shared/status';
import { defineIntegration, type IntegrationContext, type IntegrationDefinition, type LocationService, type Offering, type SshExecutor } from '../lab/integration';
import type { PollContext, Source } from '../lab/source';
import { expandHome, resolveAuth, systemAuthEnv, type AuthEnv } from './auth';
import { SshConnection, type ConnectionOptions } from './connection';
import { sameFingerprint } from './fingerprint';
import { HostKeyError, type HostKeyPolicy } from './host-key';
import { parseKnownHosts, type KnownHostEntry } from './known-hosts';
import { probeCommand, resolveThresholds, runProbes, splitSections } from './probes';

export interface SshIntegrationDeps {
  authEnv?: AuthEnv;
  /** Reads known_hosts files; missing files count as empty. */
  readKnownHosts?(paths: string[]): Promise<KnownHostEntry[]>;
  /** Overrides for every connection (tests shorten timeouts). */
  connection?: Partial<Pick<ConnectionOptions, 'connectTimeoutMs' | 'keepaliveIntervalMs' | 'execTimeoutMs' | 'maxConcurrentExecs' | 'backoffBaseMs' | 'backoffMaxMs'>>;
  /** Time limit for one probe run. */
  probeTimeoutMs?: number;
}

async function readKnownHostsFiles(paths: string[]): Promise<KnownHostEntry[]> {
  const all = await Promise.all(
    paths.map(async (p) => {
      try {
        return parseKnownHosts(await readFile(p, 'utf8'), p);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw new LabError('ssh-known-hosts', `cannot read ${p}: ${(err as Error).message}`, { cause: err });
      }
    }),
  );
  return all.flat();
}

/** One configured host: its target, and the connection for the address in use (home or away). */
class HostLink {
  private conn: SshConnection | null = null;
  private closed = false;

  constructor(
    readonly host: HostConfig & { ssh: SshTarget },
    private readonly ctx: IntegrationContext,
    private readonly deps: SshIntegrationDeps,
    private readonly links: Map<string, HostLink>,
    /** At home or away, when the config has `home:`. */
    private readonly location: LocationService | undefined,
  ) {}

  get name(): string {
    return this.host.name;
  }

  /** The Tailscale name when we know we are away, else the LAN address. */
  address(): string {
    const away = this.host.ssh.awayHost;
    return away && this.location?.atHome() === false ? away : this.host.ssh.host;
  }

  connection(): SshConnection {
    const address = this.address();
    // After dispose a late poll gets the closed connection (its exec fails at once), never a new one.
    if (this.conn && (this.closed || this.conn.endpoint.host === address)) return this.conn;
    this.conn?.close();
    const t = this.host.ssh;
    const authEnv = this.deps.authEnv ?? systemAuthEnv();
    const port = t.port ?? 22;
    this.conn = new SshConnection({
      name: this.name,
      endpoint: { host: address, port, username: t.user ?? userInfo().username },
      clock: this.ctx.clock,
      auth: () => resolveAuth(this.name, t, this.ctx.secrets, authEnv),
      hostKeyPolicy: async (): Promise<HostKeyPolicy> => {
        const files = t.knownHosts ? [expandHome(t.knownHosts, authEnv.home)] : [expandHome('~/.ssh/known_hosts', authEnv.home), expandHome('~/.ssh/known_hosts2', authEnv.home)];
        const known = t.hostKey ? [] : await (this.deps.readKnownHosts ?? readKnownHostsFiles)(files);
        return { pinned: t.hostKey, known, names: [...new Set([address, t.host])], port };
      },
      tunnel: t.proxyJump
        ? (host, p, signal) => {
            const jump = this.links.get(t.proxyJump!);
            if (!jump || jump === this) throw new LabError('config', `${this.name}: proxyJump "${t.proxyJump}" is not another host with ssh in hosts:`);
            return jump.connection().forward(host, p, signal);
          }
        : undefined,
      ...this.deps.connection,
    });
    if (this.closed) this.conn.close();
    return this.conn;
  }

  close(): void {
    this.closed = true;
    this.conn?.close();
  }
}

function hostState(link: HostLink, patch: Partial<HostState>): HostState {
  return {
    name: link.name,
    address: link.address(),
    reachable: false,
    via: null,
    hostKey: null,
    uptimeSeconds: null,
    load: null,
    cores: null,
    memUsed: null,
    memTotal: null,
    checks: [],
    wakeable: link.host.mac !== undefined,
    ...(link.host.links?.length ? { links: link.host.links } : {}),
    ...patch,
  };
}

/** The check for a host we could not log in to: host key problems first, they are never retried silently. */
function connectionCheck(link: HostLink, err: Error, observedAt: string): Check {
  const source = `host:${link.name}`;
  let status: Status = 'crit';
  let said: Said = { summary: err.message, msg: raw(err.message) };
  if (err instanceof HostKeyError) {
    status = err.verdict.problem === 'unknown' ? 'warn' : 'crit';
    if (err.verdict.problem === 'unknown') said = msg('ssh.newHostKey', { host: link.name, fingerprint: err.verdict.fingerprint });
  } else if (err instanceof LabError && (err.code === 'unreachable' || err.code === 'timeout') && link.host.mac) {
    status = 'warn'; // a wakeable machine is often asleep on purpose
    said = msg('ssh.asleep', { error: err.message });
  }
  return { id: `${source}:ssh`, source, target: source, status, ...said, detail: err.message, observedAt, error: err.message };
}

class HostSource implements Source<'host'> {
  readonly kind = 'host' as const;
  readonly id: string;
  readonly intervalMs: number;
  readonly timeoutMs: number;

  constructor(
    private readonly link: HostLink,
    private readonly ctx: IntegrationContext,
    private readonly probeTimeoutMs: number,
  ) {
    this.id = `host:${link.name}`;
    this.intervalMs = link.host.interval ?? 60_000;
    this.timeoutMs = probeTimeoutMs + 5_000;
  }

  get name(): string {
    return this.link.name;
  }

  placeholder(): HostState {
    return hostState(this.link, {});
  }

  async poll({ signal }: PollContext): Promise<HostState> {
    const conn = this.link.connection();
    const observedAt = (): string => new Date(this.ctx.clock.now()).toISOString();
    const nonce = randomBytes(8).toString('hex');
    const thresholds = resolveThresholds(this.link.host.thresholds);
    let stdout: string;
    try {
      const r = await conn.exec(probeCommand(nonce, thresholds.kernelLogHours), { signal, timeoutMs: this.probeTimeoutMs });
      stdout = r.stdout;
      if (!splitSections(stdout, nonce).has('end')) {
        throw new LabError('probe', `${this.name}: the probe script did not finish (exit ${r.code}): ${r.stderr.trim().split('\n')[0] || 'no error output'}`);
      }
    } catch (err) {
      if (signal.aborted) throw err;
      const e = err instanceof Error ? err : new Error(String(err));
      if (e instanceof LabError && e.code === 'probe') throw e;
      return hostState(this.link, { hostKey: conn.lastHostKey?.fingerprint ?? null, checks: [connectionCheck(this.link, e, observedAt())] });
    }
    const at = observedAt();
    const res = runProbes(splitSections(stdout, nonce), { host: this.name, source: this.id, observedAt: at, thresholds });
    return hostState(this.link, {
      reachable: true,
      via: 'ssh',
      hostKey: conn.lastHostKey?.fingerprint ?? null,
      uptimeSeconds: res.uptimeSeconds,
      load: res.load,
      cores: res.cores,
      memUsed: res.memUsed,
      memTotal: res.memTotal,
      checks: res.checks,
      temperatures: res.temperatures.length ? { readings: res.temperatures, origin: { via: 'ssh', server: this.link.address(), host: this.name, observedAt: at } } : null,
    });
  }

  checks(data: HostState): Check[] {
    return data.checks;
  }
}

function sshHosts(config: LabConfig): (HostConfig & { ssh: SshTarget })[] {
  return (config.hosts ?? []).filter((h): h is HostConfig & { ssh: SshTarget } => h.ssh !== undefined);
}

/** The SSH hosts integration with its dependencies passed in (tests give their own file system and timeouts). */
export function createSshIntegration(deps: SshIntegrationDeps = {}): IntegrationDefinition<'location', 'ssh'> {
  return defineIntegration({ kind: 'ssh', needs: ['location'], provides: ['ssh'], build: (ctx, { location }) => buildSsh(ctx, deps, location) });
}

function buildSsh(ctx: IntegrationContext, deps: SshIntegrationDeps, location: LocationService | undefined): Offering<'ssh'> | null {
  const hosts = sshHosts(ctx.config);
  if (!hosts.length) return null;
  const links = new Map<string, HostLink>();
  for (const h of hosts) links.set(h.name, new HostLink(h, ctx, deps, links, location));
  const probeTimeoutMs = deps.probeTimeoutMs ?? 40_000;
  const sources = [...links.values()].map((l) => new HostSource(l, ctx, probeTimeoutMs));
  const link = (name: string): HostLink => {
    const l = links.get(name);
    if (!l) throw new LabError('not-found', `no host named "${name}" with ssh settings in hosts:`);
    return l;
  };

  const executor: SshExecutor = {
    exec: (host, command, opts) => link(host).connection().exec(command, opts ?? {}),
  };

  return {
    kind: 'ssh',
    sources,
    services: { ssh: executor },
    actions: {
      testConnection: async (input): Promise<ConnectionTestResult> => {
        const l = link(input.name);
        const conn = l.connection();
        const started = ctx.clock.now();
        try {
          const r = await conn.exec('uname -srm', { timeoutMs: 15_000 });
          const hk = conn.lastHostKey;
          const via = hk?.ok ? (hk.via === 'pin' ? 'pinned in the config' : 'known_hosts') : 'verified';
          return {
            ok: r.code === 0,
            message: `${conn.endpoint.username}@${conn.endpoint.host}:${conn.endpoint.port}: ${r.stdout.trim() || r.stderr.trim()} (host key ${hk?.fingerprint ?? '?'}, ${via})`,
            latencyMs: ctx.clock.now() - started,
          };
        } catch (err) {
          return { ok: false, message: err instanceof Error ? err.message : String(err), latencyMs: null };
        }
      },
      trustHostKey: async (input) => {
        const l = link(input.host);
        const seen = l.connection().lastHostKey;
        if (seen && !sameFingerprint(seen.fingerprint, input.fingerprint)) {
          throw new LabError('conflict', `${input.host} now presents ${seen.fingerprint}, not ${input.fingerprint}; look again before trusting`);
        }
        await ctx.updateConfig((c) => ({
          ...c,
          hosts: (c.hosts ?? []).map((h) => (h.name === input.host && h.ssh ? { ...h, ssh: { ...h.ssh, hostKey: input.fingerprint } } : h)),
        }));
        ctx.refreshSource(`host:${input.host}`);
        return null;
      },
    },
    dispose: () => {
      for (const l of links.values()) l.close();
    },
  };
}

/** Hosts reached over SSH: verified connections, probes, the SSH executor for Wake-on-LAN relays. */
export const sshIntegration = createSshIntegration();
