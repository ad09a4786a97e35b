/**
 * One simulated cluster: nodes, workloads and their pods, events, node
 * metrics. It behaves like a small k3s: a node can stop posting status, a pod
 * can crash-loop with growing restarts, a rollout restart replaces pods, a
 * deleted pod comes back under its ReplicaSet, a cordon marks the node.
 */
import { ObjectStore, type KObject, type ObjectMeta } from './store';

export interface NodeSpec {
  name: string;
  roles: string[];
  arch: 'amd64' | 'arm64';
  cpu: number;
  memGi: number;
  kubelet: string;
  internalIp: string;
  osImage: string;
  kernel: string;
  taints?: Taint[];
  /** Usage reported by metrics-server, as fractions of capacity. */
  usage?: { cpu: number; mem: number };
}

export interface WorkloadSpec {
  namespace: string;
  name: string;
  kind: 'Deployment' | 'StatefulSet' | 'DaemonSet';
  replicas?: number;
  image: string;
  /** Nodes the pods run on (default: spread over untainted nodes). */
  nodes?: string[];
  /** DaemonSets that tolerate every taint (node-exporter, promtail). */
  tolerateAll?: boolean;
}

export interface ClusterSpec {
  name: string;
  gitVersion: string;
  platform: string;
  /** metrics-server installed (k3s ships it; a plain kubeadm cluster does not). */
  metrics: boolean;
  nodes: NodeSpec[];
  workloads: WorkloadSpec[];
  /** Age of the cluster in days, for creation timestamps. */
  ageDays?: number;
}

export interface Taint {
  key: string;
  value?: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  timeAdded?: string;
}

interface ContainerState {
  running?: { startedAt: string };
  waiting?: { reason: string; message?: string };
  terminated?: { exitCode: number; reason: string; startedAt?: string; finishedAt: string; message?: string };
}

export interface ContainerStatus {
  name: string;
  image: string;
  imageID: string;
  ready: boolean;
  started: boolean;
  restartCount: number;
  state: ContainerState;
  lastState: ContainerState;
}

export interface PodObject extends KObject {
  spec: { nodeName?: string; containers: { name: string; image: string }[]; tolerations?: { operator: string }[] };
  status: {
    phase: string;
    reason?: string;
    message?: string;
    conditions: { type: string; status: string; reason?: string; message?: string; lastTransitionTime: string }[];
    containerStatuses?: ContainerStatus[];
    startTime?: string;
    podIP?: string;
    hostIP?: string;
  };
}

export interface NodeObject extends KObject {
  spec: { podCIDR: string; taints?: Taint[]; unschedulable?: boolean };
  status: {
    capacity: Record<string, string>;
    allocatable: Record<string, string>;
    conditions: { type: string; status: string; reason: string; message: string; lastHeartbeatTime: string; lastTransitionTime: string }[];
    addresses: { type: string; address: string }[];
    nodeInfo: Record<string, string>;
  };
}

export interface DeploymentObject extends KObject {
  spec: { replicas: number; selector: { matchLabels: Record<string, string> }; template: { metadata: { labels: Record<string, string>; annotations?: Record<string, string> }; spec: { containers: { name: string; image: string }[] } } };
  status: { replicas: number; readyReplicas: number; updatedReplicas: number; availableReplicas: number; observedGeneration: number };
}

export interface EventObject extends KObject {
  involvedObject: { kind: string; name: string; namespace?: string; uid?: string };
  reason: string;
  message: string;
  type: 'Normal' | 'Warning';
  count: number;
  firstTimestamp: string;
  lastTimestamp: string;
  source: { component: string; host?: string };
}

type Fault = 'crashloop' | 'imagepull' | 'oom' | 'unschedulable';

/** Short hash like the pod-template-hash of a ReplicaSet. */
function shortHash(seed: string, len: number): string {
  let h = 2166136261;
  for (const ch of seed) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let out = '';
  for (let i = 0; i < len; i++) {
    out += alphabet[h % alphabet.length];
    h = Math.imul(h ^ (i + 0x9e37), 2654435761) >>> 0;
  }
  return out;
}

export class SimCluster {
  readonly store = new ObjectStore();
  private readonly faults = new Map<string, Fault>();
  private podSeq = 0;

  constructor(
    readonly spec: ClusterSpec,
    private readonly now: () => number = Date.now,
  ) {
    this.build();
  }

  private iso(offsetMs = 0): string {
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

  private build(): void {
    const born = -(this.spec.ageDays ?? 200) * 86_400_000;
    const namespaces = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease', ...this.spec.workloads.map((w) => w.namespace)]);
    for (const ns of namespaces) {
      this.store.put('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, creationTimestamp: this.iso(born) }, status: { phase: 'Active' } });
    }
    this.spec.nodes.forEach((n, i) => this.store.put('nodes', this.nodeObject(n, born + i * 3_600_000)));
    const schedulable = this.spec.nodes.filter((n) => !n.taints?.length).map((n) => n.name);
    let spread = 0;
    for (const w of this.spec.workloads) {
      const created = born + 86_400_000 * (1 + (spread % 30));
      const replicas = w.kind === 'DaemonSet' ? 0 : (w.replicas ?? 1);
      const targets =
        w.kind === 'DaemonSet'
          ? this.spec.nodes.filter((n) => w.tolerateAll || !n.taints?.length).map((n) => n.name)
          : Array.from({ length: replicas }, (_, i) => (w.nodes?.length ? w.nodes[i % w.nodes.length] : schedulable[(spread + i) % schedulable.length]));
      spread += targets.length;
      if (w.kind === 'Deployment') this.store.put('deployments', this.deploymentObject(w, created));
      targets.forEach((node, i) => this.store.put('pods', this.podObject(w, node, i, created, this.templateHash(w))));
    }
  }

  private templateHash(w: WorkloadSpec, restartedAt?: string): string {
    return shortHash(`${w.namespace}/${w.name}/${restartedAt ?? ''}`, 10).slice(0, 10);
  }

  private nodeObject(n: NodeSpec, createdOffset: number): NodeObject {
    const labels: Record<string, string> = {
      'beta.kubernetes.io/arch': n.arch,
      'beta.kubernetes.io/os': 'linux',
      'kubernetes.io/arch': n.arch,
      'kubernetes.io/hostname': n.name,
      'kubernetes.io/os': 'linux',
    };
    for (const r of n.roles) labels[`node-role.kubernetes.io/${r}`] = 'true';
    if (n.kubelet.includes('k3s')) labels['node.kubernetes.io/instance-type'] = 'k3s';
    const t = this.iso(-30_000);
    const memKi = n.memGi * 1024 * 1024 - 200_000;
    return {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: n.name, labels, annotations: { 'node.alpha.kubernetes.io/ttl': '0' }, creationTimestamp: this.iso(createdOffset) },
      spec: { podCIDR: `10.42.${this.spec.nodes.indexOf(n)}.0/24`, ...(n.taints?.length ? { taints: n.taints } : {}) },
      status: {
        capacity: { cpu: String(n.cpu), memory: `${memKi}Ki`, pods: '110', 'ephemeral-storage': '102626232Ki' },
        allocatable: { cpu: String(n.cpu), memory: `${memKi}Ki`, pods: '110', 'ephemeral-storage': '99833802265' },
        conditions: [
          { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available', lastHeartbeatTime: t, lastTransitionTime: this.iso(createdOffset) },
          { type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure', lastHeartbeatTime: t, lastTransitionTime: this.iso(createdOffset) },
          { type: 'PIDPressure', status: 'False', reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available', lastHeartbeatTime: t, lastTransitionTime: this.iso(createdOffset) },
          { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: t, lastTransitionTime: this.iso(createdOffset) },
        ],
        addresses: [
          { type: 'InternalIP', address: n.internalIp },
          { type: 'Hostname', address: n.name },
        ],
        nodeInfo: {
          architecture: n.arch,
          kubeletVersion: n.kubelet,
          kubeProxyVersion: n.kubelet,
          operatingSystem: 'linux',
          osImage: n.osImage,
          kernelVersion: n.kernel,
          containerRuntimeVersion: n.kubelet.includes('k3s') ? 'containerd://1.7.22-k3s1' : 'containerd://1.7.24',
        },
      },
    };
  }

  private deploymentObject(w: WorkloadSpec, created: number): DeploymentObject {
    const labels = { app: w.name };
    const replicas = w.replicas ?? 1;
    return {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: w.name, namespace: w.namespace, generation: 1, creationTimestamp: this.iso(created), labels },
      spec: { replicas, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: w.name, image: w.image }] } } },
      status: { replicas, readyReplicas: replicas, updatedReplicas: replicas, availableReplicas: replicas, observedGeneration: 1 },
    };
  }

  private podName(w: WorkloadSpec, index: number, hash: string): string {
    if (w.kind === 'StatefulSet') return `${w.name}-${index}`;
    const suffix = shortHash(`${w.name}-${index}-${++this.podSeq}-${hash}`, 5);
    return w.kind === 'DaemonSet' ? `${w.name}-${suffix}` : `${w.name}-${hash}-${suffix}`;
  }

  private podObject(w: WorkloadSpec, node: string, index: number, created: number, hash: string, starting = false): PodObject {
    const name = this.podName(w, index, hash);
    const ownerKind = w.kind === 'Deployment' ? 'ReplicaSet' : w.kind;
    const ownerName = w.kind === 'Deployment' ? `${w.name}-${hash}` : w.name;
    const nodeSpec = this.spec.nodes.find((n) => n.name === node);
    const started = this.iso(created + 60_000);
    const meta: ObjectMeta = {
      name,
      namespace: w.namespace,
      creationTimestamp: this.iso(created),
      labels: { app: w.name, ...(w.kind === 'Deployment' ? { 'pod-template-hash': hash } : {}) },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: ownerKind, name: ownerName, uid: this.store.newUid(), controller: true }],
    };
    const cname = w.name.replace(/-(server|controller|operator)$/, '') || w.name;
    const state: ContainerState = starting ? { waiting: { reason: 'ContainerCreating' } } : { running: { startedAt: started } };
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: meta,
      spec: { nodeName: node, containers: [{ name: cname, image: w.image }], ...(w.tolerateAll ? { tolerations: [{ operator: 'Exists' }] } : {}) },
      status: {
        phase: starting ? 'Pending' : 'Running',
        conditions: [
          { type: 'PodScheduled', status: 'True', lastTransitionTime: this.iso(created) },
          { type: 'Initialized', status: 'True', lastTransitionTime: this.iso(created) },
          { type: 'ContainersReady', status: starting ? 'False' : 'True', lastTransitionTime: started },
          { type: 'Ready', status: starting ? 'False' : 'True', lastTransitionTime: started },
        ],
        containerStatuses: [{ name: cname, image: w.image, imageID: '', ready: !starting, started: !starting, restartCount: 0, state, lastState: {} }],
        startTime: this.iso(created),
        hostIP: nodeSpec?.internalIp,
        podIP: `10.42.${Math.max(0, this.spec.nodes.findIndex((n) => n.name === node))}.${10 + (this.podSeq % 240)}`,
      },
    };
  }

  private workloadOf(pod: PodObject): WorkloadSpec | undefined {
    return this.spec.workloads.find((w) => w.namespace === pod.metadata.namespace && w.name === pod.metadata.labels?.app);
  }

  /** Appends to (or counts up) an event the way the kubelet and controllers do. */
  recordEvent(involved: { kind: string; name: string; namespace?: string }, type: 'Normal' | 'Warning', reason: string, message: string, component: string): void {
    const ns = involved.namespace ?? 'default';
    const name = `${involved.name}.${shortHash(`${involved.kind}/${involved.name}/${reason}`, 16).replace(/[^a-z0-9]/g, '0')}`;
    const key = `${ns}/${name}`;
    const now = this.iso();
    if (!this.store.update<EventObject>('events', key, (e) => {
      e.count += 1;
      e.lastTimestamp = now;
      e.message = message;
    })) {
      this.store.put<EventObject>('events', {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name, namespace: ns, creationTimestamp: now },
        involvedObject: { ...involved, namespace: involved.namespace },
        reason,
        message,
        type,
        count: 1,
        firstTimestamp: now,
        lastTimestamp: now,
        source: { component },
      });
    }
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
  breakWorkload(namespace: string, workload: string, fault: Fault): PodObject | undefined {
    this.faults.set(`${namespace}/${workload}`, fault);
    const pod = this.pods().find((p) => p.metadata.namespace === namespace && p.metadata.labels?.app === workload);
    if (!pod) return undefined;
    return this.applyFault(pod, fault);
  }

  private applyFault(pod: PodObject, fault: Fault): PodObject | undefined {
    const key = ObjectStore.key(pod);
    const now = this.iso();
    const updated = this.store.update<PodObject>('pods', key, (p) => {
      const cs = p.status.containerStatuses?.[0];
      setCondition(p, 'Ready', 'False', now);
      setCondition(p, 'ContainersReady', 'False', now);
      if (!cs) return;
      cs.ready = false;
      cs.started = false;
      switch (fault) {
        case 'crashloop':
          cs.restartCount += 1;
          cs.lastState = { terminated: { exitCode: 1, reason: 'Error', startedAt: this.iso(-5_000), finishedAt: now } };
          cs.state = { waiting: { reason: 'CrashLoopBackOff', message: `back-off ${backoff(cs.restartCount)} restarting failed container=${cs.name} pod=${p.metadata.name}_${p.metadata.namespace}(${p.metadata.uid})` } };
          break;
        case 'oom':
          cs.restartCount += 1;
          cs.lastState = { terminated: { exitCode: 137, reason: 'OOMKilled', startedAt: this.iso(-60_000), finishedAt: now } };
          cs.state = { waiting: { reason: 'CrashLoopBackOff', message: `back-off ${backoff(cs.restartCount)} restarting failed container=${cs.name} pod=${p.metadata.name}_${p.metadata.namespace}(${p.metadata.uid})` } };
          break;
        case 'imagepull':
          p.status.phase = 'Pending';
          cs.state = { waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${cs.image}"` } };
          break;
        case 'unschedulable':
          p.status.phase = 'Pending';
          delete p.spec.nodeName;
          delete p.status.containerStatuses;
          setCondition(p, 'PodScheduled', 'False', now, 'Unschedulable', '0/7 nodes are available: 1 node(s) had untolerated taint {arch: arm64}, 6 Insufficient memory.');
          break;
      }
    });
    if (updated) {
      const cs = updated.status.containerStatuses?.[0];
      const involved = { kind: 'Pod', name: updated.metadata.name, namespace: updated.metadata.namespace };
      if (fault === 'crashloop' || fault === 'oom') this.recordEvent(involved, 'Warning', 'BackOff', `Back-off restarting failed container ${cs?.name ?? ''} in pod ${updated.metadata.name}_${updated.metadata.namespace}(${updated.metadata.uid})`, 'kubelet');
      if (fault === 'imagepull') this.recordEvent(involved, 'Warning', 'Failed', `Failed to pull image "${cs?.image ?? ''}": rpc error: code = NotFound desc = failed to pull and unpack image: not found`, 'kubelet');
      if (fault === 'unschedulable') this.recordEvent(involved, 'Warning', 'FailedScheduling', '0/7 nodes are available: 1 node(s) had untolerated taint {arch: arm64}, 6 Insufficient memory.', 'default-scheduler');
    }
    return updated;
  }

  /** Time passes: crash-looping pods restart again, new pods finish starting. */
  tick(): void {
    for (const pod of this.pods()) {
      const w = this.workloadOf(pod);
      const fault = w ? this.faults.get(`${w.namespace}/${w.name}`) : undefined;
      const cs = pod.status.containerStatuses?.[0];
      if (fault === 'crashloop' || fault === 'oom') this.applyFault(pod, fault);
      else if (cs?.state.waiting?.reason === 'ContainerCreating') {
        const now = this.iso();
        this.store.update<PodObject>('pods', ObjectStore.key(pod), (p) => {
          p.status.phase = 'Running';
          setCondition(p, 'Ready', 'True', now);
          setCondition(p, 'ContainersReady', 'True', now);
          const c = p.status.containerStatuses?.[0];
          if (c) Object.assign(c, { ready: true, started: true, state: { running: { startedAt: now } } });
        });
      }
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
      const hash = this.templateHash(w, restartedAt);
      const old = this.pods().filter((p) => p.metadata.namespace === namespace && p.metadata.labels?.app === name);
      old.forEach((p, i) => {
        this.store.delete('pods', ObjectStore.key(p));
        const fresh = this.podObject(w, p.spec.nodeName ?? this.nodeNames[0], i, this.now(), hash, true);
        this.store.put('pods', fresh);
        const fault = this.faults.get(`${namespace}/${name}`);
        if (fault && i === 0) this.applyFault(fresh, fault);
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
      const hash = pod.metadata.labels?.['pod-template-hash'] ?? this.templateHash(w);
      const index = w.kind === 'StatefulSet' ? Number(name.slice(name.lastIndexOf('-') + 1)) : 0;
      const fresh = this.store.put('pods', this.podObject(w, pod.spec.nodeName ?? this.nodeNames[0], index, this.now(), hash, true));
      const fault = this.faults.get(`${w.namespace}/${w.name}`);
      if (fault) this.applyFault(fresh, fault);
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

function backoff(restarts: number): string {
  const s = Math.min(10 * 2 ** Math.max(0, restarts - 1), 300);
  return s >= 60 ? `${Math.floor(s / 60)}m${s % 60}s` : `${s}s`;
}

function setCondition(p: PodObject, type: string, status: string, at: string, reason?: string, message?: string): void {
  const c = p.status.conditions.find((x) => x.type === type);
  if (c) {
    if (c.status !== status) c.lastTransitionTime = at;
    c.status = status;
    if (reason) c.reason = reason;
    if (message) c.message = message;
  } else p.status.conditions.push({ type, status, lastTransitionTime: at, ...(reason ? { reason } : {}), ...(message ? { message } : {}) });
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
