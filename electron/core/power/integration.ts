import type { Agent } from 'undici';
import { LabError } from '../../../shared/api';
import { defineIntegration, type Integration, type IntegrationContext, type IntegrationDefinition } from '../lab/integration';
import { requireSecret } from '../secrets';
import { closeAgent, createTlsAgent, fetchVia, type FetchLike } from '../tls/agent';
import { createHaClient } from './client';
import { PowerSource } from './source';

export interface PowerDeps {
  /** Replaces the TLS-verifying fetch (tests that count requests). */
  fetch?: FetchLike;
  requestTimeoutMs?: number;
}

/** Watts from Home Assistant (`power:`). */
export function createPowerIntegration(deps: PowerDeps = {}): IntegrationDefinition<never, never> {
  return defineIntegration({ kind: 'power', build: (ctx) => buildPower(ctx, deps) });
}

function buildPower(ctx: IntegrationContext, deps: PowerDeps): Integration | null {
  const cfg = ctx.config.power;
  if (!cfg) return null;
  let agent: Agent | null = null;
  let fetchFn = deps.fetch;
  if (!fetchFn) {
    // As for Proxmox VE: a pinned fingerprint, a CA file, or the system CAs; never unverified.
    try {
      agent = createTlsAgent({ fingerprints: cfg.fingerprint ? [cfg.fingerprint] : undefined, caFile: cfg.caFile, connections: 1 });
      fetchFn = fetchVia(agent);
    } catch (err) {
      const problem = new LabError('config', `power: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
      fetchFn = () => Promise.reject(problem);
    }
  }
  const client = createHaClient({ url: cfg.url, fetch: fetchFn, token: () => requireSecret(ctx.secrets, cfg.token, 'power.token'), timeoutMs: deps.requestTimeoutMs });
  return {
    kind: 'power',
    sources: [new PowerSource(client, cfg, ctx.clock, ctx.log)],
    dispose: async () => {
      if (agent) await closeAgent(agent);
    },
  };
}

export const powerIntegration = createPowerIntegration();
