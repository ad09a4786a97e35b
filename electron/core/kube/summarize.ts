import { english, part, quoted, type Msg } from '../../../shared/message';
/** Turns Kubernetes objects into LabTray's node, pod and event summaries. Pure functions. */
import type { KubeEvent, KubeNode, KubePodProblem } from '../../../shared/kube';
import type { WireEvent, WireNode, WireNodeMetrics, WirePod } from './wire';

const SUFFIX: Record<string, number> = {
  n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, K: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/** A resource quantity (`250m`, `3977728Ki`, `1.5Gi`, `129e6`) as a plain number; null when it is not one. */
export function parseQuantity(q: string | number | null | undefined): number | null {
  if (q === null || q === undefined) return null;
  if (typeof q === 'number') return Number.isFinite(q) ? q : null;
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)(n|u|m|k|K|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/.exec(q.trim());
  if (!m) return null;
  return Number(m[1]) * SUFFIX[m[2] ?? ''];
}

const PRESSURE = new Set(['MemoryPressure', 'DiskPressure', 'PIDPressure', 'NetworkUnavailable']);

/** Roles from `node-role.kubernetes.io/<role>` labels (and the older `kubernetes.io/role`). */
export function nodeRoles(labels: Record<string, string> | null | undefined): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(labels ?? {})) {
    if (k.startsWith('node-role.kubernetes.io/')) roles.add(k.slice('node-role.kubernetes.io/'.length) || v);
    else if (k === 'kubernetes.io/role' && v) roles.add(v);
  }
  return [...roles].filter(Boolean).sort();
}

export function summarizeNode(n: WireNode, metrics: WireNodeMetrics | undefined): KubeNode {
  const conditions = n.status?.conditions ?? [];
  const ready = conditions.some((c) => c.type === 'Ready' && c.status === 'True');
  const capacity = n.status?.allocatable ?? n.status?.capacity ?? {};
  return {
    name: n.metadata.name,
    ready,
    roles: nodeRoles(n.metadata.labels),
    arch: n.status?.nodeInfo?.architecture ?? n.metadata.labels?.['kubernetes.io/arch'] ?? null,
    kubeletVersion: n.status?.nodeInfo?.kubeletVersion ?? null,
    problems: conditions.filter((c) => PRESSURE.has(c.type) && c.status === 'True').map((c) => c.type),
    taints: (n.spec?.taints ?? []).map((t) => ({ key: t.key, value: t.value ?? null, effect: t.effect })),
    unschedulable: n.spec?.unschedulable === true,
    cpuUsage: metrics ? parseQuantity(metrics.usage.cpu) : null,
    memUsage: metrics ? parseQuantity(metrics.usage.memory) : null,
    cpuCapacity: parseQuantity(capacity.cpu),
    memCapacity: parseQuantity(capacity.memory),
    notReadyReason: ready ? null : notReadyReason(n),
  };
}

/** Why a node is not Ready, in the kubelet's words ("Kubelet stopped posting node status."). */
export function notReadyReason(n: WireNode): string | null {
  const c = n.status?.conditions?.find((x) => x.type === 'Ready');
  if (!c) return 'no Ready condition reported';
  if (c.status === 'True') return null;
  return [c.reason, c.message].filter(Boolean).join(': ') || `Ready=${c.status}`;
}

export interface PodRules {
  /** A Pending pod older than this is a problem (scheduling or image pulls stuck). */
  pendingAfterMs: number;
  /** This many restarts, the last one recent, is a problem even when the pod runs now. */
  manyRestarts: number;
  /** How recent the last restart must be for `manyRestarts` to count. */
  restartWindowMs: number;
}

export const defaultPodRules: PodRules = { pendingAfterMs: 5 * 60_000, manyRestarts: 5, restartWindowMs: 60 * 60_000 };

const IMAGE_PULL = new Set(['ImagePullBackOff', 'ErrImagePull', 'InvalidImageName', 'ErrImageNeverPull']);
const BAD_WAITING = new Set(['CrashLoopBackOff', 'CreateContainerConfigError', 'CreateContainerError', 'RunContainerError', ...IMAGE_PULL]);

type ContainerStatus = NonNullable<NonNullable<NonNullable<WirePod['status']>['initContainerStatuses']>[number]>;

/** Where the init containers are, as kubectl shows it (`Init:1/2`, `Init:CrashLoopBackOff`, `Init:Error`): null once all are done. */
export function initStatus(inits: readonly ContainerStatus[]): { reason: string; container: ContainerStatus; done: number; total: number; failing: boolean } | null {
  const total = inits.length;
  for (let done = 0; done < total; done++) {
    const c = inits[done];
    const t = c.state?.terminated;
    if (t && t.exitCode === 0) continue;
    if (t) return { reason: `Init:${t.reason || (t.signal ? `Signal:${t.signal}` : `ExitCode:${t.exitCode ?? '?'}`)}`, container: c, done, total, failing: true };
    const w = c.state?.waiting;
    if (w?.reason && w.reason !== 'PodInitializing') return { reason: `Init:${w.reason}`, container: c, done, total, failing: BAD_WAITING.has(w.reason) };
    return { reason: `Init:${done}/${total}`, container: c, done, total, failing: false };
  }
  return null;
}

/** The problem with a pod whose init containers are not all done: at once when one fails, after `pendingAfterMs` when they are only slow. */
function initProblem(p: WirePod, now: number, rules: PodRules): { reason: string; message: string; messageMsg: Msg } | 'initializing' | null {
  const init = initStatus(p.status?.initContainerStatuses ?? []);
  if (!init || p.status?.phase === 'Running' || p.status?.phase === 'Succeeded') return null;
  const c = init.container;
  const last = c.state?.terminated ?? c.lastState?.terminated;
  const w = c.state?.waiting;
  const what = last && !(w?.reason && IMAGE_PULL.has(w.reason))
    ? part('kube.detail.lastExited', { container: c.name, code: last.exitCode ?? '?', reason: last.reason ?? 'unknown' })
    : w?.message ? quoted(w.message) : '';
  const m = part('kube.detail.init', { container: c.name, done: init.done, total: init.total, what: what ? part('kube.detail.initWhat', { what }) : '' });
  return init.failing || waitedPast(p, now, rules.pendingAfterMs) ? { reason: init.reason, message: english(m), messageMsg: m } : 'initializing';
}

/** Whether the pod has been waiting to start (since it started or was created) for at least `ms`. */
function waitedPast(p: WirePod, now: number, ms: number): boolean {
  const since = Date.parse(p.status?.startTime ?? p.metadata.creationTimestamp ?? '');
  return Number.isFinite(since) && now - since >= ms;
}

/** The problem with one pod, or null when it is healthy (or finished successfully). */
export function podProblem(p: WirePod, now: number, rules: PodRules = defaultPodRules): KubePodProblem | null {
  const status = p.status ?? {};
  const phase = status.phase ?? 'Unknown';
  const all = [...(status.initContainerStatuses ?? []), ...(status.containerStatuses ?? [])];
  const restarts = all.reduce((sum, c) => sum + (c.restartCount ?? 0), 0);
  const owner = p.metadata.ownerReferences?.find((o) => o.controller) ?? p.metadata.ownerReferences?.[0];
  const base = {
    namespace: p.metadata.namespace ?? 'default',
    name: p.metadata.name,
    node: p.spec?.nodeName ?? null,
    phase,
    restarts,
    owner: owner ? { kind: owner.kind, name: owner.name } : null,
  };
  if (phase === 'Succeeded') return null;
  // Init containers first, as kubectl shows them: the pod waits on the one named.
  const init = initProblem(p, now, rules);
  if (init === 'initializing') return null;
  if (init) return { ...base, ...init };

  for (const c of all) {
    const w = c.state?.waiting;
    if (w?.reason && BAD_WAITING.has(w.reason)) {
      const oom = c.lastState?.terminated?.reason === 'OOMKilled';
      const last = c.lastState?.terminated;
      const why = oom ? 'OOMKilled' : w.reason;
      const m =
        last && !IMAGE_PULL.has(w.reason)
          ? part('kube.detail.lastExited', { container: c.name, code: last.exitCode ?? '?', reason: last.reason ?? 'unknown' })
          : part('kube.detail.waiting', { container: c.name, message: quoted(w.message ?? w.reason) });
      return { ...base, reason: why, message: english(m), messageMsg: m };
    }
    if (c.state?.terminated?.reason === 'OOMKilled' || (c.lastState?.terminated?.reason === 'OOMKilled' && recent(c.lastState.terminated.finishedAt, now, rules.restartWindowMs))) {
      const m = part('kube.detail.oomKilled', { container: c.name });
      return { ...base, reason: 'OOMKilled', message: english(m), messageMsg: m };
    }
  }
  if (phase === 'Failed') return { ...base, reason: status.reason ?? 'Failed', message: status.message ?? null };
  if (phase === 'Pending') {
    if (waitedPast(p, now, rules.pendingAfterMs)) {
      const sched = status.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False');
      const waiting = all.find((c) => c.state?.waiting?.reason)?.state?.waiting;
      return { ...base, reason: 'Pending', message: sched?.message ?? (waiting ? `${waiting.reason}${waiting.message ? `: ${waiting.message}` : ''}` : null) };
    }
    return null;
  }
  if (restarts >= rules.manyRestarts) {
    const lastExit = Math.max(0, ...all.map((c) => Date.parse(c.lastState?.terminated?.finishedAt ?? '') || 0));
    if (lastExit && now - lastExit <= rules.restartWindowMs) {
      const m = part('kube.detail.restarts', { count: restarts, minutes: Math.round((now - lastExit) / 60_000) });
      return { ...base, reason: 'Restarts', message: english(m), messageMsg: m };
    }
  }
  return null;
}

function recent(at: string | null | undefined, now: number, windowMs: number): boolean {
  const t = Date.parse(at ?? '');
  return Number.isFinite(t) && now - t <= windowMs;
}

/** The time an event was last seen, whichever API filled it in. */
export function eventLastSeen(e: WireEvent): string | null {
  return e.series?.lastObservedTime ?? e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata.creationTimestamp ?? null;
}

/** Warning events seen within `windowMs`, newest first, at most `max`. */
export function warningEvents(events: Iterable<WireEvent>, now: number, windowMs = 60 * 60_000, max = 50): KubeEvent[] {
  const out: KubeEvent[] = [];
  for (const e of events) {
    if (e.type !== 'Warning') continue;
    const last = eventLastSeen(e);
    const t = Date.parse(last ?? '');
    if (Number.isFinite(t) && now - t > windowMs) continue;
    const obj = e.involvedObject;
    out.push({
      namespace: e.metadata.namespace ?? obj?.namespace ?? 'default',
      object: obj?.name ? `${(obj.kind ?? 'object').toLowerCase()}/${obj.name}` : e.metadata.name,
      reason: e.reason ?? 'Warning',
      message: (e.message ?? '').trim(),
      count: e.series?.count ?? e.count ?? 1,
      lastSeen: last,
    });
  }
  return out.sort((a, b) => (b.lastSeen ?? '').localeCompare(a.lastSeen ?? '')).slice(0, max);
}
