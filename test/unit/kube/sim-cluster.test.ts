import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SimCluster } from '../../../demo/kube/cluster';
import { k3sMain, k3sData1, DEMO_CRASHLOOP } from '../../../demo/kube/reference';

const NOW = Date.parse('2026-12-03T08:00:00Z');

describe('the demo Kubernetes cluster', () => {
  it('creates the pods of a rollout restart now, still starting (not decades away)', () => {
    const cluster = new SimCluster(k3sMain, () => NOW);
    const before = new Set(cluster.pods().map((p) => p.metadata.name));
    cluster.patchDeployment('argocd', 'argocd-server', { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-12-03T08:00:00Z' } } } } });
    const fresh = cluster.pods().filter((p) => !before.has(p.metadata.name) && p.metadata.name.startsWith('argocd-server-'));
    assert.ok(fresh.length > 0, 'the restart made new pods');
    for (const p of fresh) {
      assert.equal(p.metadata.creationTimestamp, '2026-12-03T08:00:00Z');
      assert.equal(p.status?.startTime, '2026-12-03T08:00:00Z');
      assert.equal(p.status?.phase, 'Pending');
    }
  });

  it('replaces a deleted pod with one created now', () => {
    const cluster = new SimCluster(k3sData1, () => NOW);
    const victim = cluster.pods().find((p) => p.metadata.namespace === DEMO_CRASHLOOP.namespace && p.metadata.name.startsWith(DEMO_CRASHLOOP.workload));
    assert.ok(victim);
    cluster.deletePod(victim.metadata.namespace ?? '', victim.metadata.name);
    const replacement = cluster.pods().find((p) => p.metadata.name.startsWith(DEMO_CRASHLOOP.workload) && p.metadata.name !== victim.metadata.name);
    assert.equal(replacement?.metadata.creationTimestamp, '2026-12-03T08:00:00Z');
  });
});
