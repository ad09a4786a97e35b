/**
 * The server-side printing kubectl asks for (`Accept: application/json;as=Table;
 * v=v1;g=meta.k8s.io`): the same columns kube-apiserver prints for nodes and
 * pods, so `kubectl get nodes,pods -A` shows STATUS, ROLES, READY, RESTARTS.
 */
import type { NodeObject, PodObject } from './objects';
import type { KObject } from './store';

interface Column {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

const col = (name: string, type = 'string', priority = 0, format = ''): Column => ({ name, type, format, description: name, priority });

/** `kubectl`'s short ages: 45s, 12m, 5h, 3d, 200d. */
export function shortAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h`;
  return `${Math.floor(h / 24)}d`;
}

function age(o: KObject, now: number): string {
  return o.metadata.creationTimestamp ? shortAge(now - Date.parse(o.metadata.creationTimestamp)) : '<unknown>';
}

function partial(o: KObject): object {
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata };
}

export function nodeStatus(n: NodeObject): string {
  const ready = n.status.conditions.find((c) => c.type === 'Ready');
  const parts = [ready?.status === 'True' ? 'Ready' : 'NotReady'];
  if (n.spec.unschedulable) parts.push('SchedulingDisabled');
  return parts.join(',');
}

export function nodeRoles(n: NodeObject): string {
  const roles = Object.keys(n.metadata.labels ?? {})
    .filter((l) => l.startsWith('node-role.kubernetes.io/'))
    .map((l) => l.slice('node-role.kubernetes.io/'.length))
    .sort();
  return roles.length ? roles.join(',') : '<none>';
}

export function podStatus(p: PodObject): string {
  let reason = p.status.reason ?? p.status.phase;
  for (const cs of p.status.containerStatuses ?? []) {
    if (cs.state.waiting?.reason) reason = cs.state.waiting.reason;
    else if (cs.state.terminated?.reason) reason = cs.state.terminated.reason;
  }
  return reason;
}

function restarts(p: PodObject, now: number): string {
  let count = 0;
  let last = 0;
  for (const cs of p.status.containerStatuses ?? []) {
    count += cs.restartCount;
    const fin = cs.lastState.terminated?.finishedAt;
    if (fin) last = Math.max(last, Date.parse(fin));
  }
  return last && count ? `${count} (${shortAge(now - last)} ago)` : String(count);
}

export function nodeTable(nodes: NodeObject[], now: number, includeObject: string): object {
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: {},
    columnDefinitions: [col('Name', 'string', 0, 'name'), col('Status'), col('Roles'), col('Age'), col('Version'), col('Internal-IP', 'string', 1), col('External-IP', 'string', 1), col('OS-Image', 'string', 1), col('Kernel-Version', 'string', 1), col('Container-Runtime', 'string', 1)],
    rows: nodes.map((n) => ({
      cells: [
        n.metadata.name,
        nodeStatus(n),
        nodeRoles(n),
        age(n, now),
        n.status.nodeInfo.kubeletVersion,
        n.status.addresses.find((a) => a.type === 'InternalIP')?.address ?? '<none>',
        '<none>',
        n.status.nodeInfo.osImage,
        n.status.nodeInfo.kernelVersion,
        n.status.nodeInfo.containerRuntimeVersion,
      ],
      ...(includeObject === 'None' ? {} : { object: includeObject === 'Object' ? n : partial(n) }),
    })),
  };
}

export function podTable(pods: PodObject[], now: number, includeObject: string): object {
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: {},
    columnDefinitions: [col('Name', 'string', 0, 'name'), col('Ready'), col('Status'), col('Restarts', 'string'), col('Age'), col('IP', 'string', 1), col('Node', 'string', 1), col('Nominated Node', 'string', 1), col('Readiness Gates', 'string', 1)],
    rows: pods.map((p) => {
      const cs = p.status.containerStatuses ?? [];
      return {
        cells: [
          p.metadata.name,
          `${cs.filter((c) => c.ready).length}/${p.spec.containers.length}`,
          podStatus(p),
          restarts(p, now),
          age(p, now),
          p.status.podIP ?? '<none>',
          p.spec.nodeName ?? '<none>',
          '<none>',
          '<none>',
        ],
        ...(includeObject === 'None' ? {} : { object: includeObject === 'Object' ? p : partial(p) }),
      };
    }),
  };
}

/** Any other kind: NAME and AGE, which is what the apiserver's default table prints. */
export function defaultTable(items: KObject[], now: number, includeObject: string): object {
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: {},
    columnDefinitions: [col('Name', 'string', 0, 'name'), col('Created At', 'date')],
    rows: items.map((o) => ({ cells: [o.metadata.name, o.metadata.creationTimestamp ?? age(o, now)], ...(includeObject === 'None' ? {} : { object: includeObject === 'Object' ? o : partial(o) }) })),
  };
}
