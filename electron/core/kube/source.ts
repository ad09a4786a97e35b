/**
 * One kube context as a Source: list nodes, pods and Warning events once,
 * then keep them current with watches from their resourceVersion. A dropped
 * watch resumes where it stopped; 410 Gone relists; a watch the server refuses
 * (RBAC without `watch`) falls back to listing every interval. A cluster that
 * is down is reported once (stale, with the reason) and retried with backoff.
 */
import type { KubeCluster } from '../../../shared/kube';
import type { Check } from '../../../shared/status';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { PollContext, Source } from '../lab/source';
import { coreMessages, part, type CoreKey } from '../../../shared/message';
import { kubeChecks, podStatus, type ApiProblem } from './checks';
import { KubeApiError, type KubeTransport, type WatchLine } from './http';
import { defaultPodRules, podProblem, summarizeNode, warningEvents, type PodRules } from './summarize';
import { eventSchema, nodeMetricsSchema, nodeSchema, parseList, podSchema, statusSchema, versionSchema, type WireEvent, type WireNode, type WireNodeMetrics, type WirePod } from './wire';
import type { z } from 'zod';

export type WatchedKind = 'nodes' | 'pods' | 'events';
const KINDS: WatchedKind[] = ['nodes', 'pods', 'events'];

interface KindInfo {
  path: string;
  kind: string;
  schema: z.ZodType<WireNode | WirePod | WireEvent>;
  /** Only Warning events matter; the server filters them. */
  fieldSelector?: string;
}

const INFO: Record<WatchedKind, KindInfo> = {
  nodes: { path: '/api/v1/nodes', kind: 'Node', schema: nodeSchema },
  pods: { path: '/api/v1/pods', kind: 'Pod', schema: podSchema },
  events: { path: '/api/v1/events', kind: 'Event', schema: eventSchema, fieldSelector: 'type=Warning' },
};

/** How a kind is kept current: not yet, by a live watch, or by listing (the watch was refused). */
type KindMode = 'idle' | 'live' | 'poll';

/** A watch open this long before it dropped counts as healthy, even on a cluster where nothing changed. */
const HEALTHY_WATCH_MS = 30_000;

/** How often node usage is read while the window is hidden. */
const HIDDEN_METRICS_MS = 10 * 60_000;

export interface KubeSourceOptions {
  context: string;
  transport: KubeTransport;
  clock: Clock;
  log: Logger;
  intervalMs?: number;
  timeoutMs?: number;
  rules?: PodRules;
  /** Watch timeoutSeconds asked of the server (it ends the stream, we resume). */
  watchSeconds?: number;
  /** Changes arriving within this window become one push. */
  pushDelayMs?: number;
  /** First retry delay after a failure; doubles up to maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** Page size for lists (limit/continue), as kubectl does. */
  pageSize?: number;
}

type Obj = WireNode | WirePod | WireEvent;

function keyOf(o: { metadata: { name: string; namespace?: string | null } }): string {
  return o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata.name;
}

export class KubeSource implements Source<'kubernetes'> {
  readonly kind = 'kubernetes' as const;
  readonly id: string;
  readonly name: string;
  readonly intervalMs: number;
  readonly timeoutMs: number;

  private readonly caches: Record<WatchedKind, Map<string, Obj>> = { nodes: new Map(), pods: new Map(), events: new Map() };
  private readonly rv: Record<WatchedKind, string | null> = { nodes: null, pods: null, events: null };
  private readonly modes: Record<WatchedKind, KindMode> = { nodes: 'idle', pods: 'idle', events: 'idle' };
  private readonly listing: Partial<Record<WatchedKind, Promise<void>>> = {};
  private metrics: Map<string, WireNodeMetrics> | null = null;
  /** When node usage was last read (null: never). */
  private metricsAt: number | null = null;
  private version: string | null = null;
  private reachable = false;
  private api: ApiProblem | null = null;
  private watchAc: AbortController | null = null;
  /** Kinds whose watch stream could not be read (a line past its limit, not JSON): reported until one works again. */
  private readonly brokenWatch = new Set<WatchedKind>();
  private pushTimer: unknown = null;

  constructor(private readonly o: KubeSourceOptions) {
    this.id = `kubernetes:${o.context}`;
    this.name = o.context;
    this.intervalMs = o.intervalMs ?? 30_000;
    this.timeoutMs = o.timeoutMs ?? 15_000;
  }

  /** Requests made while the Lab polls, or this source's own watch loops, get this long each. */
  private get requestMs(): number {
    return Math.max(1000, Math.min(this.timeoutMs, 10_000));
  }

  placeholder(): KubeCluster {
    return { context: this.o.context, server: this.o.transport.server, reachable: false, version: null, nodes: [], podCount: 0, unhealthyPods: [], warnings: [], mode: null };
  }

  checks(data: KubeCluster, observedAt: string): Check[] {
    return kubeChecks(this.id, data, observedAt, this.api);
  }

  /** What the source knows now (also what the watch pushes). */
  current(): KubeCluster {
    const now = this.o.clock.now();
    const metrics = this.metrics;
    const nodes = [...(this.caches.nodes.values() as Iterable<WireNode>)]
      .map((n) => summarizeNode(n, metrics?.get(n.metadata.name)))
      .sort((a, b) => a.name.localeCompare(b.name));
    const pods = [...(this.caches.pods.values() as Iterable<WirePod>)];
    const unhealthyPods = pods
      .map((p) => podProblem(p, now, this.o.rules ?? defaultPodRules))
      .filter((p) => p !== null)
      .sort((a, b) => (podStatus(a) === podStatus(b) ? `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`) : podStatus(a) === 'crit' ? -1 : 1));
    const modes = KINDS.map((k) => this.modes[k]);
    return {
      context: this.o.context,
      server: this.o.transport.server,
      reachable: this.reachable,
      version: this.version,
      nodes,
      podCount: pods.filter((p) => p.status?.phase !== 'Succeeded').length,
      unhealthyPods,
      warnings: warningEvents(this.caches.events.values() as Iterable<WireEvent>, now),
      mode: modes.includes('poll') ? 'poll' : modes.every((m) => m === 'live') ? 'watch' : null,
    };
  }

  async poll(ctx: PollContext): Promise<KubeCluster> {
    try {
      // Live watches prove the API answers: the version is read again only when one is not live.
      if (!this.version || !KINDS.every((k) => this.modes[k] === 'live')) await this.fetchVersion(ctx.signal);
      // Kinds kept current by a watch (or their own polling loop) need no relist here.
      await Promise.all(KINDS.filter((k) => this.modes[k] === 'idle' || this.rv[k] === null).map((k) => this.list(k, ctx.signal)));
      // Node usage is looked at in the window; while it is hidden, a read every ten minutes keeps it from going stale.
      const metricsEveryMs = (ctx.relax ?? 1) > 1 ? HIDDEN_METRICS_MS : 0;
      if (this.metricsAt === null || this.o.clock.now() - this.metricsAt >= metricsEveryMs) await this.fetchMetrics(ctx.signal);
      this.recovered();
      return this.current();
    } catch (err) {
      if (!ctx.signal.aborted) this.noteFailure(err);
      throw err;
    }
  }

  watch(push: (data: KubeCluster) => void, fail: (err: Error) => void): () => void {
    this.watchAc?.abort();
    const ac = new AbortController();
    this.watchAc = ac;
    const queuePush = (): void => {
      if (this.pushTimer !== null || ac.signal.aborted) return;
      this.pushTimer = this.o.clock.setTimeout(() => {
        this.pushTimer = null;
        if (!ac.signal.aborted && this.reachable) push(this.current());
      }, this.o.pushDelayMs ?? 100);
    };
    const report = (err: Error): void => {
      const wasDown = this.api !== null;
      this.noteFailure(err);
      if (!wasDown) fail(err);
    };
    for (const k of KINDS) {
      void this.watchLoop(k, ac.signal, queuePush, report).catch((err: unknown) => this.o.log.error(`${this.id}: watch of ${k} stopped: ${err instanceof Error ? err.message : String(err)}`));
    }
    return () => {
      ac.abort(new Error('watch stopped'));
      this.o.clock.clearTimeout(this.pushTimer);
      this.pushTimer = null;
      for (const k of KINDS) this.modes[k] = 'idle';
      this.brokenWatch.clear();
    };
  }

  dispose(): void {
    this.watchAc?.abort(new Error('source disposed'));
    this.o.transport.close();
  }

  private async watchLoop(kind: WatchedKind, signal: AbortSignal, push: () => void, report: (err: Error) => void): Promise<void> {
    let failures = 0;
    let wasLive = false;
    /** When the last watch was accepted (null: none open now). */
    let openedAt: number | null = null;
    /** Watches in a row that ended (cleanly or not) soon after the server accepted them. */
    let quickEnds = 0;
    /** How long to wait before the next attempt. */
    let pause = 0;
    /**
     * Notes the end of an accepted watch: one that stayed open a while was healthy (earlier failures are forgotten);
     * a server that keeps accepting and dropping at once is retried ever more slowly.
     */
    const watchEnded = (): number => {
      if (openedAt === null) return 0;
      const healthy = this.o.clock.now() - openedAt >= HEALTHY_WATCH_MS;
      quickEnds = healthy ? 0 : quickEnds + 1;
      if (healthy) failures = 0;
      openedAt = null;
      return quickEnds > 1 ? this.backoff(quickEnds - 1) : 0;
    };
    while (!signal.aborted) {
      try {
        if (pause > 0) {
          const ms = pause;
          pause = 0;
          await this.sleep(ms, signal);
        }
        if (this.rv[kind] === null) {
          await this.list(kind, signal);
          if (!this.version) await this.fetchVersion(signal);
          // Usage figures come with the node list; the Lab's slow polls keep them fresh.
          if (kind === 'nodes') await this.fetchMetrics(signal);
          this.recovered(push);
          push();
        }
        if (this.modes[kind] === 'poll') {
          await this.sleep(this.intervalMs, signal);
          await this.list(kind, signal);
          this.recovered(push);
          push();
          continue;
        }
        await this.watchOnce(
          kind,
          signal,
          push,
          () => {
            wasLive = true;
            openedAt = this.o.clock.now();
            this.modes[kind] = 'live';
            this.recovered(push);
            push();
          },
          () => {
            failures = 0;
          },
        );
        // The server ended the stream (its timeoutSeconds): resume from the last version.
        failures = 0;
        // A stream read to its end proves it readable again (events before a break do not).
        if (this.brokenWatch.delete(kind)) this.recovered(push);
        pause = watchEnded();
      } catch (e) {
        if (signal.aborted) return;
        const err = e instanceof Error ? e : new Error(String(e));
        const pace = watchEnded();
        if (err instanceof KubeApiError && err.code === 'gone') {
          // 410: the version is too old (compacted); the only way back is a fresh list.
          this.o.log.info(`${this.id}: ${kind} watch expired (${err.message}); listing again`);
          this.rv[kind] = null;
          pause = pace;
          continue;
        }
        if (err instanceof KubeApiError && (err.code === 'forbidden' || err.code === 'refused') && this.rv[kind] !== null) {
          this.o.log.warn(`${this.id}: the server refused to watch ${kind} (${err.message}); listing every ${this.intervalMs / 1000} s instead`);
          this.modes[kind] = 'poll';
          push();
          continue;
        }
        this.modes[kind] = this.modes[kind] === 'poll' ? 'poll' : 'idle';
        failures++;
        // A watch that was live and dropped is resumed at once; only a failed resume is an outage. An answer that
        // cannot be read (a line past its limit, not JSON) is the server's fault, not the network's: reported at once.
        const broken = err instanceof KubeApiError && err.code === 'bad-response';
        if (broken) this.brokenWatch.add(kind);
        if (wasLive && failures === 1 && !broken) {
          this.o.log.info(`${this.id}: ${kind} watch dropped (${err.message}); resuming from ${this.rv[kind] ?? 'a fresh list'}`);
          pause = pace;
          continue;
        }
        report(err);
        pause = Math.max(pace, this.backoff(failures));
      }
    }
  }

  /** The wait before retry number `n` (1, 2, …): doubling from backoffMs up to maxBackoffMs. */
  private backoff(n: number): number {
    return Math.min(this.o.maxBackoffMs ?? 60_000, (this.o.backoffMs ?? 1000) * 2 ** Math.min(n - 1, 10));
  }

  private async watchOnce(kind: WatchedKind, signal: AbortSignal, push: () => void, onOpen: () => void, onEvent: () => void): Promise<void> {
    const info = INFO[kind];
    const seconds = this.o.watchSeconds ?? 300 + Math.floor(Math.random() * 300);
    await this.o.transport.watch(
      {
        path: info.path,
        query: { watch: true, resourceVersion: this.rv[kind] ?? undefined, allowWatchBookmarks: true, timeoutSeconds: seconds, fieldSelector: info.fieldSelector },
        signal,
        timeoutMs: this.requestMs,
        idleMs: (seconds + 30) * 1000,
        onOpen,
      },
      (ev) => {
        if (ev.type !== 'ERROR') onEvent();
        if (this.apply(kind, ev)) push();
      },
    );
  }

  /** Applies one watch event; true when the visible state changed. */
  private apply(kind: WatchedKind, ev: WatchLine): boolean {
    if (ev.type === 'ERROR') {
      const s = statusSchema.safeParse(ev.object);
      const code = s.success ? (s.data.code ?? 0) : 0;
      const message = s.success ? (s.data.message ?? s.data.reason ?? 'watch error') : 'watch error';
      throw new KubeApiError(code === 410 ? 'gone' : 'http', `watch ${kind}: ${message}${code ? ` (${code})` : ''}`, code || null);
    }
    const rv = (ev.object as { metadata?: { resourceVersion?: unknown } } | null)?.metadata?.resourceVersion;
    if (typeof rv === 'string' && rv) this.rv[kind] = rv;
    if (ev.type === 'BOOKMARK') return false;
    const parsed = INFO[kind].schema.safeParse(ev.object);
    if (!parsed.success) {
      this.o.log.warn(`${this.id}: skipped a ${INFO[kind].kind} in the ${kind} watch that does not parse: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
      return false;
    }
    const key = keyOf(parsed.data);
    if (ev.type === 'DELETED') return this.caches[kind].delete(key);
    this.caches[kind].set(key, parsed.data);
    return true;
  }

  /** Lists one kind (paged), replacing its cache; one list per kind at a time. */
  private list(kind: WatchedKind, signal: AbortSignal): Promise<void> {
    const running = this.listing[kind];
    if (running) return running;
    const p = this.doList(kind, signal).finally(() => {
      delete this.listing[kind];
    });
    this.listing[kind] = p;
    return p;
  }

  private async doList(kind: WatchedKind, signal: AbortSignal): Promise<void> {
    const info = INFO[kind];
    const items = new Map<string, Obj>();
    let cont: string | null = null;
    let rv: string | null = null;
    let skipped = 0;
    do {
      const json = await this.o.transport.json({ path: info.path, query: { limit: this.o.pageSize ?? 500, continue: cont ?? undefined, fieldSelector: info.fieldSelector }, signal, timeoutMs: this.requestMs });
      const page = parseList(json, info.schema, info.kind);
      for (const it of page.items) items.set(keyOf(it), it);
      skipped += page.skipped;
      cont = page.continueToken;
      rv = page.resourceVersion ?? rv;
    } while (cont);
    if (skipped) this.o.log.warn(`${this.id}: ${skipped} ${kind} did not parse and are left out`);
    this.caches[kind] = items;
    this.rv[kind] = rv;
  }

  private async fetchVersion(signal: AbortSignal): Promise<void> {
    const v = versionSchema.safeParse(await this.o.transport.json({ path: '/version', signal, timeoutMs: this.requestMs }));
    if (!v.success) throw new KubeApiError('bad-response', `${this.o.transport.server}/version is not a Kubernetes version answer; is this an API server?`);
    this.version = v.data.gitVersion;
  }

  /** Node usage from metrics.k8s.io; without metrics-server (404, 503) the figures are null, not an error. */
  private async fetchMetrics(signal: AbortSignal): Promise<void> {
    this.metricsAt = this.o.clock.now();
    try {
      const json = await this.o.transport.json({ path: '/apis/metrics.k8s.io/v1beta1/nodes', signal, timeoutMs: this.requestMs });
      const list = parseList(json, nodeMetricsSchema, 'NodeMetrics');
      this.metrics = new Map(list.items.map((m) => [m.metadata.name, m]));
    } catch (err) {
      if (err instanceof KubeApiError && (err.code === 'not-found' || err.code === 'forbidden' || err.code === 'http' || err.code === 'bad-response')) {
        this.metrics = null;
        return;
      }
      throw err;
    }
  }

  private noteFailure(e: unknown): void {
    const err = e instanceof Error ? e : new Error(String(e));
    const code = err instanceof KubeApiError ? err.code : 'unreachable';
    if (code === 'aborted') return;
    const key: CoreKey =
      code === 'unauthorized' ? 'kube.api.unauthorized' : code === 'tls' ? 'kube.api.tls' : code === 'forbidden' ? 'kube.api.forbidden' : code === 'bad-response' ? 'kube.api.badAnswer' : 'kube.api.unreachable';
    if (!this.api || this.api.error !== err.message) this.api = { summary: coreMessages[key], msg: part(key), error: err.message, since: this.api?.since ?? new Date(this.o.clock.now()).toISOString() };
    for (const k of KINDS) if (this.modes[k] === 'live') this.modes[k] = 'idle';
  }

  private recovered(push?: () => void): void {
    this.reachable = true;
    // Lists answering do not make a watch stream that could not be read good again: only that watch working does.
    if (this.brokenWatch.size) return;
    const was = this.api;
    this.api = null;
    if (was) {
      this.o.log.info(`${this.id}: API reachable again`);
      push?.();
    }
  }

  private sleep(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal.aborted) {
        reject(new Error('stopped'));
        return;
      }
      const t = this.o.clock.setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = (): void => {
        this.o.clock.clearTimeout(t);
        reject(new Error('stopped'));
      };
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}
