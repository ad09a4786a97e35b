import type { KubeConfig } from '@kubernetes/client-node';
import type { ConnectionTestResult, LabArgs } from '../../../shared/api';
import type { KubeCluster } from '../../../shared/kube';
import type { Clock } from '../clock';
import { defineIntegration, type Integration, type IntegrationContext, type IntegrationDefinition } from '../lab/integration';
import type { AnySource, Source } from '../lab/source';
import { runKubeAction } from './actions';
import { systemExecHost } from './exec-plugin';
import { HttpsTransport, type KubeTransport } from './http';
import { contextConfig, contextServer, loadKubeconfig, selectContexts, type LoadedKubeconfig } from './kubeconfig';
import { KubeSource } from './source';
import { parseList, nodeSchema, versionSchema } from './wire';

export interface KubeIntegrationDeps {
  env?: NodeJS.ProcessEnv;
  home?: string;
  /** The OS exec credential plugins run on (their argv and PATH depend on it); default: this one. */
  platform?: NodeJS.Platform;
  /** Builds the transport for a context (tests may record or fake it). */
  transport?: (kc: KubeConfig, clock: Clock) => KubeTransport;
}

/** A context that cannot be watched (kubeconfig missing, context unknown, TLS off): it reports why on every poll. */
function brokenSource(context: string, server: string | null, error: Error, intervalMs: number): Source<'kubernetes'> {
  return {
    id: `kubernetes:${context}`,
    kind: 'kubernetes',
    name: context,
    intervalMs,
    timeoutMs: 1000,
    placeholder: (): KubeCluster => ({ context, server, reachable: false, version: null, nodes: [], podCount: 0, unhealthyPods: [], warnings: [], mode: null }),
    poll: async () => {
      throw error;
    },
    checks: () => [],
  };
}

/** Kubernetes: one source per watched context, plus cordon / restart / delete actions and a connection test. */
export function kubernetesIntegrationWith(deps: KubeIntegrationDeps = {}): IntegrationDefinition<never, never> {
  return defineIntegration({ kind: 'kubernetes', build: (ctx) => buildKube(ctx, deps) });
}

function buildKube(ctx: IntegrationContext, deps: KubeIntegrationDeps): Integration | null {
  const execHost = { ...systemExecHost(), ...(deps.env ? { env: deps.env } : {}), ...(deps.platform ? { platform: deps.platform } : {}) };
  const makeTransport = deps.transport ?? ((kc: KubeConfig, clock: Clock) => new HttpsTransport(kc, clock, execHost));
  const cfg = ctx.config.kubernetes;
  if (!cfg) return null;
  const intervalMs = cfg.interval ?? 30_000;
  let loaded: LoadedKubeconfig;
  try {
    loaded = loadKubeconfig({ configured: cfg.kubeconfig, env: deps.env, home: deps.home });
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    ctx.log.warn(`kubernetes: ${err.message}`);
    return { kind: 'kubernetes', sources: (cfg.contexts?.length ? cfg.contexts : ['kubeconfig']).map((c) => brokenSource(c, null, err, intervalMs)) };
  }
  for (const note of loaded.notes) ctx.log.info(`kubernetes: ${note}`);

  const sources: AnySource[] = [];
  const transports = new Map<string, KubeTransport>();
  for (const context of selectContexts(loaded, cfg.contexts)) {
    try {
      const transport = makeTransport(contextConfig(loaded, context), ctx.clock);
      transports.set(context, transport);
      sources.push(new KubeSource({ context, transport, clock: ctx.clock, log: ctx.log, intervalMs }));
    } catch (e) {
      sources.push(brokenSource(context, contextServer(loaded, context), e instanceof Error ? e : new Error(String(e)), intervalMs));
    }
  }

  const testConnection = async (input: LabArgs<'testConnection'>): Promise<ConnectionTestResult> => {
    const started = ctx.clock.now();
    let transport = transports.get(input.name);
    let own = false;
    try {
      if (!transport) {
        const kc = contextConfig(loadKubeconfig({ configured: cfg.kubeconfig, env: deps.env, home: deps.home }), input.name);
        // A context the config file does not watch never runs its user's login program from the window.
        const exec = (kc.getCurrentUser()?.exec as { command?: unknown } | undefined)?.command;
        if (exec !== undefined) {
          return { ok: false, message: `${input.name}: its user logs in by running a program (${String(exec)}); LabTray runs it only for a context named in kubernetes.contexts in the config file: add it there`, latencyMs: null };
        }
        transport = makeTransport(kc, ctx.clock);
        own = true;
      }
      const signal = AbortSignal.timeout(15_000);
      const version = versionSchema.parse(await transport.json({ path: '/version', signal, timeoutMs: 10_000 }));
      // /version may be open to anyone; listing nodes proves the credentials work.
      const nodes = parseList(await transport.json({ path: '/api/v1/nodes', query: { limit: 500 }, signal, timeoutMs: 10_000 }), nodeSchema, 'Node');
      return { ok: true, message: `${input.name}: Kubernetes ${version.gitVersion}, ${nodes.items.length} node${nodes.items.length === 1 ? '' : 's'} at ${transport.server}`, latencyMs: ctx.clock.now() - started };
    } catch (e) {
      return { ok: false, message: `${input.name}: ${e instanceof Error ? e.message : String(e)}`, latencyMs: null };
    } finally {
      if (own) transport?.close();
    }
  };

  return {
    kind: 'kubernetes',
    sources,
    actions: {
      kubeAction: async (input) => runKubeAction({ tasks: ctx.tasks, clock: ctx.clock, transport: (c) => transports.get(c) }, input),
      testConnection,
    },
  };
}

export const kubernetesIntegration = kubernetesIntegrationWith();
