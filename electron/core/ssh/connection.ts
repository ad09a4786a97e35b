import { localNetworkHint } from '../net/unreachable';
import { connect as tcpConnect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { raceAbort } from '../abort';
import { Client, type AgentAuthMethod, type ClientChannel, type PublicKeyAuthMethod, type ConnectConfig, type ServerHostKeyAlgorithm } from 'ssh2';
import { LabError } from '../../../shared/api';
import type { Clock } from '../clock';
import type { ExecResult } from '../lab/integration';
import type { AuthMaterial } from './auth';
import { HostKeyError, judgeHostKey, preferredKeyTypes, type HostKeyPolicy, type HostKeyVerdict } from './host-key';

export interface SshEndpoint {
  host: string;
  port: number;
  username: string;
}

export interface ConnectionOptions {
  /** The host's name in the config, used in every message. */
  name: string;
  endpoint: SshEndpoint;
  auth(): Promise<AuthMaterial>;
  /** Read at every handshake so a trusted key or an edited known_hosts counts at once. */
  hostKeyPolicy(): Promise<HostKeyPolicy>;
  clock: Clock;
  /** ProxyJump: opens the TCP stream to the endpoint through another host. */
  tunnel?(host: string, port: number, signal?: AbortSignal): Promise<Duplex>;
  connectTimeoutMs?: number;
  keepaliveIntervalMs?: number;
  keepaliveCountMax?: number;
  execTimeoutMs?: number;
  maxConcurrentExecs?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** Output beyond this many bytes ends the command (a runaway log must not fill memory). */
  maxOutputBytes?: number;
  /** Notes for a debug log (an agent that failed while another method is tried). */
  debug?(message: string): void;
}

/** The agent and keys as ssh2 auth methods, tried in order. */
export function authMethods(auth: AuthMaterial, username: string): (AgentAuthMethod | PublicKeyAuthMethod)[] {
  return auth.methods.map((m): AgentAuthMethod | PublicKeyAuthMethod =>
    m.kind === 'agent' ? { type: 'agent', username, agent: m.agent } : { type: 'publickey', username, key: m.privateKey, ...(m.passphrase ? { passphrase: m.passphrase } : {}) },
  );
}

const ALL_HOST_KEY_ALGOS: ServerHostKeyAlgorithm[] = ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'];

/**
 * A direct connection is held by the kernel's TCP keepalive, as OpenSSH holds it by default (TCPKeepAlive yes,
 * ServerAliveInterval 0): NAT state stays fresh and a dead peer is noticed within a minute and some seconds,
 * and the process never wakes for it. SSH keepalives are kept for tunnels, which have no socket of their own.
 */
const TCP_KEEPALIVE_MS = 60_000;

function directSocket(endpoint: SshEndpoint): Socket {
  const sock = tcpConnect({ host: endpoint.host, port: endpoint.port });
  sock.setKeepAlive(true, TCP_KEEPALIVE_MS);
  return sock;
}

/** known_hosts key types → handshake algorithms, so a host with several keys presents the one we know. */
function hostKeyAlgorithms(knownTypes: string[]): ServerHostKeyAlgorithm[] | undefined {
  if (!knownTypes.length) return undefined;
  const first: ServerHostKeyAlgorithm[] = [];
  for (const t of knownTypes) {
    if (t === 'ssh-rsa') first.push('rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa');
    else if ((ALL_HOST_KEY_ALGOS as string[]).includes(t)) first.push(t as ServerHostKeyAlgorithm);
  }
  return [...new Set([...first, ...ALL_HOST_KEY_ALGOS])];
}

/**
 * One SSH connection to one host, opened on first use and reused: keepalive,
 * reconnect with exponential backoff after failures, a timeout on every exec
 * and a limit on concurrent execs.
 */
export class SshConnection {
  private client: Client | null = null;
  private connecting: Promise<Client> | null = null;
  private failures = 0;
  private nextAttemptAt = 0;
  private lastError: Error | null = null;
  private active = 0;
  private readonly waiters: { resolve: () => void; reject: (e: unknown) => void; signal?: AbortSignal; onAbort: () => void }[] = [];
  private readonly pending = new Set<(err: Error) => void>();
  private handshakes = 0;
  private closed = false;
  /** What the host presented at the last handshake (also when it was refused). */
  lastHostKey: HostKeyVerdict | null = null;

  constructor(private readonly opts: ConnectionOptions) {}

  get name(): string {
    return this.opts.name;
  }

  get endpoint(): SshEndpoint {
    return this.opts.endpoint;
  }

  /** Handshakes done so far, and execs running / waiting (for tests and diagnostics). */
  stats(): { handshakes: number; active: number; queued: number; connected: boolean } {
    return { handshakes: this.handshakes, active: this.active, queued: this.waiters.length, connected: this.client !== null };
  }

  /** Runs a command; the timeout covers waiting for a slot, connecting and running. */
  async exec(command: string, o: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<ExecResult> {
    const timeoutMs = o.timeoutMs ?? this.opts.execTimeoutMs ?? 30_000;
    const ac = new AbortController();
    const timer = this.opts.clock.setTimeout(
      () => ac.abort(new LabError('timeout', `${this.opts.name}: command did not finish within ${timeoutMs / 1000} s`)),
      timeoutMs,
    );
    const onOuterAbort = (): void => ac.abort(o.signal?.reason);
    if (o.signal?.aborted) onOuterAbort();
    else o.signal?.addEventListener('abort', onOuterAbort, { once: true });
    try {
      await this.acquire(ac.signal);
      try {
        const client = await this.connect(ac.signal);
        return await this.run(client, command, ac.signal);
      } finally {
        this.release();
      }
    } finally {
      this.opts.clock.clearTimeout(timer);
      o.signal?.removeEventListener('abort', onOuterAbort);
    }
  }

  /** A TCP stream from the host to `host:port` (the host acts as a ProxyJump). */
  async forward(host: string, port: number, signal?: AbortSignal): Promise<Duplex> {
    const client = await this.connect(signal);
    return new Promise((resolve, reject) => {
      client.forwardOut('127.0.0.1', 0, host, port, (err, stream) => {
        if (err) reject(new LabError('ssh-jump', `${this.opts.name}: cannot open a tunnel to ${host}:${port}: ${err.message}`, { cause: err }));
        else resolve(stream);
      });
    });
  }

  /** The shared connection, opened if needed; fails fast while backing off after a failure. */
  async connect(signal?: AbortSignal): Promise<Client> {
    if (this.closed) throw new LabError('closed', `${this.opts.name}: connection was closed`);
    if (this.client) return this.client;
    if (!this.connecting) {
      const now = this.opts.clock.now();
      if (this.failures > 0 && now < this.nextAttemptAt && this.lastError) {
        const wait = Math.ceil((this.nextAttemptAt - now) / 1000);
        throw new LabError(errorCode(this.lastError), `${this.lastError.message} (next attempt in ${wait} s)`, { cause: this.lastError });
      }
      this.connecting = this.open().then(
        (c) => {
          this.connecting = null;
          this.failures = 0;
          this.lastError = null;
          return c;
        },
        (err: Error) => {
          this.connecting = null;
          this.failures += 1;
          this.lastError = err;
          const base = this.opts.backoffBaseMs ?? 1_000;
          this.nextAttemptAt = this.opts.clock.now() + Math.min(base * 2 ** (this.failures - 1), this.opts.backoffMaxMs ?? 60_000);
          throw err;
        },
      );
    }
    return raceAbort(this.connecting, signal);
  }

  /** Ends the connection; waiting and running execs fail. */
  close(): void {
    this.closed = true;
    const err = new LabError('closed', `${this.opts.name}: connection was closed`);
    for (const w of this.waiters.splice(0)) {
      w.signal?.removeEventListener('abort', w.onAbort);
      w.reject(err);
    }
    this.client?.end();
    this.client = null;
  }

  private async open(): Promise<Client> {
    const { name, endpoint } = this.opts;
    const [auth, policy] = await Promise.all([this.opts.auth(), this.opts.hostKeyPolicy()]);
    if (this.closed) throw new LabError('closed', `${name}: connection was closed`);
    const sock = this.opts.tunnel ? await this.opts.tunnel(endpoint.host, endpoint.port) : directSocket(endpoint);
    if (this.closed) {
      sock.destroy();
      throw new LabError('closed', `${name}: connection was closed`);
    }
    const client = new Client();
    this.handshakes += 1;
    let verdict: HostKeyVerdict | null = null;
    return new Promise<Client>((resolve, reject) => {
      let settled = false;
      const fail = (err: Error): void => {
        if (settled) return;
        settled = true;
        client.end();
        sock.destroy();
        reject(err);
      };
      client.on('ready', () => {
        // close() came while the handshake ran: this connection belongs to nobody, so it ends here.
        if (this.closed) return fail(new LabError('closed', `${name}: connection was closed`));
        settled = true;
        this.client = client;
        resolve(client);
      });
      const agentTrouble: string[] = [];
      client.on('error', (err: Error & { level?: string; code?: string }) => {
        // An agent that is down or cannot sign is reported here, and ssh2 goes on with the next method (the keys).
        if (!settled && err.level === 'agent') {
          agentTrouble.push(err.message);
          this.opts.debug?.(`${name}: the SSH agent failed (${err.message}); trying the next way to log in`);
          return;
        }
        if (!settled) return fail(translate(err, name, endpoint, { ...auth, agentTrouble }, verdict));
        this.dropped(client, new LabError('ssh-dropped', `${name}: connection lost: ${err.message}`, { cause: err }));
      });
      client.on('close', () => {
        if (!settled) return fail(new LabError('unreachable', `${name}: ${endpoint.host}:${endpoint.port} closed the connection during the handshake`));
        this.dropped(client, new LabError('ssh-dropped', `${name}: connection to ${endpoint.host}:${endpoint.port} was lost`));
      });
      const algorithms = hostKeyAlgorithms(preferredKeyTypes(policy));
      const config: ConnectConfig = {
        host: endpoint.host,
        port: endpoint.port,
        username: endpoint.username,
        authHandler: authMethods(auth, endpoint.username),
        sock,
        readyTimeout: this.opts.connectTimeoutMs ?? 10_000,
        // Every exec has its own timeout, so a keepalive only has to hold NAT/firewall state and notice a dead peer:
        // TCP keepalive does that for a direct connection; a tunnel gets an SSH keepalive once a minute.
        keepaliveInterval: this.opts.keepaliveIntervalMs ?? (this.opts.tunnel ? 60_000 : 0),
        keepaliveCountMax: this.opts.keepaliveCountMax ?? 3,
        ...(algorithms ? { algorithms: { serverHostKey: algorithms } } : {}),
        hostVerifier: (key: Buffer): boolean => {
          verdict = judgeHostKey(key, policy);
          this.lastHostKey = verdict;
          return verdict.ok;
        },
      };
      try {
        client.connect(config);
      } catch (err) {
        fail(new LabError('ssh-config', `${name}: cannot connect: ${(err as Error).message}`, { cause: err }));
      }
    });
  }

  private dropped(client: Client, err: Error): void {
    if (this.client !== client) return;
    this.client = null;
    for (const rejectExec of this.pending) rejectExec(err);
    this.pending.clear();
  }

  private run(client: Client, command: string, signal: AbortSignal): Promise<ExecResult> {
    const limit = this.opts.maxOutputBytes ?? 8 * 1024 * 1024;
    return new Promise<ExecResult>((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason);
      let channel: ClientChannel | null = null;
      let done = false;
      const finish = (err: unknown, result?: ExecResult): void => {
        if (done) return;
        done = true;
        this.pending.delete(onDrop);
        signal.removeEventListener('abort', onAbort);
        if (err) {
          channel?.close();
          reject(err);
        } else resolve(result!);
      };
      const onDrop = (err: Error): void => finish(err);
      const onAbort = (): void => finish(signal.reason);
      this.pending.add(onDrop);
      signal.addEventListener('abort', onAbort, { once: true });
      client.exec(command, (err, stream) => {
        if (err) return finish(new LabError('ssh-exec', `${this.opts.name}: cannot start a command: ${err.message}`, { cause: err }));
        channel = stream;
        if (done) return stream.close();
        const out: Buffer[] = [];
        const errOut: Buffer[] = [];
        let size = 0;
        let code: number | null = null;
        const take = (into: Buffer[]) => (d: Buffer) => {
          size += d.length;
          if (size > limit) return finish(new LabError('ssh-exec', `${this.opts.name}: command printed more than ${limit} bytes; stopped`));
          into.push(d);
        };
        stream.on('data', take(out));
        stream.stderr.on('data', take(errOut));
        stream.on('exit', (c: number | null) => {
          code = typeof c === 'number' ? c : null;
        });
        stream.on('close', () => finish(null, { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(errOut).toString('utf8') }));
      });
    });
  }

  private acquire(signal: AbortSignal): Promise<void> {
    const max = this.opts.maxConcurrentExecs ?? 4;
    if (signal.aborted) return Promise.reject(signal.reason);
    if (this.active < max) {
      this.active += 1;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const w = {
        resolve: () => {
          signal.removeEventListener('abort', w.onAbort);
          resolve();
        },
        reject,
        signal,
        onAbort: () => {
          const i = this.waiters.indexOf(w);
          if (i >= 0) this.waiters.splice(i, 1);
          reject(signal.reason);
        },
      };
      signal.addEventListener('abort', w.onAbort, { once: true });
      this.waiters.push(w);
    });
  }

  private release(): void {
    const next = this.waiters.shift();
    if (next) next.resolve(); // the slot passes straight to the next waiter
    else this.active -= 1;
  }
}

function errorCode(err: Error): string {
  return err instanceof LabError ? err.code : 'ssh';
}

/** An ssh2 or socket error as a sentence that says what to check; exported for its tests (the OS is passed in). */
export function translate(err: Error & { level?: string; code?: string }, name: string, ep: SshEndpoint, auth: Pick<AuthMaterial, 'describe' | 'skipped'> & { agentTrouble?: string[] }, verdict: HostKeyVerdict | null, platform: NodeJS.Platform = process.platform): Error {
  if (verdict && !verdict.ok) return new HostKeyError(name, verdict);
  const where = `${ep.host}:${ep.port}`;
  if (err.level === 'client-authentication') {
    const agent = auth.agentTrouble?.length ? `; the agent failed: ${auth.agentTrouble.join('; ')}` : '';
    const skipped = auth.skipped?.length ? `; passed over: ${auth.skipped.join('; ')}` : '';
    return new LabError('ssh-auth', `${name}: ${ep.username}@${where} refused the login (tried ${auth.describe || 'nothing'}${agent}${skipped}); is the public key in ~/.ssh/authorized_keys on the host?`, { cause: err });
  }
  switch (err.code) {
    case 'ECONNREFUSED':
      return new LabError('unreachable', `${name}: ${where} refused the connection (is sshd running on that port?)`, { cause: err });
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new LabError('unreachable', `${name}: cannot resolve "${ep.host}"`, { cause: err });
    case 'EHOSTUNREACH':
    case 'ENETUNREACH': {
      const hint = localNetworkHint(err.code, platform);
      return new LabError('unreachable', `${name}: no route to ${ep.host} (${hint ?? 'is it switched on, and are you on its network?'})`, { cause: err });
    }
    case 'ETIMEDOUT':
      return new LabError('timeout', `${name}: ${where} did not answer (timed out)`, { cause: err });
  }
  if (/timed out/i.test(err.message)) return new LabError('timeout', `${name}: ${where} did not finish the SSH handshake in time`, { cause: err });
  return new LabError('ssh', `${name}: ${where}: ${err.message}`, { cause: err });
}
