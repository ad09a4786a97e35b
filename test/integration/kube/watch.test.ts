import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { KubeSource } from '../../../electron/core/kube/source';
import { record, sourceFor, startFake, until, type FakeSetup } from './harness';

describe('a kube context as a watched source', () => {
  let setup: FakeSetup | undefined;
  let source: KubeSource | undefined;
  let stopWatch: (() => void) | undefined;
  afterEach(async () => {
    stopWatch?.();
    source?.dispose();
    await setup?.stop();
    setup = source = stopWatch = undefined;
  });

  it('lists once, then sees a node go NotReady and a pod start crash-looping through the watches', async () => {
    setup = await startFake();
    source = sourceFor(setup);
    const rec = record(source);
    stopWatch = rec.stop;
    await until(() => rec.last()?.mode === 'watch', 'all three watches live');
    const first = rec.last();
    assert.equal(first?.version, 'v1.30.6+k3s1');
    assert.equal(first?.nodes.length, 4);
    assert.ok(first?.nodes.every((n) => n.ready));
    const opi = first?.nodes.find((n) => n.name === 'orangepi5');
    assert.equal(opi?.arch, 'arm64');
    assert.deepEqual(opi?.taints, [{ key: 'arch', value: 'arm64', effect: 'NoSchedule' }]);
    assert.deepEqual(first?.unhealthyPods, []);
    const lists = setup.fake.log.filter((l) => !l.watch && /^\/api\/v1\/(nodes|pods|events)$/.test(l.path)).length;

    setup.cluster.setNodeReady('k3s-data-1-worker-3', false);
    setup.cluster.breakWorkload('monitoring', 'vmalert', 'crashloop');
    setup.cluster.tick();
    await until(() => (rec.last()?.unhealthyPods[0]?.restarts ?? 0) >= 2 && rec.last()?.nodes.some((n) => !n.ready) === true, 'NotReady node and 2 restarts pushed');
    const now = rec.last();
    const worker = now?.nodes.find((n) => n.name === 'k3s-data-1-worker-3');
    assert.equal(worker?.ready, false);
    assert.match(worker?.notReadyReason ?? '', /Kubelet stopped posting node status/);
    // The Lab's slow poll refreshes usage; with the watches live it does not list again.
    const polled = await source.poll({ signal: AbortSignal.timeout(10_000) });
    assert.equal(polled.nodes.find((n) => n.name === 'k3s-data-1-worker-3')?.cpuUsage, null, 'metrics-server has nothing for a dead kubelet');
    assert.ok((polled.nodes.find((n) => n.name === 'k3s-data-1')?.cpuUsage ?? 0) > 0, 'usage of live nodes comes from metrics.k8s.io');
    const pod = now?.unhealthyPods[0];
    assert.equal(pod?.namespace, 'monitoring');
    assert.equal(pod?.reason, 'CrashLoopBackOff');
    assert.equal(pod?.owner?.kind, 'ReplicaSet');
    assert.ok(now?.warnings.some((w) => w.reason === 'BackOff' && w.object.startsWith('pod/vmalert-')), 'the kubelet BackOff warning event is there');
    assert.equal(setup.fake.log.filter((l) => !l.watch && /^\/api\/v1\/(nodes|pods|events)$/.test(l.path)).length, lists, 'changes came by watch, not by listing again');
    // The safety-net poll with the watches live: no /version; usage with the window open, not while it is hidden.
    const asked = (path: string): number => setup!.fake.log.filter((l) => l.path === path).length;
    const [versions, usage] = [asked('/version'), asked('/apis/metrics.k8s.io/v1beta1/nodes')];
    await source.poll({ signal: AbortSignal.timeout(10_000), relax: 6 });
    assert.equal(asked('/version'), versions, 'live watches prove the API answers');
    assert.equal(asked('/apis/metrics.k8s.io/v1beta1/nodes'), usage, 'node usage waits while the window is hidden');
    await source.poll({ signal: AbortSignal.timeout(10_000), relax: 1 });
    assert.equal(asked('/apis/metrics.k8s.io/v1beta1/nodes'), usage + 1, 'the window open reads usage again');
    assert.equal(asked('/version'), versions);
    const checks = source.checks(now!, new Date().toISOString());
    assert.equal(checks.find((c) => c.id === 'kubernetes:k3s-data-1:node:k3s-data-1-worker-3:ready')?.status, 'crit');
    assert.ok(checks.some((c) => c.id.startsWith('kubernetes:k3s-data-1:pod:monitoring/vmalert-') && c.status === 'warn'));
  });

  it('resumes a dropped watch from its resourceVersion without listing again or reporting an outage', async () => {
    setup = await startFake();
    source = sourceFor(setup);
    const rec = record(source);
    stopWatch = rec.stop;
    await until(() => rec.last()?.mode === 'watch' && setup?.fake.openWatches === 3, 'watches live');
    const before = setup.fake.log.length;
    setup.cluster.setNodeReady('orangepi5', false);
    await until(() => rec.last()?.nodes.find((n) => n.name === 'orangepi5')?.ready === false, 'orangepi5 NotReady seen');
    const rvSeen = setup.cluster.store.resourceVersion;

    assert.equal(setup.fake.dropWatches(), 3);
    // Changes made while no watch is open must still arrive after the resume.
    setup.cluster.setNodeReady('orangepi5', true);
    setup.cluster.patchNode('k3s-data-1-worker-1', { spec: { unschedulable: true } });
    await until(() => {
      const n = rec.last()?.nodes;
      return n?.find((x) => x.name === 'orangepi5')?.ready === true && n.find((x) => x.name === 'k3s-data-1-worker-1')?.unschedulable === true;
    }, 'changes made during the drop arrive');
    await until(() => setup?.fake.openWatches === 3, 'three watches open again');
    const after = setup.fake.log.slice(before);
    const resumed = after.filter((l) => l.watch && l.path === '/api/v1/nodes');
    assert.ok(resumed.length >= 1, 'the node watch was opened again');
    const rv = Number(new URLSearchParams(resumed[0].query).get('resourceVersion'));
    assert.ok(rv > 0 && rv <= Number(rvSeen), `resumed from a version it had seen (${rv} ≤ ${rvSeen})`);
    assert.equal(after.filter((l) => !l.watch && l.path === '/api/v1/nodes').length, 0, 'no relist after a plain drop');
    assert.deepEqual(rec.failures, [], 'a drop that resumes is not an outage');
  });

  it('lists again after 410 Gone (history compacted while the watch was down) and keeps up afterwards', async () => {
    setup = await startFake();
    source = sourceFor(setup);
    const rec = record(source);
    stopWatch = rec.stop;
    await until(() => rec.last()?.mode === 'watch' && setup?.fake.openWatches === 3, 'watches live');
    const before = setup.fake.log.length;
    setup.cluster.patchNode('orangepi5', { spec: { unschedulable: true } });
    await until(() => rec.last()?.nodes.find((n) => n.name === 'orangepi5')?.unschedulable === true, 'cordon seen');
    // Pods change after the last node change, then history is compacted: the node watch's version is now too old.
    setup.cluster.breakWorkload('monitoring', 'grafana', 'imagepull');
    await until(() => rec.last()?.podCount === 6 && setup?.cluster.pods().some((p) => p.status.phase === 'Pending') === true, 'pod change seen');
    setup.cluster.store.compact();
    setup.fake.dropWatches();
    setup.cluster.setPressure('k3s-data-1-worker-1', 'DiskPressure', true);
    await until(() => rec.last()?.nodes.find((n) => n.name === 'k3s-data-1-worker-1')?.problems.includes('DiskPressure') === true, 'DiskPressure arrives after the relist');
    const after = setup.fake.log.slice(before);
    const nodeRequests = after.filter((l) => l.path === '/api/v1/nodes');
    const expiredAt = nodeRequests.findIndex((l) => l.watch && l.query.includes('resourceVersion='));
    const relistAt = nodeRequests.findIndex((l, i) => i > expiredAt && !l.watch);
    assert.ok(expiredAt >= 0 && relistAt > expiredAt, `watch (410) then list: ${nodeRequests.map((l) => `${l.watch ? 'watch' : 'list'}?${l.query}`).join(' | ')}`);
    await until(() => setup?.fake.openWatches === 3, 'watching again after the relist');
    setup.cluster.setPressure('k3s-data-1-worker-1', 'DiskPressure', false);
    await until(() => rec.last()?.nodes.find((n) => n.name === 'k3s-data-1-worker-1')?.problems.length === 0, 'later changes still arrive by watch');
    assert.deepEqual(rec.failures, []);
  });

  it('falls back to listing when the server refuses to watch, and says so', async () => {
    setup = await startFake();
    setup.fake.refuseWatch = true;
    source = sourceFor(setup, { intervalMs: 100 });
    const rec = record(source);
    stopWatch = rec.stop;
    await until(() => rec.last()?.mode === 'poll', 'poll mode');
    setup.cluster.setNodeReady('k3s-data-1-worker-3', false);
    await until(() => rec.last()?.nodes.find((n) => n.name === 'k3s-data-1-worker-3')?.ready === false, 'NotReady seen by listing');
    assert.ok(setup.fake.log.some((l) => l.watch && l.status === 403));
    assert.deepEqual(rec.failures, []);
  });
});
