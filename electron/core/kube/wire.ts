/**
 * The few fields LabTray reads from Kubernetes JSON, as zod schemas that let
 * everything else through. Lists may be typed (`NodeList`) or the generic
 * `List` that `kubectl get -o yaml` prints; both are accepted.
 */
import { z } from 'zod';

const str = z.string().nullish();
const num = z.number().nullish();

export const objectMeta = z.looseObject({
  name: z.string(),
  namespace: str,
  uid: str,
  resourceVersion: str,
  creationTimestamp: str,
  labels: z.record(z.string(), z.string()).nullish(),
  ownerReferences: z.array(z.looseObject({ kind: z.string(), name: z.string(), controller: z.boolean().nullish() })).nullish(),
});

export const nodeSchema = z.looseObject({
  kind: str,
  metadata: objectMeta,
  spec: z
    .looseObject({
      unschedulable: z.boolean().nullish(),
      taints: z.array(z.looseObject({ key: z.string(), value: str, effect: z.string() })).nullish(),
    })
    .nullish(),
  status: z
    .looseObject({
      capacity: z.record(z.string(), z.union([z.string(), z.number()])).nullish(),
      allocatable: z.record(z.string(), z.union([z.string(), z.number()])).nullish(),
      conditions: z.array(z.looseObject({ type: z.string(), status: z.string(), reason: str, message: str })).nullish(),
      nodeInfo: z.looseObject({ kubeletVersion: str, architecture: str }).nullish(),
    })
    .nullish(),
});
export type WireNode = z.infer<typeof nodeSchema>;

const containerState = z
  .looseObject({
    waiting: z.looseObject({ reason: str, message: str }).nullish(),
    running: z.looseObject({ startedAt: str }).nullish(),
    terminated: z.looseObject({ reason: str, message: str, exitCode: num, signal: num, finishedAt: str }).nullish(),
  })
  .nullish();

const containerStatus = z.looseObject({
  name: z.string(),
  ready: z.boolean().nullish(),
  restartCount: num,
  state: containerState,
  lastState: containerState,
});

export const podSchema = z.looseObject({
  kind: str,
  metadata: objectMeta,
  spec: z.looseObject({ nodeName: str }).nullish(),
  status: z
    .looseObject({
      phase: str,
      reason: str,
      message: str,
      startTime: str,
      conditions: z.array(z.looseObject({ type: z.string(), status: z.string(), reason: str, message: str, lastTransitionTime: str })).nullish(),
      containerStatuses: z.array(containerStatus).nullish(),
      initContainerStatuses: z.array(containerStatus).nullish(),
    })
    .nullish(),
});
export type WirePod = z.infer<typeof podSchema>;

/** core/v1 Event; also the events.k8s.io-style fields some clusters fill instead (series, eventTime). */
export const eventSchema = z.looseObject({
  kind: str,
  metadata: objectMeta,
  type: str,
  reason: str,
  message: str,
  count: num,
  firstTimestamp: str,
  lastTimestamp: str,
  eventTime: str,
  series: z.looseObject({ count: num, lastObservedTime: str }).nullish(),
  involvedObject: z.looseObject({ kind: str, name: str, namespace: str }).nullish(),
});
export type WireEvent = z.infer<typeof eventSchema>;

export const nodeMetricsSchema = z.looseObject({
  metadata: objectMeta,
  usage: z.looseObject({ cpu: z.union([z.string(), z.number()]).nullish(), memory: z.union([z.string(), z.number()]).nullish() }),
});
export type WireNodeMetrics = z.infer<typeof nodeMetricsSchema>;

export const listSchema = z.looseObject({
  kind: str,
  metadata: z.looseObject({ resourceVersion: str, continue: str }).nullish(),
  items: z.array(z.unknown()).nullish(),
});

export const statusSchema = z.looseObject({
  kind: z.literal('Status'),
  status: str,
  message: str,
  reason: str,
  code: num,
});
export type WireStatus = z.infer<typeof statusSchema>;

export const versionSchema = z.looseObject({ gitVersion: z.string(), platform: str });

export const watchEventSchema = z.looseObject({
  type: z.enum(['ADDED', 'MODIFIED', 'DELETED', 'BOOKMARK', 'ERROR']),
  object: z.unknown(),
});

export interface ParsedList<T> {
  items: T[];
  resourceVersion: string | null;
  continueToken: string | null;
  /** Items that did not parse (kept out, counted so a caller can say so). */
  skipped: number;
}

/**
 * Parses a list (`NodeList`, `PodList`, or kubectl's generic `List`). Items of
 * another kind inside a generic List are skipped, as are items that do not parse.
 */
export function parseList<T>(json: unknown, item: z.ZodType<T>, kind: string): ParsedList<T> {
  const list = listSchema.parse(json);
  if (list.kind && list.kind !== 'List' && list.kind !== `${kind}List`) throw new Error(`expected a ${kind}List, got ${list.kind}`);
  const items: T[] = [];
  let skipped = 0;
  for (const raw of list.items ?? []) {
    const k = raw && typeof raw === 'object' ? (raw as { kind?: unknown }).kind : undefined;
    if (typeof k === 'string' && k !== kind) {
      skipped++;
      continue;
    }
    const r = item.safeParse(raw);
    if (r.success) items.push(r.data);
    else skipped++;
  }
  return { items, resourceVersion: list.metadata?.resourceVersion ?? null, continueToken: list.metadata?.continue || null, skipped };
}
