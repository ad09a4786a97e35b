/**
 * What a simulated cluster is made of: the spec it is built from (nodes and
 * workloads, as in shared/reference-lab.yaml) and the Kubernetes objects it
 * serves, typed as far as the simulator reads or writes them.
 */
import type { KObject, ObjectStore } from './store';

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

export interface ContainerState {
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

/** The ways breakWorkload can make a workload's pod fail. */
export type PodFault = 'crashloop' | 'imagepull' | 'oom' | 'unschedulable';

/** The object store and clock every part of a simulated cluster writes with. */
export interface ClusterContext {
  readonly store: ObjectStore;
  /** The cluster's clock `offsetMs` from now, as the API server writes times (RFC 3339, whole seconds). */
  iso(offsetMs?: number): string;
}

/** Short hash like the pod-template-hash of a ReplicaSet. */
export function shortHash(seed: string, len: number): string {
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
