/**
 * One simulated cluster: nodes, workloads and their pods, events, node
 * metrics. It behaves like a small k3s: a node can stop posting status, a pod
 * can crash-loop with growing restarts, a rollout restart replaces pods, a
 * deleted pod comes back under its ReplicaSet, a cordon marks the node.
 *
 * The parts live beside it: objects.ts (the spec and object types),
 * builders.ts (the objects as first created), pod-lifecycle.ts (how pods fail
 * and start), events.ts (Events as the kubelet writes them).
 */
import { ObjectBuilder } from './builders';
import { recordEvent } from './events';
import type { ClusterContext, ClusterSpec, DeploymentObject, NodeObject, PodFault, PodObject, WorkloadSpec } from './objects';
import { applyFault, finishStarting } from './pod-lifecycle';
import { ObjectStore, type KObject } from './store';

export type { ClusterSpec, ContainerStatus, DeploymentObject, EventObject, NodeObject, NodeSpec, PodFault, PodObject, Taint, WorkloadSpec } from './objects';

export class SimCluster implements ClusterContext {
  readonly store = new ObjectStore();
  private readonly faults = new Map<string, PodFault>();
  private readonly builder: ObjectBuilder;

  constructor(
    readonly spec: ClusterSpec,
    private readonly now: () => number = Date.now,
  ) {
    this.builder = new ObjectBuilder(spec, this);
    this.builder.populate();
  }

  iso(offsetMs = 0): string {
    return new Date(this.now() + offsetMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  get nodeNames(): string[] {
    return this.store.list<NodeObject>('nodes').map((n) => n.metadata.name);
  }

  pods(): PodObject[] {
    return this.store.list<PodObject>('pods');
  }

  nodes(): NodeObject[] {
    return this.store.list<NodeObject>('nodes');
  }

  private workloadOf(pod: PodObject): WorkloadSpec | undefined {
    return this.spec.workloads.find((w) => w.namespace === pod.metadata.namespace && w.name === pod.metadata.labels?.app);
  }

  /** Appends to (or counts up) an event the way the kubelet and controllers do. */
  recordEvent(involved: { kind: string; name: string; namespace?: string }, type: 'Normal' | 'Warning', reason: string, message: string, component: string): void {
    recordEvent(this, involved, type, reason, message, component);
  }

  /** The kubelet stops posting status (ready=false), or comes back. */
  setNodeReady(name: string, ready: boolean): void {
    const now = this.iso();
    this.store.update<NodeObject>('nodes', name, (n) => {
      const cond = n.status.conditions.find((c) => c.type === 'Ready');
      if (cond) {
        Object.assign(cond, ready
          ? { status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: now, lastTransitionTime: now }
          : { status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastTransitionTime: now });
      }
      const others = (n.spec.taints ?? []).filter((t) => t.key !== 'node.kubernetes.io/unreachable');
      const taints = ready ? others : [...others, { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' as const, timeAdded: now }, { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' as const, timeAdded: now }];
      if (taints.length) n.spec.taints = taints;
      else delete n.spec.taints;
    });
    this.recordEvent({ kind: 'Node', name }, 'Normal', ready ? 'NodeReady' : 'NodeNotReady', ready ? `Node ${name} status is now: NodeReady` : `Node ${name} status is now: NodeNotReady`, 'node-controller');
  }

  /** A node condition such as DiskPressure turns on or off. */
  setPressure(name: string, type: 'MemoryPressure' | 'DiskPressure' | 'PIDPressure', on: boolean): void {
    this.store.update<NodeObject>('nodes', name, (n) => {
      const cond = n.status.conditions.find((c) => c.type === type);
      if (cond) Object.assign(cond, { status: on ? 'True' : 'False', reason: on ? `KubeletHas${type}` : cond.reason, lastTransitionTime: this.iso() });
    });
  }

  /** The first pod of a workload starts failing in the given way (it stays broken across restarts and deletes). */
  breakWorkload(namespace: string, workload: string, fault: PodFault): PodObject | undefined {
    this.faults.set(`${namespace}/${workload}`, fault);
    const pod = this.pods().find((p) => p.metadata.namespace === namespace && p.metadata.labels?.app === workload);
    if (!pod) return undefined;
    return applyFault(this, pod, fault);
  }

  /** Time passes: crash-looping pods restart again, new pods finish starting. */
  tick(): void {
    for (const pod of this.pods()) {
      const w = this.workloadOf(pod);
      const fault = w ? this.faults.get(`${w.namespace}/${w.name}`) : undefined;
      const cs = pod.status.containerStatuses?.[0];
      if (fault === 'crashloop' || fault === 'oom') applyFault(this, pod, fault);
      else if (cs?.state.waiting?.reason === 'ContainerCreating') finishStarting(this, pod);
    }
  }

  /** `kubectl cordon` / `uncordon`: a strategic merge patch of spec.unschedulable. */
  patchNode(name: string, patch: unknown): NodeObject | undefined {
    return this.store.update<NodeObject>('nodes', name, (n) => mergePatch(n, patch));
  }

  /** A PATCH of a Deployment; a changed pod template (rollout restart) replaces its pods. */
  patchDeployment(namespace: string, name: string, patch: unknown): DeploymentObject | undefined {
    const before = this.store.get<DeploymentObject>('deployments', `${namespace}/${name}`);
    if (!before) return undefined;
    const updated = this.store.update<DeploymentObject>('deployments', `${namespace}/${name}`, (d) => {
      mergePatch(d, patch);
      if (JSON.stringify(d.spec) !== JSON.stringify(before.spec)) {
        d.metadata.generation = (d.metadata.generation ?? 1) + 1;
        d.status.observedGeneration = d.metadata.generation;
      }
    });
    const w = this.spec.workloads.find((x) => x.namespace === namespace && x.name === name);
    const restartedAt = updated?.spec.template.metadata.annotations?.['kubectl.kubernetes.io/restartedAt'];
    if (w && updated && restartedAt !== before.spec.template.metadata.annotations?.['kubectl.kubernetes.io/restartedAt']) {
      const hash = this.builder.templateHash(w, restartedAt);
      const old = this.pods().filter((p) => p.metadata.namespace === namespace && p.metadata.labels?.app === name);
      old.forEach((p, i) => {
        this.store.delete('pods', ObjectStore.key(p));
        const fresh = this.builder.podObject(w, p.spec.nodeName ?? this.nodeNames[0], i, 0, hash, true);
        this.store.put('pods', fresh);
        const fault = this.faults.get(`${namespace}/${name}`);
        if (fault && i === 0) applyFault(this, fresh, fault);
      });
      this.recordEvent({ kind: 'Deployment', name, namespace }, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${name}-${hash} to ${w.replicas ?? 1}`, 'deployment-controller');
    }
    return updated;
  }

  /** Deletes a pod; a controller-owned one is replaced by a new pod (the fault, if any, comes back with it). */
  deletePod(namespace: string, name: string): PodObject | undefined {
    const pod = this.store.get<PodObject>('pods', `${namespace}/${name}`);
    if (!pod) return undefined;
    this.store.delete('pods', `${namespace}/${name}`);
    const w = this.workloadOf(pod);
    if (w) {
      const hash = pod.metadata.labels?.['pod-template-hash'] ?? this.builder.templateHash(w);
      const index = w.kind === 'StatefulSet' ? Number(name.slice(name.lastIndexOf('-') + 1)) : 0;
      const fresh = this.store.put('pods', this.builder.podObject(w, pod.spec.nodeName ?? this.nodeNames[0], index, 0, hash, true));
      const fault = this.faults.get(`${w.namespace}/${w.name}`);
      if (fault) applyFault(this, fresh, fault);
    }
    return pod;
  }

  /** metrics.k8s.io NodeMetrics for nodes that are Ready (metrics-server cannot scrape a dead kubelet). */
  nodeMetrics(): KObject[] {
    const stamp = this.iso(-10_000);
    return this.nodes()
      .filter((n) => n.status.conditions.some((c) => c.type === 'Ready' && c.status === 'True'))
      .map((n) => {
        const spec = this.spec.nodes.find((s) => s.name === n.metadata.name);
        const u = spec?.usage ?? { cpu: 0.1, mem: 0.3 };
        const cpuN = Math.round((spec?.cpu ?? 1) * u.cpu * 1e9);
        const memKi = Math.round((spec?.memGi ?? 1) * 1024 * 1024 * u.mem);
        return { apiVersion: 'metrics.k8s.io/v1beta1', kind: 'NodeMetrics', metadata: { name: n.metadata.name, creationTimestamp: this.iso(), labels: n.metadata.labels }, timestamp: stamp, window: '10.06s', usage: { cpu: `${cpuN}n`, memory: `${memKi}Ki` } };
      });
  }
}

/** JSON merge patch (RFC 7386); for the fields kubectl patches here it equals a strategic merge patch. */
export function mergePatch(target: object, patch: unknown): void {
  if (!patch || typeof patch !== 'object' || Array.isArray(patch)) return;
  const t = target as Record<string, unknown>;
  for (const [k, v] of Object.entries(patch as Record<string, unknown>)) {
    if (v === null) delete t[k];
    else if (typeof v === 'object' && !Array.isArray(v)) {
      if (!t[k] || typeof t[k] !== 'object' || Array.isArray(t[k])) t[k] = {};
      mergePatch(t[k] as object, v);
    } else t[k] = v;
  }
}
