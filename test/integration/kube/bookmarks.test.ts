import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { KubeSource } from '../../../electron/core/kube/source';
import { record, sourceFor, startFake, until, type FakeSetup } from './harness';

describe('watch bookmarks from the API server', () => {
  let setup: FakeSetup | undefined;
  let source: KubeSource | undefined;
  let stopWatch: (() => void) | undefined;
  afterEach(async () => {
    stopWatch?.();
    source?.dispose();
    await setup?.stop();
    setup = source = stopWatch = undefined;
  });

  it('start the next node watch at the bookmark when only pods changed meanwhile', async () => {
    setup = await startFake();
    // Watches end after a second (the server's timeoutSeconds), each with a BOOKMARK, as kube-apiserver sends them.
    source = sourceFor(setup, { watchSeconds: 1 });
    const rec = record(source);
    stopWatch = rec.stop;
    await until(() => rec.last()?.mode === 'watch', 'watches live');
    const nodeList = setup.fake.log.filter((l) => !l.watch && l.path === '/api/v1/nodes').length;
    const listedAt = Number(setup.cluster.store.resourceVersion);
    // Pods move the store's version on; no node changes, so the node watch sees no event carrying a newer version.
    setup.cluster.breakWorkload('monitoring', 'grafana', 'imagepull');
    const podsAt = Number(setup.cluster.store.resourceVersion);
    assert.ok(podsAt > listedAt);
    const resumedAt = (): number[] =>
      setup!.fake.log.filter((l) => l.watch && l.path === '/api/v1/nodes').map((l) => Number(new URLSearchParams(l.query).get('resourceVersion')));
    await until(() => resumedAt().some((rv) => rv >= podsAt), `a node watch from version ${podsAt} or later (asked: ${resumedAt().join(', ')})`);
    assert.ok(setup.fake.log.some((l) => l.watch && new URLSearchParams(l.query).get('allowWatchBookmarks') === 'true'), 'bookmarks were asked for');
    assert.equal(setup.fake.log.filter((l) => !l.watch && l.path === '/api/v1/nodes').length, nodeList, 'resumed, not listed again');
    assert.deepEqual(rec.failures, []);
  });
});
