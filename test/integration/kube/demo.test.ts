import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createLab } from '../../../electron/core/open-lab';
import { kubernetesIntegration } from '../../../electron/core/kube/integration';
import type { Lab } from '../../../electron/core/lab/lab';
import { MemorySecretStore } from '../../../electron/core/secrets';
import type { DemoPart } from '../../../demo/demo-lab';
import { startDemo } from '../../../demo/kube/demo';
import { until } from './harness';

describe('the demo lab\'s three clusters through the Lab', () => {
  let demo: DemoPart;
  let lab: Lab;
  before(async () => {
    demo = await startDemo();
    lab = createLab({ config: demo.config, secrets: new MemorySecretStore(demo.secrets), demo: true, factories: [kubernetesIntegration] });
  });
  after(async () => {
    await lab?.stop();
    await demo?.stop();
  });

  it('shows k3s-main, k3s-data-1 and k8s-data-2, with the NotReady worker and the crash-looping vmalert reported as such', async () => {
    const snap = await lab.pollOnce();
    assert.deepEqual(snap.kubernetes.map((k) => k.context), ['k3s-main', 'k3s-data-1', 'k8s-data-2']);
    assert.ok(snap.kubernetes.every((k) => k.reachable), JSON.stringify(snap.sources));
    const data1 = snap.kubernetes.find((k) => k.context === 'k3s-data-1');
    assert.deepEqual(data1?.nodes.filter((n) => !n.ready).map((n) => n.name), ['k3s-data-1-worker-3']);
    const opi = data1?.nodes.find((n) => n.name === 'orangepi5');
    assert.equal(opi?.arch, 'arm64');
    assert.ok(opi?.taints.some((t) => t.key === 'arch' && t.effect === 'NoSchedule'));
    assert.deepEqual(data1?.unhealthyPods.map((p) => [p.namespace, p.reason]), [['monitoring', 'CrashLoopBackOff']]);
    assert.ok(snap.checks.some((c) => c.id === 'kubernetes:k3s-data-1:node:k3s-data-1-worker-3:ready' && c.status === 'crit'));
    assert.ok(snap.checks.some((c) => c.id.startsWith('kubernetes:k3s-data-1:pod:monitoring/vmalert-') && /CrashLoopBackOff/.test(c.summary)));
    const main = snap.kubernetes.find((k) => k.context === 'k3s-main');
    assert.ok(main?.nodes[0]?.roles.includes('control-plane'));
    assert.ok((main?.podCount ?? 0) > 15, 'istio, karmada, argo-cd and friends run there');
    assert.ok(main?.nodes[0]?.cpuUsage !== null, 'k3s ships metrics-server');
    const data2 = snap.kubernetes.find((k) => k.context === 'k8s-data-2');
    assert.equal(data2?.version, 'v1.31.2');
    assert.ok(data2?.nodes.every((n) => n.cpuUsage === null), 'no metrics-server there: usage unknown, and no error for it');
    assert.equal(snap.sources.filter((s) => s.kind === 'kubernetes' && s.error).length, 0);
  });

  it('cordons a node, restarts a deployment and deletes the crash-looping pod as tasks', async () => {
    const cordon = await lab.invoke('kubeAction', { context: 'k3s-data-1', action: 'cordon', name: 'orangepi5' });
    await assert.rejects(lab.invoke('kubeAction', { context: 'k3s-data-1', action: 'uncordon', name: 'orangepi5' }), /already running/, 'one action per node at a time');
    assert.equal((await lab.tasks.wait(cordon.taskId)).state, 'ok');
    await until(() => lab.snapshot.kubernetes.find((k) => k.context === 'k3s-data-1')?.nodes.find((n) => n.name === 'orangepi5')?.unschedulable === true, 'cordon visible');

    const restart = await lab.invoke('kubeAction', { context: 'k3s-main', action: 'rollout-restart', namespace: 'argocd', name: 'argocd-server' });
    const done = await lab.tasks.wait(restart.taskId);
    assert.equal(done.state, 'ok', done.message ?? '');
    assert.match(done.log.join('\n'), /restartedAt/);

    const pod = lab.snapshot.kubernetes.find((k) => k.context === 'k3s-data-1')?.unhealthyPods[0];
    assert.ok(pod);
    const del = await lab.invoke('kubeAction', { context: 'k3s-data-1', action: 'delete-pod', namespace: pod.namespace, name: pod.name });
    assert.equal((await lab.tasks.wait(del.taskId)).state, 'ok');
    await until(() => !lab.snapshot.kubernetes.find((k) => k.context === 'k3s-data-1')?.unhealthyPods.some((p) => p.name === pod.name), 'the deleted pod is gone');

    const missing = await lab.invoke('kubeAction', { context: 'k3s-data-1', action: 'delete-pod', namespace: 'monitoring', name: 'no-such-pod' });
    const failed = await lab.tasks.wait(missing.taskId);
    assert.equal(failed.state, 'error');
    assert.match(failed.message ?? '', /not found \(404\)/);
    await assert.rejects(lab.invoke('kubeAction', { context: 'k3s-data-1', action: 'rollout-restart', name: 'grafana' }), /needs the namespace/);
  });

  it('tests the connection of a context', async () => {
    const ok = await lab.invoke('testConnection', { kind: 'kubernetes', name: 'k8s-data-2' });
    assert.equal(ok.ok, true, ok.message);
    assert.match(ok.message, /Kubernetes v1\.31\.2, 2 nodes/);
    const unknown = await lab.invoke('testConnection', { kind: 'kubernetes', name: 'k3s-data-3' });
    assert.equal(unknown.ok, false);
    assert.match(unknown.message, /not in the kubeconfig/);
  });
});
