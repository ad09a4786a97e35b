/**
 * The reference lab's monitoring, for real, on 127.0.0.1: Debian's
 * prometheus-node-exporter scraped every second by victoria-metrics.
 *
 *   const ne = await startNodeExporter();
 *   const vm = await startVictoriaMetrics([{ target: ne.address, instance: 'um560' }]);
 *   await vm.waitForSeries('node_load1{instance="um560"}');
 *   // vm.url → metrics.url
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, fetch as undiciFetch } from 'undici';
import { freePort } from './sshd';

export interface RunningServer {
  port: number;
  /** `127.0.0.1:PORT`. */
  address: string;
  /** `http://127.0.0.1:PORT`. */
  url: string;
  log(): string;
  stop(): Promise<void>;
}

export interface VictoriaMetrics extends RunningServer {
  /** Resolves when an instant query for `expr` returns at least one series; rejects after `limitMs`. */
  waitForSeries(expr: string, limitMs?: number): Promise<void>;
}

type Get = (url: string) => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>;

async function waitHttp(url: string, child: ChildProcess, log: () => string, limitMs: number, get: Get = (u) => fetch(u, { signal: AbortSignal.timeout(1_000) })): Promise<void> {
  const deadline = Date.now() + limitMs;
  let last = '';
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${child.spawnfile} exited with code ${child.exitCode}; log:\n${log()}`);
    try {
      const r = await get(url);
      if (r.ok) return;
      last = `HTTP ${r.status}`;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${limitMs} ms (${last}); log:\n${log()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function startProcess(cmd: string, args: string[]): { child: ChildProcess; log: () => string; stop: () => Promise<void> } {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  const keep = (chunk: Buffer): void => {
    text = (text + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };
  child.once('error', (err) => keep(Buffer.from(`\nspawn failed: ${err.message}\n`)));
  return { child, log: () => text, stop };
}

/** Starts /usr/bin/prometheus-node-exporter on a free port of 127.0.0.1. */
export async function startNodeExporter(): Promise<RunningServer> {
  const port = await freePort();
  const address = `127.0.0.1:${port}`;
  const p = startProcess('/usr/bin/prometheus-node-exporter', [`--web.listen-address=${address}`]);
  try {
    await waitHttp(`http://${address}/metrics`, p.child, p.log, 15_000);
  } catch (err) {
    await p.stop();
    throw err;
  }
  return { port, address, url: `http://${address}`, log: p.log, stop: p.stop };
}

export interface VictoriaMetricsOptions {
  /** Serve https with this certificate; `ca` is what the test trusts. */
  tls?: { certPem: string; keyPem: string; caPem: string };
  /** Require HTTP basic auth (-httpAuth.*). */
  basicAuth?: { username: string; password: string };
}

/** Starts /usr/bin/victoria-metrics scraping `targets` every second, each with its `instance` label (job `node` unless given). */
export async function startVictoriaMetrics(targets: { target: string; instance: string; job?: string }[], opts: VictoriaMetricsOptions = {}): Promise<VictoriaMetrics> {
  const dir = mkdtempSync(join(tmpdir(), 'labtray-vm-'));
  const port = await freePort();
  const address = `127.0.0.1:${port}`;
  const scrape = join(dir, 'scrape.yml');
  writeFileSync(
    scrape,
    [
      'global:',
      '  scrape_interval: 1s',
      'scrape_configs:',
      ...[...new Set(targets.map((t) => t.job ?? 'node'))].flatMap((job) => [
        `  - job_name: ${job}`,
        '    static_configs:',
        ...targets.filter((t) => (t.job ?? 'node') === job).flatMap((t) => [`      - targets: ['${t.target}']`, `        labels: { instance: '${t.instance}' }`]),
      ]),
      '',
    ].join('\n'),
  );
  const args = [`-httpListenAddr=${address}`, `-storageDataPath=${join(dir, 'data')}`, `-promscrape.config=${scrape}`, '-search.latencyOffset=0s', '-loggerLevel=WARN'];
  if (opts.tls) {
    writeFileSync(join(dir, 'tls.crt'), opts.tls.certPem);
    writeFileSync(join(dir, 'tls.key'), opts.tls.keyPem, { mode: 0o600 });
    args.push('-tls', `-tlsCertFile=${join(dir, 'tls.crt')}`, `-tlsKeyFile=${join(dir, 'tls.key')}`);
  }
  if (opts.basicAuth) args.push(`-httpAuth.username=${opts.basicAuth.username}`, `-httpAuth.password=${opts.basicAuth.password}`);
  const p = startProcess('/usr/bin/victoria-metrics', args);
  const agent = new Agent({ connect: opts.tls ? { ca: opts.tls.caPem } : {} });
  const headers: Record<string, string> = opts.basicAuth ? { authorization: `Basic ${Buffer.from(`${opts.basicAuth.username}:${opts.basicAuth.password}`).toString('base64')}` } : {};
  const get: Get = (u) => undiciFetch(u, { dispatcher: agent, headers, signal: AbortSignal.timeout(2_000) });
  const stop = async (): Promise<void> => {
    await p.stop();
    await agent.close();
    rmSync(dir, { recursive: true, force: true });
  };
  const url = `${opts.tls ? 'https' : 'http'}://${address}`;
  try {
    await waitHttp(`${url}/health`, p.child, p.log, 15_000, get);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    port,
    address,
    url,
    log: p.log,
    stop,
    waitForSeries: async (expr, limitMs = 30_000) => {
      const deadline = Date.now() + limitMs;
      for (;;) {
        const r = await get(`${url}/api/v1/query?query=${encodeURIComponent(expr)}`);
        const body = (await r.json()) as { data?: { result?: unknown[] } };
        if ((body.data?.result?.length ?? 0) > 0) return;
        if (Date.now() > deadline) throw new Error(`victoria-metrics had no series for ${expr} within ${limitMs} ms; log:\n${p.log()}`);
        await new Promise((res) => setTimeout(res, 250));
      }
    },
  };
}
