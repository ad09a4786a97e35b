import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KubeApiError, type KubeRequest, type KubeTransport, type WatchLine, type WatchRequest } from '../../../electron/core/kube/http';
import { KubeSource } from '../../../electron/core/kube/source';
import { FakeClock } from '../../helpers/fake-clock';

type WatchScript = (req: WatchRequest, onEvent: (e: WatchLine) => void, call: number) => Promise<void>;

/**
 * An API server with empty lists (list resourceVersion 100) whose watches follow a script per path;
 * a path without a script holds its watch open until it is stopped, as a quiet healthy cluster does.
 */
class ScriptedTransport implements KubeTransport {
  readonly server = 'https://127.0.0.1:6443';
  readonly watches: { path: string; resourceVersion: string | undefined }[] = [];
  constructor(private readonly scripts: Partial<Record<string, WatchScript>>) {}

  async json(req: KubeRequest): Promise<unknown> {
    if (req.path === '/version') return { major: '1', minor: '30', gitVersion: 'v1.30.6+k3s1' };
    if (req.path.startsWith('/apis/metrics.k8s.io')) throw new KubeApiError('not-found', 'no metrics-server', 404);
    return { kind: 'List', apiVersion: 'v1', metadata: { resourceVersion: '100' }, items: [] };
  }

  async watch(req: WatchRequest, onEvent: (e: WatchLine) => void): Promise<void> {
    this.watches.push({ path: req.path, resourceVersion: req.query?.resourceVersion === undefined ? undefined : String(req.query.resourceVersion) });
    // Each attempt costs a turn of the event loop, as a real request does: a retry loop without a pause shows as many calls.
    await new Promise<void>((r) => setImmediate(r));
    const script = this.scripts[req.path];
    const call = this.watches.filter((w) => w.path === req.path).length;
    if (script) return script(req, onEvent, call);
    req.onOpen?.();
    return new Promise<void>((_resolve, reject) => {
      if (req.signal?.aborted) reject(new KubeApiError('aborted', 'watch stopped'));
      req.signal?.addEventListener('abort', () => reject(new KubeApiError('aborted', 'watch stopped')), { once: true });
    });
  }

  count(path: string): number {
    return this.watches.filter((w) => w.path === path).length;
  }

  close(): void {}
}

const log = { info: () => undefined, warn: () => undefined, error: () => undefined };
const pod = (name: string, rv: string) => ({ kind: 'Pod', metadata: { name, namespace: 'monitoring', resourceVersion: rv, uid: name }, spec: { nodeName: 'k3s-data-1' }, status: { phase: 'Running' } });
const TOO_LONG = 'context k3s-hostile: watch /api/v1/pods on https://127.0.0.1:6443: a line longer than 16 MiB without a newline; stopped reading (limit 16 MiB)';

describe('a watch the server accepts and then breaks', () => {
  it('is retried with a growing backoff, not at once, even when each attempt carries an event first', async () => {
    const clock = new FakeClock();
    const transport = new ScriptedTransport({
      '/api/v1/pods': async (req, onEvent, call) => {
        req.onOpen?.();
        onEvent({ type: 'ADDED', object: pod(`grafana-${call}`, String(200 + call)) });
        throw new KubeApiError('bad-response', TOO_LONG);
      },
    });
    const source = new KubeSource({ context: 'k3s-hostile', transport, clock, log, backoffMs: 1000, maxBackoffMs: 60_000 });
    const failures: Error[] = [];
    const stop = source.watch(() => undefined, (e) => failures.push(e));
    const pods = (): number => transport.count('/api/v1/pods');
    await clock.advance(0);
    assert.equal(pods(), 1, 'the broken watch is not reopened at once');
    await clock.advance(999);
    assert.equal(pods(), 1, 'nor before the first backoff');
    await clock.advance(1);
    assert.equal(pods(), 2);
    await clock.advance(1000);
    assert.equal(pods(), 3);
    await clock.advance(1999);
    assert.equal(pods(), 3, 'the wait doubles while the watch keeps breaking');
    await clock.advance(1);
    assert.equal(pods(), 4);
    await clock.advance(3999);
    assert.equal(pods(), 4);
    await clock.advance(1);
    assert.equal(pods(), 5);
    assert.equal(transport.count('/api/v1/nodes'), 1, 'the healthy watches of the same cluster stay open');
    assert.equal(transport.count('/api/v1/events'), 1);
    assert.equal(failures.length, 1, 'one broken stream, one report');
    assert.equal(failures[0].message, TOO_LONG);

    // The cluster's lists still answer (the Lab keeps polling), but the API check stays critical and says why.
    await source.poll({ signal: new AbortController().signal });
    const api = source.checks(source.current(), new Date(clock.now()).toISOString()).find((c) => c.id === 'kubernetes:k3s-hostile:api');
    assert.equal(api?.status, 'crit');
    assert.equal(api?.summary, 'k3s-hostile: the API server sent an answer LabTray cannot read');
    assert.equal(api?.error, TOO_LONG);
    stop();
  });

  it('is asked again ever more slowly when it ends each accepted watch at once', async () => {
    const clock = new FakeClock();
    const transport = new ScriptedTransport({
      '/api/v1/events': async (req) => {
        req.onOpen?.();
      },
    });
    const source = new KubeSource({ context: 'k3s-main', transport, clock, log, backoffMs: 1000, maxBackoffMs: 60_000 });
    const stop = source.watch(() => undefined, () => assert.fail('a watch that ends cleanly is no failure'));
    await clock.advance(0);
    assert.ok(transport.count('/api/v1/events') <= 2, `reopened ${transport.count('/api/v1/events')} times without a pause`);
    await clock.advance(60_000);
    const inAMinute = transport.count('/api/v1/events');
    assert.ok(inAMinute <= 8, `${inAMinute} watches in a minute: the pause does not grow`);
    await clock.advance(10 * 60_000);
    assert.ok(transport.count('/api/v1/events') - inAMinute <= 11, 'at most one every maxBackoffMs once the pause is at its maximum');
    assert.ok(transport.count('/api/v1/events') > inAMinute, 'it is still retried');
    stop();
  });
});

describe('a watch that stays open a while and then drops', () => {
  it('is resumed at once every time, without counting as an outage', async () => {
    const clock = new FakeClock();
    const transport = new ScriptedTransport({
      '/api/v1/nodes': async (req) => {
        req.onOpen?.();
        // A quiet cluster: no events; a load balancer cuts the idle connection after 31 s.
        await new Promise<void>((r) => clock.setTimeout(r, 31_000));
        throw new KubeApiError('unreachable', 'the watch on /api/v1/nodes was cut before the server ended it');
      },
    });
    const source = new KubeSource({ context: 'k3s-main', transport, clock, log, backoffMs: 1000 });
    const failures: Error[] = [];
    const stop = source.watch(() => undefined, (e) => failures.push(e));
    await clock.advance(0);
    for (let i = 1; i <= 4; i++) {
      assert.equal(transport.count('/api/v1/nodes'), i);
      await clock.advance(31_000);
    }
    assert.equal(transport.count('/api/v1/nodes'), 5, 'each drop resumed at once');
    assert.deepEqual(failures, []);
    stop();
  });
});

describe('watch bookmarks', () => {
  it('resume the next watch from the bookmark\'s resourceVersion, not from the list\'s', async () => {
    const clock = new FakeClock();
    const transport = new ScriptedTransport({
      '/api/v1/nodes': async (req, onEvent, call) => {
        req.onOpen?.();
        if (call === 1) {
          // A quiet cluster: nothing changed for nodes, but the store moved on; the server ends the stream (its timeoutSeconds).
          onEvent({ type: 'BOOKMARK', object: { kind: 'Node', apiVersion: 'v1', metadata: { resourceVersion: '5000' } } });
          return;
        }
        await new Promise<void>((_resolve, reject) => req.signal?.addEventListener('abort', () => reject(new KubeApiError('aborted', 'watch stopped')), { once: true }));
      },
    });
    const source = new KubeSource({ context: 'k3s-main', transport, clock, log });
    const pushes: number[] = [];
    const stop = source.watch(() => pushes.push(1), () => assert.fail('no failure'));
    await clock.advance(0);
    const nodes = transport.watches.filter((w) => w.path === '/api/v1/nodes');
    assert.deepEqual(
      nodes.map((w) => w.resourceVersion),
      ['100', '5000'],
      'the first watch starts at the list, the second at the bookmark',
    );
    assert.ok(transport.watches.filter((w) => w.path === '/api/v1/nodes' && w.resourceVersion === undefined).length === 0);
    stop();
  });
});
