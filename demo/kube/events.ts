/**
 * Events as the kubelet and the controllers write them: one Event per object
 * and reason, counted up when it happens again (what `kubectl get events`
 * and `describe` show as "x12 over 5m").
 */
import { shortHash, type ClusterContext, type EventObject } from './objects';

/** Appends to (or counts up) an event the way the kubelet and controllers do. */
export function recordEvent(ctx: ClusterContext, involved: { kind: string; name: string; namespace?: string }, type: 'Normal' | 'Warning', reason: string, message: string, component: string): void {
  const ns = involved.namespace ?? 'default';
  const name = `${involved.name}.${shortHash(`${involved.kind}/${involved.name}/${reason}`, 16).replace(/[^a-z0-9]/g, '0')}`;
  const key = `${ns}/${name}`;
  const now = ctx.iso();
  if (!ctx.store.update<EventObject>('events', key, (e) => {
    e.count += 1;
    e.lastTimestamp = now;
    e.message = message;
  })) {
    ctx.store.put<EventObject>('events', {
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
