import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { HostState } from '../../../shared/hosts';
import { emptySnapshot, type Snapshot } from '../../../shared/snapshot';
import { CACHE_FORMAT, CACHE_VERSION, SnapshotCache } from '../../../electron/core/cache';
import type { Logger } from '../../../electron/core/logger';
import { Lab } from '../../../electron/core/lab/lab';
import { MemorySecretStore } from '../../../electron/core/secrets';
import type { Source } from '../../../electron/core/lab/source';
import { FakeClock } from '../../helpers/fake-clock';

const dirs: string[] = [];
after(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function cachePath(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'labtray-cache-'));
  dirs.push(d);
  return join(d, 'state', 'snapshot.json');
}

function orangepi(): HostState {
  return { name: 'orangepi5', address: '192.168.1.50', reachable: true, via: 'ssh', hostKey: null, uptimeSeconds: 86400, load: [0.2, 0.3, 0.1], cores: 8, memUsed: 2e9, memTotal: 16e9, checks: [], wakeable: false };
}

function snapshotWithHost(): Snapshot {
  return {
    ...emptySnapshot(),
    version: 42,
    takenAt: '2026-11-27T07:59:00.000Z',
    status: 'ok',
    sources: [{ id: 'host:orangepi5', kind: 'host', name: 'orangepi5', updatedAt: '2026-11-27T07:59:00.000Z', lastAttemptAt: '2026-11-27T07:59:00.000Z', stale: false, error: null, latencyMs: 90 }],
    hosts: [orangepi()],
    tasks: [{ id: 't1', kind: 'guest', action: 'start', target: '101 (openwrt) on um560', targetRef: 'guest:home/101', state: 'running', startedAt: '2026-11-27T07:58:00.000Z', endedAt: null, upid: null, progress: null, message: null, log: [] }],
  };
}

function recorder(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) };
}

describe('SnapshotCache', () => {
  it('brings back the last snapshot, marked stale, without the tasks that were running', async () => {
    const path = await cachePath();
    const clock = new FakeClock();
    const cache = new SnapshotCache({ path, clock });
    cache.save(snapshotWithHost());
    cache.flush();
    const back = new SnapshotCache({ path, clock }).load();
    assert.ok(back);
    assert.equal(back.hosts[0].name, 'orangepi5');
    assert.equal(back.sources[0].stale, true, 'cached data is old until a live read');
    assert.deepEqual(back.tasks, []);
  });

  it('writes atomically: no temp file is left and the file is always a whole JSON document', async () => {
    const path = await cachePath();
    const clock = new FakeClock();
    const cache = new SnapshotCache({ path, clock, minIntervalMs: 1000 });
    cache.save(snapshotWithHost());
    await clock.advance(0);
    const first = JSON.parse(await readFile(path, 'utf8')) as { format: string; version: number };
    assert.equal(first.format, CACHE_FORMAT);
    assert.equal(first.version, CACHE_VERSION);
    const entries = await readdir(join(path, '..'));
    assert.deepEqual(entries, ['snapshot.json']);
  });

  it('coalesces a burst of snapshots into one write per interval', async () => {
    const path = await cachePath();
    const clock = new FakeClock();
    const cache = new SnapshotCache({ path, clock, minIntervalMs: 5000 });
    cache.save({ ...snapshotWithHost(), version: 1 });
    await clock.advance(0);
    for (let v = 2; v <= 50; v++) cache.save({ ...snapshotWithHost(), version: v });
    await clock.advance(4999);
    assert.equal((JSON.parse(await readFile(path, 'utf8')) as { snapshot: Snapshot }).snapshot.version, 1);
    await clock.advance(1);
    assert.equal((JSON.parse(await readFile(path, 'utf8')) as { snapshot: Snapshot }).snapshot.version, 50);
    assert.equal(clock.pending, 0, 'no timer is left once the cache is written');
  });

  it('ignores a corrupt file and says so', async () => {
    const path = await cachePath();
    const log = recorder();
    const cache = new SnapshotCache({ path, clock: new FakeClock(), log });
    cache.save(snapshotWithHost());
    cache.flush();
    const text = await readFile(path, 'utf8');
    await writeFile(path, text.slice(0, text.length / 2));
    assert.equal(cache.load(), null);
    assert.ok(log.lines.some((l) => l.includes(path) && /corrupt/.test(l)));
  });

  it('ignores a file written by another version or another program', async () => {
    const path = await cachePath();
    const cache = new SnapshotCache({ path, clock: new FakeClock() });
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(path, JSON.stringify({ format: CACHE_FORMAT, version: CACHE_VERSION + 1, savedAt: '', snapshot: snapshotWithHost() }));
    assert.equal(cache.load(), null);
    await writeFile(path, JSON.stringify({ format: CACHE_FORMAT, version: CACHE_VERSION, savedAt: '', snapshot: { hello: 'world' } }));
    assert.equal(cache.load(), null);
    await writeFile(path, '[1,2,3]');
    assert.equal(cache.load(), null);
  });

  it('returns nothing when there is no cache yet', async () => {
    assert.equal(new SnapshotCache({ path: await cachePath(), clock: new FakeClock() }).load(), null);
  });

  it('never stores a snapshot that carries a secret value', async () => {
    const path = await cachePath();
    const log = recorder();
    const secret = '5f0c8a4e-7f4b-4b1e-9d8e-2a7c1e3b9f00';
    const cache = new SnapshotCache({ path, clock: new FakeClock(), log, secretValues: () => [secret] });
    const leaky = snapshotWithHost();
    leaky.sources[0] = { ...leaky.sources[0], error: `401 for token ${secret}` };
    cache.save(leaky);
    cache.flush();
    assert.equal(cache.load(), null, 'nothing was written');
    assert.ok(log.lines.some((l) => /contains a secret value/.test(l) && !l.includes(secret)));
  });

  it('gives the Lab its first snapshot before any source has answered', async () => {
    const path = await cachePath();
    const clock = new FakeClock();
    const writer = new SnapshotCache({ path, clock });
    writer.save(snapshotWithHost());
    writer.flush();
    const lab = new Lab({ config: {}, factories: [], secrets: new MemorySecretStore(), clock, cache: new SnapshotCache({ path, clock }) });
    assert.equal(lab.snapshot.hosts[0]?.name, 'orangepi5');
    assert.equal(lab.snapshot.version, 0);
    await lab.stop();
  });

  it('keeps showing the cached data of a source after start until that source answers', async () => {
    const path = await cachePath();
    const clock = new FakeClock();
    const writer = new SnapshotCache({ path, clock });
    writer.save(snapshotWithHost());
    writer.flush();
    const slow: Source<'host'> = {
      id: 'host:orangepi5', kind: 'host', name: 'orangepi5', intervalMs: 30_000, timeoutMs: 10_000,
      placeholder: () => ({ ...orangepi(), reachable: false, load: null }),
      poll: () => new Promise(() => undefined),
      checks: () => [],
    };
    const cache = new SnapshotCache({ path, clock });
    const lab = new Lab({ config: {}, factories: [() => ({ kind: 'ssh', sources: [slow] })], secrets: new MemorySecretStore(), clock, cache });
    await lab.start();
    await clock.advance(0);
    assert.deepEqual(lab.snapshot.hosts[0].load, [0.2, 0.3, 0.1], 'the cached figures, not the placeholder');
    assert.equal(lab.snapshot.sources[0].stale, true);
    cache.flush();
    assert.deepEqual(new SnapshotCache({ path, clock }).load()?.hosts[0].load, [0.2, 0.3, 0.1], 'the cache is not overwritten with placeholders');
    await lab.stop();
  });
});
