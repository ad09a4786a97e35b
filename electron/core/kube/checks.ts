/** Health checks for one cluster: API reachable, nodes Ready and without pressure, pods not failing. */
import type { KubeCluster, KubePodProblem } from '../../../shared/kube';
import { coreMessages, detailLines, msg, part, quoted, raw, type CoreKey, type Msg } from '../../../shared/message';
import type { Check, Status } from '../../../shared/status';

/** Crash-looping this often is critical: the pod has been failing for a long while. */
export const CRASH_CRIT_RESTARTS = 10;

/** What is wrong with reaching the API right now (down, credentials refused), or null. */
export interface ApiProblem {
  summary: string;
  /** `summary` as a catalogue message; when absent, a summary equal to a `kube.api.*` template is recognised. */
  msg?: Msg;
  error: string;
  since: string;
}

const API_KEYS: CoreKey[] = ['kube.api.unreachable', 'kube.api.unauthorized', 'kube.api.tls', 'kube.api.forbidden', 'kube.api.badAnswer'];

function apiProblemMsg(api: ApiProblem): Msg {
  if (api.msg) return api.msg;
  const key = API_KEYS.find((k) => coreMessages[k] === api.summary);
  return key ? part(key) : raw(api.summary);
}

export function podStatus(p: KubePodProblem): Status {
  if (p.reason === 'CrashLoopBackOff' || p.reason === 'OOMKilled') return p.restarts >= CRASH_CRIT_RESTARTS ? 'crit' : 'warn';
  return 'warn';
}

export function kubeChecks(sourceId: string, k: KubeCluster, observedAt: string, api: ApiProblem | null): Check[] {
  const checks: Check[] = [];
  const base = { source: sourceId, observedAt };
  if (api) checks.push({ ...base, id: `${sourceId}:api`, target: sourceId, status: 'crit', ...msg('kube.api', { context: k.context, problem: apiProblemMsg(api) }), ...detailLines(part('kube.detail.since', { since: api.since })), error: api.error, observedAt: api.since });
  if (!k.reachable) return checks;

  const ready = k.nodes.filter((n) => n.ready).length;
  // One ok line while all is well; a node that is not Ready has its own critical check below.
  if (ready === k.nodes.length) checks.push({ ...base, id: `${sourceId}:nodes`, target: sourceId, status: 'ok', ...msg('kube.nodesReady', { context: k.context, ready, total: k.nodes.length, version: k.version ? part('kube.version', { version: k.version }) : '' }) });
  for (const n of k.nodes) {
    const target = `kube-node:${k.context}/${n.name}`;
    if (!n.ready) {
      checks.push({ ...base, id: `${sourceId}:node:${n.name}:ready`, target, status: 'crit', ...msg('kube.nodeNotReady', { context: k.context, node: n.name }), ...(n.notReadyReason ? detailLines(quoted(n.notReadyReason)) : {}) });
    }
    if (n.problems.length) {
      checks.push({ ...base, id: `${sourceId}:node:${n.name}:pressure`, target, status: 'warn', ...msg('kube.nodePressure', { context: k.context, node: n.name, conditions: n.problems }) });
    }
  }
  for (const p of k.unhealthyPods) {
    const restarts = !p.restarts ? '' : p.restarts === 1 ? part('kube.restart1') : part('kube.restarts', { n: p.restarts });
    const owner = p.owner ? part('kube.owner', { kind: p.owner.kind, name: p.owner.name }) : '';
    checks.push({
      ...base,
      id: `${sourceId}:pod:${p.namespace}/${p.name}`,
      target: `kube-pod:${k.context}/${p.namespace}/${p.name}`,
      status: podStatus(p),
      ...msg('kube.pod', { context: k.context, namespace: p.namespace, pod: p.name, reason: p.reason, restarts, owner }),
      ...(p.message || p.node ? detailLines(p.messageMsg ?? (p.message ? quoted(p.message) : null), p.node ? part('kube.detail.onNode', { node: p.node }) : null) : {}),
    });
  }
  return checks;
}
