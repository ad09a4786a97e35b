import type { Msg } from './message';
export interface KubeNodeCondition {
  type: string;
  status: string;
  reason: string | null;
  message: string | null;
}

export interface KubeNode {
  name: string;
  ready: boolean;
  roles: string[];
  arch: string | null;
  kubeletVersion: string | null;
  /** Pressure and other non-Ready conditions that are True. */
  problems: string[];
  taints: { key: string; value: string | null; effect: string }[];
  unschedulable: boolean;
  /** CPU in cores, memory in bytes; usage is null without metrics.k8s.io (metrics-server). */
  cpuUsage: number | null;
  memUsage: number | null;
  cpuCapacity: number | null;
  memCapacity: number | null;
  /** Why the node is not Ready, in the kubelet's words ("Kubelet stopped posting node status."). */
  notReadyReason?: string | null;
}

export interface KubePodProblem {
  namespace: string;
  name: string;
  node: string | null;
  phase: string;
  /** CrashLoopBackOff, ImagePullBackOff, Pending, OOMKilled, Restarts, ... */
  reason: string;
  /** What is wrong, in English; the server's own text when the server said it. */
  message: string | null;
  /** The same, as a catalogue message when LabTray composed it (raw server text is quoted); absent for old snapshots. */
  messageMsg?: Msg;
  restarts: number;
  owner: { kind: string; name: string } | null;
}

export interface KubeEvent {
  namespace: string;
  object: string;
  reason: string;
  message: string;
  count: number;
  lastSeen: string | null;
}

export interface KubeCluster {
  context: string;
  server: string | null;
  reachable: boolean;
  version: string | null;
  nodes: KubeNode[];
  podCount: number;
  unhealthyPods: KubePodProblem[];
  warnings: KubeEvent[];
  /** `watch` when watches are live, `poll` when a watch was refused. */
  mode: 'watch' | 'poll' | null;
}
