/**
 * A fresh cluster's objects as k3s or kubeadm would have created them:
 * namespaces, nodes with their labels, capacity and conditions, Deployments,
 * and pods named the way their controllers name them (ReplicaSet hash and
 * suffix, StatefulSet ordinal, DaemonSet suffix).
 */
import { shortHash, type ClusterContext, type ClusterSpec, type ContainerState, type DeploymentObject, type NodeObject, type NodeSpec, type PodObject, type WorkloadSpec } from './objects';
import type { ObjectMeta } from './store';

export class ObjectBuilder {
  /** Counts every pod made, so names and pod IPs stay unique across replacements. */
  private podSeq = 0;

  constructor(
    private readonly spec: ClusterSpec,
    private readonly ctx: ClusterContext,
  ) {}

  /** Puts the whole spec in the store: namespaces, nodes, Deployments and their pods, created over the cluster's lifetime. */
  populate(): void {
    const born = -(this.spec.ageDays ?? 200) * 86_400_000;
    const namespaces = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease', ...this.spec.workloads.map((w) => w.namespace)]);
    for (const ns of namespaces) {
      this.ctx.store.put('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, creationTimestamp: this.ctx.iso(born) }, status: { phase: 'Active' } });
    }
    this.spec.nodes.forEach((n, i) => this.ctx.store.put('nodes', this.nodeObject(n, born + i * 3_600_000)));
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
      if (w.kind === 'Deployment') this.ctx.store.put('deployments', this.deploymentObject(w, created));
      targets.forEach((node, i) => this.ctx.store.put('pods', this.podObject(w, node, i, created, this.templateHash(w))));
    }
  }

  /** The pod-template-hash of a workload's pods; a rollout restart (new `restartedAt`) changes it. */
  templateHash(w: WorkloadSpec, restartedAt?: string): string {
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
    const t = this.ctx.iso(-30_000);
    const memKi = n.memGi * 1024 * 1024 - 200_000;
    return {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: n.name, labels, annotations: { 'node.alpha.kubernetes.io/ttl': '0' }, creationTimestamp: this.ctx.iso(createdOffset) },
      spec: { podCIDR: `10.42.${this.spec.nodes.indexOf(n)}.0/24`, ...(n.taints?.length ? { taints: n.taints } : {}) },
      status: {
        capacity: { cpu: String(n.cpu), memory: `${memKi}Ki`, pods: '110', 'ephemeral-storage': '102626232Ki' },
        allocatable: { cpu: String(n.cpu), memory: `${memKi}Ki`, pods: '110', 'ephemeral-storage': '99833802265' },
        conditions: [
          { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available', lastHeartbeatTime: t, lastTransitionTime: this.ctx.iso(createdOffset) },
          { type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure', lastHeartbeatTime: t, lastTransitionTime: this.ctx.iso(createdOffset) },
          { type: 'PIDPressure', status: 'False', reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available', lastHeartbeatTime: t, lastTransitionTime: this.ctx.iso(createdOffset) },
          { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: t, lastTransitionTime: this.ctx.iso(createdOffset) },
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
      metadata: { name: w.name, namespace: w.namespace, generation: 1, creationTimestamp: this.ctx.iso(created), labels },
      spec: { replicas, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: w.name, image: w.image }] } } },
      status: { replicas, readyReplicas: replicas, updatedReplicas: replicas, availableReplicas: replicas, observedGeneration: 1 },
    };
  }

  private podName(w: WorkloadSpec, index: number, hash: string): string {
    if (w.kind === 'StatefulSet') return `${w.name}-${index}`;
    const suffix = shortHash(`${w.name}-${index}-${++this.podSeq}-${hash}`, 5);
    return w.kind === 'DaemonSet' ? `${w.name}-${suffix}` : `${w.name}-${hash}-${suffix}`;
  }

  /** A pod of workload `w` on `node`, created `created` ms from now (negative: in the past); `starting`: still ContainerCreating. */
  podObject(w: WorkloadSpec, node: string, index: number, created: number, hash: string, starting = false): PodObject {
    const name = this.podName(w, index, hash);
    const ownerKind = w.kind === 'Deployment' ? 'ReplicaSet' : w.kind;
    const ownerName = w.kind === 'Deployment' ? `${w.name}-${hash}` : w.name;
    const nodeSpec = this.spec.nodes.find((n) => n.name === node);
    // A pod that is still starting has had no transition since it was created.
    const started = this.ctx.iso(starting ? created : created + 60_000);
    const meta: ObjectMeta = {
      name,
      namespace: w.namespace,
      creationTimestamp: this.ctx.iso(created),
      labels: { app: w.name, ...(w.kind === 'Deployment' ? { 'pod-template-hash': hash } : {}) },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: ownerKind, name: ownerName, uid: this.ctx.store.newUid(), controller: true }],
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
          { type: 'PodScheduled', status: 'True', lastTransitionTime: this.ctx.iso(created) },
          { type: 'Initialized', status: 'True', lastTransitionTime: this.ctx.iso(created) },
          { type: 'ContainersReady', status: starting ? 'False' : 'True', lastTransitionTime: started },
          { type: 'Ready', status: starting ? 'False' : 'True', lastTransitionTime: started },
        ],
        containerStatuses: [{ name: cname, image: w.image, imageID: '', ready: !starting, started: !starting, restartCount: 0, state, lastState: {} }],
        startTime: this.ctx.iso(created),
        hostIP: nodeSpec?.internalIp,
        podIP: `10.42.${Math.max(0, this.spec.nodes.findIndex((n) => n.name === node))}.${10 + (this.podSeq % 240)}`,
      },
    };
  }
}
