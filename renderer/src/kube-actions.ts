import type { LabInput } from '../../shared/api';
import type { KubeNode, KubePodProblem } from '../../shared/kube';

export type KubeActionInput = LabInput<'kubeAction'>;

/**
 * The Deployment behind a pod, as `kubectl rollout restart` needs it: a pod of a
 * Deployment is owned by a ReplicaSet named `<deployment>-<pod-template-hash>`.
 */
export function deploymentOf(pod: Pick<KubePodProblem, 'owner'>): string | null {
  const o = pod.owner;
  if (!o) return null;
  if (o.kind === 'Deployment') return o.name;
  if (o.kind === 'ReplicaSet') {
    const m = /^(.+)-[a-z0-9]{5,10}$/.exec(o.name);
    return m ? m[1] : null;
  }
  return null;
}

/** Cordon a schedulable node, uncordon a cordoned one. */
export function nodeAction(context: string, node: Pick<KubeNode, 'name' | 'unschedulable'>): KubeActionInput {
  return { context, action: node.unschedulable ? 'uncordon' : 'cordon', name: node.name };
}

/** What a homelab owner does about an unhealthy pod: restart its Deployment (when it has one) or delete it. */
export function podActions(context: string, pod: KubePodProblem): KubeActionInput[] {
  const deployment = deploymentOf(pod);
  const out: KubeActionInput[] = [];
  if (deployment) out.push({ context, action: 'rollout-restart', namespace: pod.namespace, name: deployment });
  out.push({ context, action: 'delete-pod', namespace: pod.namespace, name: pod.name });
  return out;
}

/** A stable key for one action on one object (to show it pending). */
export function kubeActionKey(a: KubeActionInput): string {
  const object = a.action === 'cordon' || a.action === 'uncordon' ? `node/${a.name}` : a.action === 'rollout-restart' ? `deployment/${a.namespace}/${a.name}` : `pod/${a.namespace}/${a.name}`;
  return `${a.context}|${object}`;
}
