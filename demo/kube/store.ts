/**
 * The fake API server's object store: every write bumps one cluster-wide
 * resourceVersion (like etcd's revision), keeps a bounded history for watches
 * and tells live watchers. A watch from a version older than the history
 * answers 410 Gone, as kube-apiserver does after compaction.
 */

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  creationTimestamp?: string;
  generation?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: { apiVersion: string; kind: string; name: string; uid: string; controller?: boolean }[];
}

/** Any Kubernetes object as JSON: the store only needs its metadata. */
export interface KObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

export type Resource = 'nodes' | 'pods' | 'events' | 'deployments' | 'namespaces';
export type WatchType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface Change {
  rv: number;
  resource: Resource;
  type: WatchType;
  object: KObject;
}

export type Watcher = (c: Change) => void;

const HISTORY = 2000;

export class ObjectStore {
  private rv: number;
  private readonly objects = new Map<Resource, Map<string, KObject>>();
  private history: Change[] = [];
  /** Oldest version a watch may start from; older ones are "too old" (410). */
  private compactedAt: number;
  private readonly watchers = new Set<Watcher>();
  private uidSeq = 0;

  constructor(startRv = 1000) {
    this.rv = startRv;
    this.compactedAt = startRv;
  }

  get resourceVersion(): string {
    return String(this.rv);
  }

  static key(o: { metadata: ObjectMeta }): string {
    return o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata.name;
  }

  get<T extends KObject>(resource: Resource, key: string): T | undefined {
    return this.objects.get(resource)?.get(key) as T | undefined;
  }

  list<T extends KObject>(resource: Resource, namespace?: string): T[] {
    const all = [...(this.objects.get(resource)?.values() ?? [])] as T[];
    return (namespace ? all.filter((o) => o.metadata.namespace === namespace) : all).sort((a, b) => ObjectStore.key(a).localeCompare(ObjectStore.key(b)));
  }

  /** Creates or replaces an object; returns the stored copy with its new resourceVersion. */
  put<T extends KObject>(resource: Resource, obj: T): T {
    let bucket = this.objects.get(resource);
    if (!bucket) this.objects.set(resource, (bucket = new Map()));
    const key = ObjectStore.key(obj);
    const existed = bucket.has(key);
    const stored = structuredClone(obj);
    stored.metadata.resourceVersion = String(++this.rv);
    stored.metadata.uid ??= bucket.get(key)?.metadata.uid ?? this.newUid();
    bucket.set(key, stored);
    this.record({ rv: this.rv, resource, type: existed ? 'MODIFIED' : 'ADDED', object: stored });
    return stored;
  }

  /** Changes an object in place through `mutate`; undefined when it does not exist. */
  update<T extends KObject>(resource: Resource, key: string, mutate: (o: T) => void): T | undefined {
    const cur = this.get<T>(resource, key);
    if (!cur) return undefined;
    const next = structuredClone(cur);
    mutate(next);
    return this.put(resource, next);
  }

  delete(resource: Resource, key: string): KObject | undefined {
    const bucket = this.objects.get(resource);
    const cur = bucket?.get(key);
    if (!bucket || !cur) return undefined;
    bucket.delete(key);
    const gone = { ...structuredClone(cur), metadata: { ...cur.metadata, resourceVersion: String(++this.rv) } };
    this.record({ rv: this.rv, resource, type: 'DELETED', object: gone });
    return gone;
  }

  /** Changes after `rv` for one resource, or 'expired' when `rv` predates the kept history. */
  since(resource: Resource, rv: number): Change[] | 'expired' {
    if (rv < this.compactedAt) return 'expired';
    return this.history.filter((c) => c.rv > rv && c.resource === resource);
  }

  /** Forgets all history, as etcd compaction does: every older watch version becomes too old. */
  compact(): void {
    this.history = [];
    this.compactedAt = this.rv;
  }

  subscribe(w: Watcher): () => void {
    this.watchers.add(w);
    return () => this.watchers.delete(w);
  }

  newUid(): string {
    const n = (++this.uidSeq).toString(16).padStart(12, '0');
    return `5f0c1a2e-7b3d-4c8e-9a61-${n}`;
  }

  private record(c: Change): void {
    this.history.push(c);
    if (this.history.length > HISTORY) {
      const dropped = this.history.splice(0, this.history.length - HISTORY);
      this.compactedAt = dropped[dropped.length - 1].rv;
    }
    for (const w of this.watchers) w(c);
  }
}
