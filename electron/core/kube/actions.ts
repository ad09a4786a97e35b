/**
 * The quick actions a homelab owner uses, as kubectl does them: cordon and
 * uncordon (patch spec.unschedulable), rollout restart (patch the pod
 * template's restartedAt annotation), delete a pod. Each runs as a task.
 */
import { LabError, type LabInput, type TaskRef } from '../../../shared/api';
import type { Clock } from '../clock';
import type { TaskRunner } from '../tasks';
import type { KubeTransport } from './http';

const STRATEGIC = 'application/strategic-merge-patch+json';

export interface KubeActionDeps {
  tasks: TaskRunner;
  clock: Clock;
  /** The transport for a context, or undefined when the context is not watched. */
  transport(context: string): KubeTransport | undefined;
  timeoutMs?: number;
}

type KubeActionInput = LabInput<'kubeAction'>;

/** One path segment of an API URL: encoded, and never "." or ".." (which would climb the path on the server). */
export function segment(s: string): string {
  if (s === '' || s === '.' || s === '..') throw new LabError('invalid-input', `"${s}" cannot be a Kubernetes object name`);
  return encodeURIComponent(s);
}

/** Starts the action as a task (one at a time per object) and returns its ref. */
export function runKubeAction(deps: KubeActionDeps, input: KubeActionInput): TaskRef {
  const t = deps.transport(input.context);
  if (!t) throw new LabError('not-found', `no watched Kubernetes context named "${input.context}"`);
  const needsNs = input.action === 'rollout-restart' || input.action === 'delete-pod';
  if (needsNs && !input.namespace) throw new LabError('invalid-input', `kubeAction: ${input.action} needs the namespace of ${input.name}`);
  const timeoutMs = deps.timeoutMs ?? 15_000;
  const ns = input.namespace ?? '';
  const spec = {
    'cordon': { what: `node ${input.name}`, ref: `kube-node:${input.context}/${input.name}` },
    'uncordon': { what: `node ${input.name}`, ref: `kube-node:${input.context}/${input.name}` },
    'rollout-restart': { what: `deployment ${ns}/${input.name}`, ref: `kube-deployment:${input.context}/${ns}/${input.name}` },
    'delete-pod': { what: `pod ${ns}/${input.name}`, ref: `kube-pod:${input.context}/${ns}/${input.name}` },
  }[input.action];

  return deps.tasks.start(
    {
      kind: 'kube',
      action: input.action,
      target: `${spec.what} in ${input.context}`,
      targetRef: spec.ref,
      refreshSource: `kubernetes:${input.context}`,
      // Cordon and uncordon of one node share a lock: they must not race each other.
      lockKey: `kube:${input.context}:${spec.ref}`,
    },
    async (task) => {
      switch (input.action) {
        case 'cordon':
        case 'uncordon': {
          const on = input.action === 'cordon';
          await t.json({ method: 'PATCH', path: `/api/v1/nodes/${segment(input.name)}`, body: { spec: { unschedulable: on ? true : null } }, contentType: STRATEGIC, signal: task.signal, timeoutMs });
          task.appendLog([`node/${input.name} ${on ? 'cordoned' : 'uncordoned'}`]);
          return on ? 'cordoned' : 'uncordoned';
        }
        case 'rollout-restart': {
          const at = new Date(deps.clock.now()).toISOString();
          await t.json({
            method: 'PATCH',
            path: `/apis/apps/v1/namespaces/${segment(ns)}/deployments/${segment(input.name)}`,
            query: { fieldManager: 'labtray' },
            body: { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': at } } } } },
            contentType: STRATEGIC,
            signal: task.signal,
            timeoutMs,
          });
          task.appendLog([`deployment.apps/${input.name} restarted (restartedAt ${at})`]);
          return 'restarted';
        }
        case 'delete-pod': {
          await t.json({ method: 'DELETE', path: `/api/v1/namespaces/${segment(ns)}/pods/${segment(input.name)}`, signal: task.signal, timeoutMs });
          task.appendLog([`pod "${input.name}" deleted`]);
          return 'deleted';
        }
      }
    },
  );
}
