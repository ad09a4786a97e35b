import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { STATE_NUMBER, TailnetModel, type TailnetState } from './model';

const here = path.dirname(fileURLToPath(import.meta.url));

export interface FakeTailscaledOptions {
  /** Milliseconds a ping to an offline peer hangs before tailscaled gives up (real: until the client's 5 s). */
  pingTimeoutMs?: number;
  now?: () => number;
}

/**
 * A fake tailscaled: the LocalAPI on a unix socket (a named pipe on Windows)
 * and a fake `tailscale` CLI, both driven by one model saved in a state file,
 * so a test can stop the daemon, log out, or let a peer go from relay to direct.
 */
export class FakeTailscaled {
  readonly dir: string;
  readonly socketPath: string;
  readonly stateFile: string;
  readonly cliPath: string;
  model: TailnetModel;
  /** LocalAPI requests seen, `METHOD /path`. */
  readonly requests: string[] = [];
  private server: http.Server | null = null;
  private watchers = new Set<http.ServerResponse>();
  private savedStamp = '';
  private readonly now: () => number;

  constructor(
    state: TailnetState,
    private readonly opts: FakeTailscaledOptions = {},
  ) {
    this.now = opts.now ?? Date.now;
    this.dir = mkdtempSync(path.join(os.tmpdir(), 'labtray-ts-'));
    this.socketPath = process.platform === 'win32' ? `\\\\.\\pipe\\labtray-sim-tailscaled-${path.basename(this.dir)}` : path.join(this.dir, 'tailscaled.sock');
    this.stateFile = path.join(this.dir, 'state.json');
    this.cliPath = path.join(this.dir, 'tailscale');
    this.model = new TailnetModel(structuredClone(state));
    this.save();
    this.writeCli();
  }

  /** Starts the daemon (the LocalAPI listens) if the model says it is up. */
  async start(): Promise<this> {
    if (this.model.state.daemonUp) await this.listen();
    return this;
  }

  async stop(): Promise<void> {
    await this.close();
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Changes the model, saves it for the CLI and tells IPN bus watchers. */
  async update(mutate: (s: TailnetState) => void): Promise<void> {
    this.sync();
    const before = structuredClone(this.model.state);
    mutate(this.model.state);
    this.save();
    const s = this.model.state;
    if (before.daemonUp !== s.daemonUp) {
      if (s.daemonUp) await this.listen();
      else await this.close();
      return;
    }
    if (before.backendState !== s.backendState) this.notify({ State: STATE_NUMBER[s.backendState] });
    if (JSON.stringify(before.peers) !== JSON.stringify(s.peers)) this.notify({ Engine: this.engine() });
  }

  /** Reloads the model when the fake CLI changed the state file (a ping can make a link direct). */
  private sync(): void {
    const stamp = this.stamp();
    if (stamp === this.savedStamp) return;
    const before = JSON.stringify(this.model.state.peers);
    this.model = TailnetModel.fromJSON(readFileSync(this.stateFile, 'utf8'));
    this.savedStamp = stamp;
    if (before !== JSON.stringify(this.model.state.peers)) this.notify({ Engine: this.engine() });
  }

  private stamp(): string {
    const st = statSync(this.stateFile);
    return `${st.mtimeMs}:${st.size}:${st.ino}`;
  }

  private save(): void {
    writeFileSync(this.stateFile, JSON.stringify(this.model.state, null, 1));
    this.savedStamp = this.stamp();
  }

  /** An executable `tailscale` next to the state file: Node with tsx runs fake-cli.ts (execFile, no shell). */
  private writeCli(): void {
    const require = createRequire(import.meta.url);
    const tsx = require.resolve('tsx');
    const script = [
      `#!/usr/bin/env -S ${process.execPath} --import ${pathToImport(tsx)}`,
      `import(${JSON.stringify(pathToImport(path.join(here, 'fake-cli.ts')))}).then((m) => m.main(process.argv.slice(2), ${JSON.stringify(this.stateFile)}));`,
      '',
    ].join('\n');
    writeFileSync(this.cliPath, script);
    chmodSync(this.cliPath, 0o755);
  }

  private engine(): Record<string, unknown> {
    const live = this.model.state.peers.filter((p) => p.online && p.active);
    return {
      RBytes: live.reduce((a, p) => a + p.rxBytes, 0),
      WBytes: live.reduce((a, p) => a + p.txBytes, 0),
      NumLive: live.length,
      LiveDERPs: live.some((p) => p.link === 'derp') ? 1 : 0,
      LivePeers: {},
    };
  }

  private notify(n: Record<string, unknown>): void {
    const line = JSON.stringify({ Version: this.model.state.version, ...n }) + '\n';
    for (const w of this.watchers) w.write(line);
  }

  private async listen(): Promise<void> {
    if (this.server) return;
    const server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.socketPath, () => resolve());
    });
    this.server = server;
  }

  private async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    for (const w of this.watchers) w.destroy();
    this.watchers.clear();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    this.sync();
    const url = new URL(req.url ?? '/', 'http://local-tailscaled.sock');
    this.requests.push(`${req.method} ${url.pathname}`);
    const host = (req.headers.host ?? '').split(':')[0];
    // tailscaled refuses requests whose Host is not its own (DNS rebinding protection).
    if (host !== 'local-tailscaled.sock' && host !== 'localhost') return text(res, 403, 'invalid localapi Host header');
    const s = this.model.state;
    switch (url.pathname) {
      case '/localapi/v0/status':
        return json(res, 200, this.model.status(this.now()));
      case '/localapi/v0/derpmap':
        return json(res, 200, this.model.derpMap());
      case '/localapi/v0/watch-ipn-bus': {
        const mask = Number(url.searchParams.get('mask') ?? '0');
        if (!Number.isInteger(mask) || mask < 0) return text(res, 400, 'bad mask');
        res.writeHead(200, { 'Content-Type': 'application/json' });
        const first: Record<string, unknown> = { Version: s.version };
        if (mask & 2) Object.assign(first, { SessionID: 'sim-session', State: STATE_NUMBER[s.backendState] });
        if (mask & 1) first.Engine = this.engine();
        res.write(JSON.stringify(first) + '\n');
        this.watchers.add(res);
        res.on('close', () => this.watchers.delete(res));
        return;
      }
      case '/localapi/v0/ping': {
        if (req.method !== 'POST') return text(res, 400, 'want POST');
        const ip = url.searchParams.get('ip');
        if (!ip) return text(res, 400, "missing 'ip' parameter");
        if (!url.searchParams.get('type')) return text(res, 400, "missing 'type' parameter");
        if (s.backendState !== 'Running') return json(res, 500, { error: `no netmap: backend is ${s.backendState}` });
        const before = JSON.stringify(s.peers);
        const pong = this.model.ping(ip);
        this.save();
        if (before !== JSON.stringify(this.model.state.peers)) this.notify({ Engine: this.engine() });
        if (pong === 'timeout') {
          const t = setTimeout(() => json(res, 500, { error: 'context deadline exceeded' }), this.opts.pingTimeoutMs ?? 5000);
          res.on('close', () => clearTimeout(t));
          return;
        }
        return json(res, 200, pong);
      }
      default:
        return text(res, 404, `404 page not found`);
    }
  }
}

function pathToImport(p: string): string {
  return process.platform === 'win32' ? new URL(`file:///${p.replace(/\\/g, '/')}`).href : p;
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  const b = JSON.stringify(body, null, '\t') + '\n';
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(b) });
  res.end(b);
}

function text(res: http.ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(body + '\n');
}
