/**
 * What happens to a pod over time: it fails in one of the ways a homelab
 * sees (crash loop, OOM kill, image pull back-off, no node to run on), or, new
 * after a restart or a delete, finishes starting.
 */
import { recordEvent } from './events';
import type { ClusterContext, PodFault, PodObject } from './objects';
import { ObjectStore } from './store';

/** The pod fails in the given way once more (a crash loop or OOM kill counts up its restarts), with the events the kubelet or scheduler records. */
export function applyFault(ctx: ClusterContext, pod: PodObject, fault: PodFault): PodObject | undefined {
  const key = ObjectStore.key(pod);
  const now = ctx.iso();
  const updated = ctx.store.update<PodObject>('pods', key, (p) => {
    const cs = p.status.containerStatuses?.[0];
    setCondition(p, 'Ready', 'False', now);
    setCondition(p, 'ContainersReady', 'False', now);
    if (!cs) return;
    cs.ready = false;
    cs.started = false;
    switch (fault) {
      case 'crashloop':
        cs.restartCount += 1;
        cs.lastState = { terminated: { exitCode: 1, reason: 'Error', startedAt: ctx.iso(-5_000), finishedAt: now } };
        cs.state = { waiting: { reason: 'CrashLoopBackOff', message: `back-off ${backoff(cs.restartCount)} restarting failed container=${cs.name} pod=${p.metadata.name}_${p.metadata.namespace}(${p.metadata.uid})` } };
        break;
      case 'oom':
        cs.restartCount += 1;
        cs.lastState = { terminated: { exitCode: 137, reason: 'OOMKilled', startedAt: ctx.iso(-60_000), finishedAt: now } };
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
    if (fault === 'crashloop' || fault === 'oom') recordEvent(ctx, involved, 'Warning', 'BackOff', `Back-off restarting failed container ${cs?.name ?? ''} in pod ${updated.metadata.name}_${updated.metadata.namespace}(${updated.metadata.uid})`, 'kubelet');
    if (fault === 'imagepull') recordEvent(ctx, involved, 'Warning', 'Failed', `Failed to pull image "${cs?.image ?? ''}": rpc error: code = NotFound desc = failed to pull and unpack image: not found`, 'kubelet');
    if (fault === 'unschedulable') recordEvent(ctx, involved, 'Warning', 'FailedScheduling', '0/7 nodes are available: 1 node(s) had untolerated taint {arch: arm64}, 6 Insufficient memory.', 'default-scheduler');
  }
  return updated;
}

/** A pod that was ContainerCreating is now running and ready. */
export function finishStarting(ctx: ClusterContext, pod: PodObject): void {
  const now = ctx.iso();
  ctx.store.update<PodObject>('pods', ObjectStore.key(pod), (p) => {
    p.status.phase = 'Running';
    setCondition(p, 'Ready', 'True', now);
    setCondition(p, 'ContainersReady', 'True', now);
    const c = p.status.containerStatuses?.[0];
    if (c) Object.assign(c, { ready: true, started: true, state: { running: { startedAt: now } } });
  });
}

/** The kubelet's restart back-off after `restarts` restarts: 10s doubling up to 5m, printed like `2m40s`. */
function backoff(restarts: number): string {
  const s = Math.min(10 * 2 ** Math.max(0, restarts - 1), 300);
  return s >= 60 ? `${Math.floor(s / 60)}m${s % 60}s` : `${s}s`;
}

/** Sets a pod condition; its lastTransitionTime moves only when the status changes. */
function setCondition(p: PodObject, type: string, status: string, at: string, reason?: string, message?: string): void {
  const c = p.status.conditions.find((x) => x.type === type);
  if (c) {
    if (c.status !== status) c.lastTransitionTime = at;
    c.status = status;
    if (reason) c.reason = reason;
    if (message) c.message = message;
  } else p.status.conditions.push({ type, status, lastTransitionTime: at, ...(reason ? { reason } : {}), ...(message ? { message } : {}) });
}
