import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KubePodProblem } from '../../../shared/kube';
import { inputSchemas } from '../../../shared/api';
import { deploymentOf, kubeActionKey, nodeAction, podActions } from '../../../renderer/src/kube-actions';

function pod(owner: KubePodProblem['owner'], name = 'grafana-7d9f8b6c4-x2m9q'): KubePodProblem {
  return { namespace: 'monitoring', name, node: 'k3s-data-1-worker', phase: 'Running', reason: 'CrashLoopBackOff', message: null, restarts: 12, owner };
}

describe('Kubernetes quick actions', () => {
  it('restarts the Deployment behind a crash-looping pod (its ReplicaSet name without the template hash)', () => {
    assert.equal(deploymentOf(pod({ kind: 'ReplicaSet', name: 'grafana-7d9f8b6c4' })), 'grafana');
    assert.equal(deploymentOf(pod({ kind: 'ReplicaSet', name: 'vm-operator-5b7c9d' })), 'vm-operator');
    assert.equal(deploymentOf(pod({ kind: 'StatefulSet', name: 'vmstorage' })), null);
    assert.equal(deploymentOf(pod(null)), null);
  });

  it('offers restart and delete for a Deployment pod, only delete otherwise; every input passes the LabApi schema', () => {
    const withDeployment = podActions('k3s-data-1', pod({ kind: 'ReplicaSet', name: 'grafana-7d9f8b6c4' }));
    assert.deepEqual(withDeployment, [
      { context: 'k3s-data-1', action: 'rollout-restart', namespace: 'monitoring', name: 'grafana' },
      { context: 'k3s-data-1', action: 'delete-pod', namespace: 'monitoring', name: 'grafana-7d9f8b6c4-x2m9q' },
    ]);
    assert.deepEqual(podActions('k3s-data-1', pod({ kind: 'StatefulSet', name: 'vmstorage' }, 'vmstorage-0')).map((a) => a.action), ['delete-pod']);
    for (const a of withDeployment) inputSchemas.kubeAction.parse(a);
  });

  it('cordons a schedulable node and uncordons a cordoned one', () => {
    assert.equal(nodeAction('k3s-main', { name: 'k3s-main', unschedulable: false }).action, 'cordon');
    assert.equal(nodeAction('k3s-main', { name: 'k3s-main', unschedulable: true }).action, 'uncordon');
    assert.equal(kubeActionKey({ context: 'k3s-main', action: 'cordon', name: 'n1' }), kubeActionKey({ context: 'k3s-main', action: 'uncordon', name: 'n1' }));
  });
});
