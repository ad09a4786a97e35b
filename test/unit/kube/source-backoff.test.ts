import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KubeApiError, type KubeRequest, type KubeTransport, type WatchRequest } from '../../../electron/core/kube/http';
import { KubeSource } from '../../../electron/core/kube/source';
import { FakeClock } from '../../helpers/fake-clock';

/** A transport to a cluster that is switched off: every request is refused. */
class DownTransport implements KubeTransport {
  readonly server = 'https://127.0.0.1:6443';
  readonly calls: string[] = [];
  async json(req: KubeRequest): Promise<unknown> {
    this.calls.push(req.path);
    throw new KubeApiError('unreachable', `the API server ${this.server} refused the connection (is the cluster running?)`);
  }
  async watch(req: WatchRequest): Promise<void> {
    this.calls.push(`watch ${req.path}`);
    throw new KubeApiError('unreachable', 'refused');
  }
  close(): void {}
}

const log = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe('a cluster that is down', () => {
  it('is reported once, then retried with a doubling backoff instead of hammering the API', async () => {
    const clock = new FakeClock();
    const transport = new DownTransport();
    const source = new KubeSource({ context: 'k3s-main', transport, clock, log, backoffMs: 1000, maxBackoffMs: 4000 });
    const failures: Error[] = [];
    const stop = source.watch(() => assert.fail('nothing to push while down'), (e) => failures.push(e));
    const nodeLists = (): number => transport.calls.filter((c) => c === '/api/v1/nodes').length;
    await clock.advance(0);
    assert.equal(nodeLists(), 1);
    await clock.advance(999);
    assert.equal(nodeLists(), 1, 'no retry before the first backoff');
    await clock.advance(1);
    assert.equal(nodeLists(), 2);
    await clock.advance(2000);
    assert.equal(nodeLists(), 3);
    await clock.advance(4000);
    assert.equal(nodeLists(), 4);
    await clock.advance(4000);
    assert.equal(nodeLists(), 5, 'the backoff stops growing at its maximum');
    assert.equal(failures.length, 1, 'one outage, one report');
    assert.match(failures[0].message, /refused the connection/);
    const checks = source.checks(source.placeholder(), new Date(clock.now()).toISOString());
    assert.equal(checks.find((c) => c.id === 'kubernetes:k3s-main:api')?.status, 'crit');
    stop();
    const after = transport.calls.length;
    await clock.advance(60_000);
    assert.equal(transport.calls.length, after, 'a stopped watch stops retrying');
  });
});
