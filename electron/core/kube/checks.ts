/** Health checks for one cluster: API reachable, nodes Ready and without pressure, pods not failing. */
import type { KubeCluster, KubePodProblem } from '../../../shared/kube';
import type { Check, Status } from '../../../shared/status';

/** Crash-looping this often is critical: the pod has been failing for a long while. */
export const CRASH_CRIT_RESTARTS = 10;

/** What is wrong with reaching the API right now (down, credentials refused), or null. */
export interface ApiProblem {
  summary: string;
  error: string;
  since: string;
}

export function podStatus(p: KubePodProblem): Status {
  if (p.reason === 'CrashLoopBackOff' || p.reason === 'OOMKilled') return p.restarts >= CRASH_CRIT_RESTARTS ? 'crit' : 'warn';
  return 'warn';
}

export function kubeChecks(sourceId: string, k: KubeCluster, observedAt: string, api: ApiProblem | null): Check[] {
  const checks: Check[] = [];
  const base = { source: sourceId, observedAt };
  if (api) checks.push({ ...base, id: `${sourceId}:api`, target: sourceId, status: 'crit', summary: `${k.context}: ${api.summary}`, detail: `since ${api.since}`, error: api.error, observedAt: api.since });
  if (!k.reachable) return checks;

  const ready = k.nodes.filter((n) => n.ready).length;
  // One ok line while all is well; a node that is not Ready has its own critical check below.
  if (ready === k.nodes.length) checks.push({ ...base, id: `${sourceId}:nodes`, target: sourceId, status: 'ok', summary: `${k.context}: ${ready}/${k.nodes.length} nodes Ready${k.version ? ` (${k.version})` : ''}` });
  for (const n of k.nodes) {
    const target = `kube-node:${k.context}/${n.name}`;
    if (!n.ready) {
      checks.push({ ...base, id: `${sourceId}:node:${n.name}:ready`, target, status: 'crit', summary: `${k.context}: node ${n.name} is NotReady`, detail: n.notReadyReason ?? undefined });
    }
    if (n.problems.length) {
      checks.push({ ...base, id: `${sourceId}:node:${n.name}:pressure`, target, status: 'warn', summary: `${k.context}: node ${n.name} reports ${n.problems.join(', ')}` });
    }
  }
  for (const p of k.unhealthyPods) {
    const restarts = p.restarts ? `, ${p.restarts} restart${p.restarts === 1 ? '' : 's'}` : '';
    const owner = p.owner ? ` (${p.owner.kind} ${p.owner.name})` : '';
    checks.push({
      ...base,
      id: `${sourceId}:pod:${p.namespace}/${p.name}`,
      target: `kube-pod:${k.context}/${p.namespace}/${p.name}`,
      status: podStatus(p),
      summary: `${k.context}: pod ${p.namespace}/${p.name} ${p.reason}${restarts}${owner}`,
      detail: [p.message, p.node ? `on node ${p.node}` : null].filter(Boolean).join('; ') || undefined,
    });
  }
  return checks;
}
