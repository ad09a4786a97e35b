/**
 * The owner's three clusters (shared/reference-lab.yaml): k3s-main, the
 * control plane for istio / karmada / argo-cd; k3s-data-1 with its workers on
 * um560, s500plus and gtr5 plus the tainted arm64 Orange Pi 5, running the
 * monitoring stack; k8s-data-2, a kubeadm cluster without metrics-server.
 */
import type { ClusterSpec, NodeSpec, WorkloadSpec } from './objects';

const K3S = 'v1.30.6+k3s1';
const UBUNTU = { osImage: 'Ubuntu 22.04.5 LTS', kernel: '5.15.0-125-generic' };

function k3sNode(name: string, ip: string, roles: string[], cpu: number, memGi: number, usage: { cpu: number; mem: number }): NodeSpec {
  return { name, roles, arch: 'amd64', cpu, memGi, kubelet: K3S, internalIp: ip, ...UBUNTU, usage };
}

const deploy = (namespace: string, name: string, image: string, replicas = 1, nodes?: string[]): WorkloadSpec => ({ namespace, name, kind: 'Deployment', image, replicas, ...(nodes ? { nodes } : {}) });
const sts = (namespace: string, name: string, image: string, replicas = 1, nodes?: string[]): WorkloadSpec => ({ namespace, name, kind: 'StatefulSet', image, replicas, ...(nodes ? { nodes } : {}) });
const ds = (namespace: string, name: string, image: string, tolerateAll = false): WorkloadSpec => ({ namespace, name, kind: 'DaemonSet', image, tolerateAll });

const k3sSystem = (): WorkloadSpec[] => [
  deploy('kube-system', 'coredns', 'rancher/mirrored-coredns-coredns:1.11.3'),
  deploy('kube-system', 'local-path-provisioner', 'rancher/local-path-provisioner:v0.0.30'),
  deploy('kube-system', 'metrics-server', 'rancher/mirrored-metrics-server:v0.7.2'),
  deploy('kube-system', 'traefik', 'rancher/mirrored-library-traefik:2.11.10'),
  ds('kube-system', 'svclb-traefik', 'rancher/klipper-lb:v0.4.9', true),
];

export const k3sMain: ClusterSpec = {
  name: 'k3s-main',
  gitVersion: K3S,
  platform: 'linux/amd64',
  metrics: true,
  ageDays: 640,
  nodes: [k3sNode('k3s-main', '192.168.31.21', ['control-plane', 'master'], 2, 4, { cpu: 0.46, mem: 0.71 })],
  workloads: [
    ...k3sSystem(),
    deploy('istio-system', 'istiod', 'docker.io/istio/pilot:1.23.2'),
    deploy('istio-system', 'istio-ingressgateway', 'docker.io/istio/proxyv2:1.23.2'),
    deploy('karmada-system', 'karmada-apiserver', 'registry.k8s.io/kube-apiserver:v1.30.4'),
    deploy('karmada-system', 'karmada-controller-manager', 'docker.io/karmada/karmada-controller-manager:v1.11.1'),
    deploy('karmada-system', 'karmada-scheduler', 'docker.io/karmada/karmada-scheduler:v1.11.1'),
    deploy('karmada-system', 'karmada-webhook', 'docker.io/karmada/karmada-webhook:v1.11.1'),
    sts('karmada-system', 'etcd', 'registry.k8s.io/etcd:3.5.13-0'),
    deploy('argocd', 'argocd-server', 'quay.io/argoproj/argocd:v2.12.6'),
    deploy('argocd', 'argocd-repo-server', 'quay.io/argoproj/argocd:v2.12.6'),
    sts('argocd', 'argocd-application-controller', 'quay.io/argoproj/argocd:v2.12.6'),
    deploy('argocd', 'argocd-redis', 'docker.io/library/redis:7.0.15-alpine'),
    deploy('argo', 'argo-workflows-server', 'quay.io/argoproj/argocli:v3.5.11'),
    deploy('argo', 'argo-workflows-workflow-controller', 'quay.io/argoproj/workflow-controller:v3.5.11'),
    deploy('cert-manager', 'cert-manager', 'quay.io/jetstack/cert-manager-controller:v1.16.1'),
    deploy('cert-manager', 'cert-manager-webhook', 'quay.io/jetstack/cert-manager-webhook:v1.16.1'),
    deploy('kyverno', 'kyverno-admission-controller', 'ghcr.io/kyverno/kyverno:v1.12.6'),
    deploy('tekton-pipelines', 'tekton-pipelines-controller', 'gcr.io/tekton-releases/github.com/tektoncd/pipeline/cmd/controller:v0.62.3'),
  ],
};

/** The worker that stops posting status in the demo: the first high-performance worker on gtr5. */
export const DEMO_NOT_READY = { cluster: 'k3s-data-1', node: 'k3s-data-1-worker-3' };
/** The pod that crash-loops in the demo: vmalert, whose alerting is "not yet set up". */
export const DEMO_CRASHLOOP = { cluster: 'k3s-data-1', namespace: 'monitoring', workload: 'vmalert' };

const workers = ['k3s-data-1-worker-1', 'k3s-data-1-worker-2', 'k3s-data-1-worker-3', 'k3s-data-1-worker-4', 'k3s-data-1-worker-5'];

export const k3sData1: ClusterSpec = {
  name: 'k3s-data-1',
  gitVersion: K3S,
  platform: 'linux/amd64',
  metrics: true,
  ageDays: 420,
  nodes: [
    k3sNode('k3s-data-1', '192.168.31.31', ['control-plane', 'master'], 2, 4, { cpu: 0.38, mem: 0.66 }),
    k3sNode('k3s-data-1-worker-1', '192.168.31.32', [], 4, 8, { cpu: 0.52, mem: 0.74 }),
    k3sNode('k3s-data-1-worker-2', '192.168.31.33', [], 4, 16, { cpu: 0.21, mem: 0.48 }),
    k3sNode('k3s-data-1-worker-3', '192.168.31.34', [], 4, 16, { cpu: 0.33, mem: 0.51 }),
    k3sNode('k3s-data-1-worker-4', '192.168.31.35', [], 4, 16, { cpu: 0.27, mem: 0.45 }),
    k3sNode('k3s-data-1-worker-5', '192.168.31.36', [], 4, 16, { cpu: 0.18, mem: 0.39 }),
    {
      name: 'orangepi5',
      roles: [],
      arch: 'arm64',
      cpu: 8,
      memGi: 8,
      kubelet: K3S,
      internalIp: '192.168.31.50',
      osImage: 'Debian GNU/Linux 12 (bookworm)',
      kernel: '6.1.43-rockchip-rk3588',
      taints: [{ key: 'arch', value: 'arm64', effect: 'NoSchedule' }],
      usage: { cpu: 0.09, mem: 0.22 },
    },
  ],
  workloads: [
    ...k3sSystem(),
    deploy('monitoring', 'victoria-metrics-operator', 'victoriametrics/operator:v0.48.4', 1, [workers[0]]),
    sts('monitoring', 'vmsingle-victoria-metrics', 'victoriametrics/victoria-metrics:v1.104.0', 1, [workers[0]]),
    deploy('monitoring', 'vmagent', 'victoriametrics/vmagent:v1.104.0', 1, [workers[0]]),
    deploy('monitoring', 'vmalert', 'victoriametrics/vmalert:v1.104.0', 1, [workers[0]]),
    deploy('monitoring', 'grafana', 'docker.io/grafana/grafana:11.3.0', 1, [workers[0]]),
    sts('monitoring', 'loki', 'docker.io/grafana/loki:3.2.1', 1, [workers[0]]),
    ds('monitoring', 'promtail', 'docker.io/grafana/promtail:3.2.1', true),
    ds('monitoring', 'node-exporter', 'quay.io/prometheus/node-exporter:v1.8.2', true),
    deploy('eclipse-che', 'che', 'quay.io/eclipse/che-server:7.93.0', 1, [workers[1]]),
    deploy('eclipse-che', 'che-gateway', 'quay.io/eclipse/che--traefik:v2.11.8', 1, [workers[1]]),
    sts('databases', 'mysql', 'docker.io/library/mysql:8.4.3', 1, [workers[2]]),
    sts('databases', 'postgresql', 'docker.io/bitnami/postgresql:16.4.0', 1, [workers[3]]),
    sts('databases', 'redis', 'docker.io/bitnami/redis:7.4.1', 1, [workers[4]]),
    sts('storage', 'minio', 'quay.io/minio/minio:RELEASE.2024-10-13T13-34-11Z', 4, workers.slice(1)),
    deploy('harbor', 'harbor-core', 'goharbor/harbor-core:v2.11.1', 1, [workers[3]]),
    deploy('harbor', 'harbor-registry', 'goharbor/registry-photon:v2.11.1', 1, [workers[3]]),
    deploy('dragonfly-system', 'dragonfly-manager', 'dragonflyoss/manager:v2.1.60', 1, [workers[4]]),
    ds('dragonfly-system', 'dragonfly-dfdaemon', 'dragonflyoss/dfdaemon:v2.1.60'),
    deploy('npu', 'rknn-inference', 'ghcr.io/labtray-demo/rknn-toolkit2-server:2.2.0', 1, ['orangepi5']),
  ],
};

export const k8sData2: ClusterSpec = {
  name: 'k8s-data-2',
  gitVersion: 'v1.31.2',
  platform: 'linux/amd64',
  // A kubeadm cluster without metrics-server: node usage stays unknown.
  metrics: false,
  ageDays: 300,
  nodes: [
    { name: 'k8s-data-2', roles: ['control-plane'], arch: 'amd64', cpu: 2, memGi: 4, kubelet: 'v1.31.2', internalIp: '192.168.31.41', ...UBUNTU, taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] },
    { name: 'k8s-data-2-worker', roles: [], arch: 'amd64', cpu: 4, memGi: 16, kubelet: 'v1.31.2', internalIp: '192.168.31.42', ...UBUNTU },
  ],
  workloads: [
    deploy('kube-system', 'coredns', 'registry.k8s.io/coredns/coredns:v1.11.3', 2, ['k8s-data-2']),
    sts('kube-system', 'etcd-k8s-data-2', 'registry.k8s.io/etcd:3.5.15-0', 1, ['k8s-data-2']),
    ds('kube-system', 'cilium', 'quay.io/cilium/cilium:v1.16.3', true),
    deploy('kube-system', 'cilium-operator', 'quay.io/cilium/operator-generic:v1.16.3'),
    deploy('keda', 'keda-operator', 'ghcr.io/kedacore/keda:2.15.1'),
    deploy('dapr-system', 'dapr-operator', 'ghcr.io/dapr/operator:1.14.4'),
    deploy('dapr-system', 'dapr-sidecar-injector', 'ghcr.io/dapr/injector:1.14.4'),
    deploy('knative-serving', 'activator', 'gcr.io/knative-releases/knative.dev/serving/cmd/activator:v1.15.2'),
    deploy('knative-serving', 'controller', 'gcr.io/knative-releases/knative.dev/serving/cmd/controller:v1.15.2'),
    deploy('openfunction', 'openfunction-controller-manager', 'openfunction/openfunction:v1.2.0'),
  ],
};

export const referenceClusters: ClusterSpec[] = [k3sMain, k3sData1, k8sData2];
