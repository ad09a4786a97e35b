import assert from 'node:assert/strict';
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { writeKubeconfig } from '../../../demo/kube/kubeconfig';
import { until } from '../../integration/kube/harness';
import { startHostileKube, type HostileKube } from '../../helpers/hostile-kube';

const ROOT = join(import.meta.dirname, '../../..');
const MiB = 1024 * 1024;
const OFFERED = 500 * MiB;
const RSS_LIMIT = 600 * MiB;

interface ChildNews {
  rss?: number;
  pong?: boolean;
  started?: boolean;
  api?: { status: string; error: string };
}

/** The peak resident set the kernel recorded for a process (VmHWM), in bytes. */
function peakRss(pid: number): number {
  const m = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  assert.ok(m, 'VmHWM in /proc/<pid>/status');
  return Number(m[1]) * 1024;
}

describe('the long-running core against a hostile watch stream', () => {
  let server: HostileKube | undefined;
  let child: ChildProcess | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
    server = child = dir = undefined;
  });

  it('stays alive under 600 MiB RSS while each watch is offered 500 MiB without a newline', async (t) => {
    // Every kind's watch is hostile: three endless lines at once, and again on every retry.
    server = await startHostileKube({ lineBytes: OFFERED, hostilePaths: ['/api/v1/nodes', '/api/v1/pods', '/api/v1/events'] });
    dir = mkdtempSync(join(tmpdir(), 'labtray-hostile-'));
    const kubeconfig = writeKubeconfig(join(dir, 'kubeconfig'), [server.contextEntry('k3s-hostile')]);
    const proc = fork(join(ROOT, 'test/fault/kube/hostile-child.ts'), [kubeconfig], {
      execPath: join(ROOT, 'node_modules/.bin/node'),
      execArgv: ['--import', 'tsx'],
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    child = proc;
    let stderr = '';
    proc.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const news: ChildNews[] = [];
    let peak = 0;
    proc.on('message', (m: ChildNews) => {
      news.push(m);
      if (m.rss) peak = Math.max(peak, m.rss);
    });
    const alive = (): boolean => proc.exitCode === null && proc.signalCode === null;
    const assertAlive = (when: string): void => assert.ok(alive(), `the core died ${when} (${proc.exitCode ?? proc.signalCode}): ${stderr.slice(-2000)}`);

    await until(() => news.some((n) => n.started) || !alive(), 'the core started', 60_000);
    assertAlive('starting');
    // Each of the three watches is cut off and tried again at least once.
    await until(() => {
      const done = server!.watches.filter((w) => w.done);
      return !alive() || ['/api/v1/nodes', '/api/v1/pods', '/api/v1/events'].every((p) => done.filter((w) => w.path === p).length >= 2);
    }, 'every hostile watch cut and retried', 90_000);
    assertAlive('under the streams');

    const offered = server.watches.length * OFFERED;
    const taken = server.watches.reduce((n, w) => n + w.sent, 0);
    assert.ok(server.watches.filter((w) => w.done).every((w) => w.cut), 'the core hung up on every stream before its end');
    const api = news.filter((n) => n.api).at(-1)?.api;
    assert.equal(api?.status, 'crit');
    assert.match(api?.error ?? '', /^context k3s-hostile: watch \/api\/v1\/(nodes|pods|events) on https:\/\/127\.0\.0\.1:\d+: a line longer than 16 MiB without a newline; stopped reading \(limit 16 MiB\)$/);

    // Still alive and answering: its event loop turns.
    const pongs = news.filter((n) => n.pong).length;
    proc.send({ ping: true });
    await until(() => news.filter((n) => n.pong).length > pongs || !alive(), 'a pong');
    assertAlive('answering a ping');
    const hwm = peakRss(proc.pid ?? 0);
    peak = Math.max(peak, hwm);
    t.diagnostic(`peak RSS ${Math.round(peak / MiB)} MiB; ${server.watches.length} watches, ${Math.round(taken / MiB)} MiB sent of ${Math.round(offered / MiB)} MiB offered`);
    assert.ok(peak < RSS_LIMIT, `peak RSS ${Math.round(peak / MiB)} MiB (limit ${RSS_LIMIT / MiB} MiB); ${Math.round(taken / MiB)} MiB sent of ${Math.round(offered / MiB)} MiB offered`);

    proc.send({ stop: true });
    await until(() => !alive(), 'the core stopped');
    assert.equal(proc.exitCode, 0, stderr);
  });
});
