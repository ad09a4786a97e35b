import type { Agent } from 'undici';
import { LabError, type ConnectionTestResult } from '../../../shared/api';
import type { MetricsConfig } from '../../../shared/config';
import type { HostState } from '../../../shared/hosts';
import type { Check } from '../../../shared/status';
import { defineIntegration, type Integration, type IntegrationContext, type IntegrationDefinition } from '../lab/integration';
import { requireSecret } from '../secrets';
import type { PollContext, Source } from '../lab/source';
import { createTlsAgent, fetchVia, type FetchLike } from '../tls/agent';
import { createPromClient, type PromClient } from './client';
import { hostStates, nodesFromResults, QUERIES, type QueryName, type QueryResults } from './health';

export interface MetricsDeps {
  /** Replaces the TLS-verifying fetch (tests that count requests). */
  fetch?: FetchLike;
  /** Limit for one query. */
  queryTimeoutMs?: number;
}

const SOURCE_ID = 'metrics';

/** Authorization header from secret references; the values stay in this function's result. */
async function authHeaders(cfg: MetricsConfig, ctx: IntegrationContext): Promise<Record<string, string>> {
  if (cfg.bearerToken) return { authorization: `Bearer ${await requireSecret(ctx.secrets, cfg.bearerToken, 'metrics.bearerToken')}` };
  if (cfg.password && !cfg.username) throw new LabError('config', 'metrics.password is set but metrics.username is not');
  if (cfg.username) {
    const pw = cfg.password ? await requireSecret(ctx.secrets, cfg.password, 'metrics.password') : '';
    return { authorization: `Basic ${Buffer.from(`${cfg.username}:${pw}`).toString('base64')}` };
  }
  return {};
}

/** Node health for every instance the metrics server knows, in a few instant queries. */
export class MetricsSource implements Source<'metrics'> {
  readonly id = SOURCE_ID;
  readonly kind = 'metrics' as const;
  readonly name: string;
  readonly intervalMs: number;
  readonly timeoutMs: number;

  constructor(
    private readonly client: PromClient,
    private readonly ctx: IntegrationContext,
    opts: { intervalMs?: number; timeoutMs?: number },
  ) {
    this.name = `Metrics (${new URL(client.display).host})`;
    this.intervalMs = opts.intervalMs ?? 30_000;
    this.timeoutMs = opts.timeoutMs ?? 20_000;
  }

  placeholder(): HostState[] {
    return [];
  }

  async poll({ signal }: PollContext): Promise<HostState[]> {
    const names = Object.keys(QUERIES) as QueryName[];
    const answers = await Promise.all(names.map((n) => this.client.query(QUERIES[n], signal)));
    const results = Object.fromEntries(names.map((n, i) => [n, answers[i]])) as QueryResults;
    const hosts = this.ctx.config.hosts ?? [];
    return hostStates(nodesFromResults(results, hosts), hosts, { source: SOURCE_ID, observedAt: new Date(this.ctx.clock.now()).toISOString(), server: this.client.display });
  }

  checks(data: HostState[], observedAt: string): Check[] {
    return data.flatMap((h) => h.checks.map((c) => ({ ...c, observedAt })));
  }
}

/** The metrics integration with its dependencies passed in. */
export function createMetricsIntegration(deps: MetricsDeps = {}): IntegrationDefinition<never, never> {
  return defineIntegration({ kind: 'metrics', build: (ctx) => buildMetrics(ctx, deps) });
}

function buildMetrics(ctx: IntegrationContext, deps: MetricsDeps): Integration | null {
  const cfg = ctx.config.metrics;
  if (!cfg) return null;
  let agent: Agent | null = null;
  let fetchFn = deps.fetch;
  if (!fetchFn) {
    // https: a pinned fingerprint, a CA file, or the system CAs; never unverified.
    try {
      agent = createTlsAgent({ fingerprints: cfg.fingerprint ? [cfg.fingerprint] : undefined, caFile: cfg.caFile });
      fetchFn = fetchVia(agent);
    } catch (err) {
      // A bad caFile must not stop the other integrations: the source reports it on every poll.
      const problem = new LabError('config', `metrics: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
      fetchFn = () => Promise.reject(problem);
    }
  }
  const client = createPromClient({ url: cfg.url, fetch: fetchFn, headers: () => authHeaders(cfg, ctx), timeoutMs: deps.queryTimeoutMs });
  const source = new MetricsSource(client, ctx, { intervalMs: cfg.interval });
  const integration: Integration = {
    kind: 'metrics',
    sources: [source],
    actions: {
      testConnection: async (): Promise<ConnectionTestResult> => {
        const started = ctx.clock.now();
        try {
          const up = await client.query('up');
          const live = up.filter((s) => s.value === 1).length;
          return { ok: true, message: `${client.display}: ${up.length} scrape targets, ${live} up`, latencyMs: ctx.clock.now() - started };
        } catch (err) {
          return { ok: false, message: err instanceof Error ? err.message : String(err), latencyMs: null };
        }
      },
    },
    dispose: async () => {
      await agent?.close();
    },
  };
  return integration;
}

/** Metrics from VictoriaMetrics / Prometheus (`metrics.url`). */
export const metricsIntegration = createMetricsIntegration();
