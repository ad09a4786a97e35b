import type { MetricsConfig } from '../../../shared/config';
import { createPromClient } from '../../core/metrics/client';
import { requireSecret, type SecretStore } from '../../core/secrets';
import { createTlsAgent, fetchVia } from '../../core/tls/agent';
import { dnsStep, hostPort, tcpStep } from './net';
import { chain, errorText, say, StepFailure, type Section, type Step } from './steps';

async function headers(cfg: MetricsConfig, secrets: SecretStore): Promise<Record<string, string>> {
  if (cfg.bearerToken) return { authorization: `Bearer ${await requireSecret(secrets, cfg.bearerToken, 'metrics.bearerToken')}` };
  if (cfg.username && cfg.password) return { authorization: `Basic ${Buffer.from(`${cfg.username}:${await requireSecret(secrets, cfg.password, 'metrics.password')}`).toString('base64')}` };
  return {};
}

/** The metrics server: DNS → TCP → (TLS) → a query of `up` with the configured credentials. */
export function metricsSection(cfg: MetricsConfig, secrets: SecretStore): Promise<Section> {
  const https = /^https:/i.test(cfg.url);
  const { host, port } = hostPort(cfg.url, https ? 443 : 80);
  // The core's verifying agent; for a plain http:// URL its TLS settings are simply never used.
  const agent = createTlsAgent({ fingerprints: cfg.fingerprint ? [cfg.fingerprint] : [], caFile: cfg.caFile, connectTimeoutMs: 5_000 });
  const client = createPromClient({ url: cfg.url, fetch: fetchVia(agent), headers: () => headers(cfg, secrets), timeoutMs: 10_000 });
  const steps: Step[] = [dnsStep(host), tcpStep(host, port)];
  steps.push({
    name: say('doctor.stepQuery'),
    run: async () => {
      try {
        const up = await client.query('up');
        return say('doctor.metricsUp', { targets: up.length, up: up.filter((s) => s.value === 1).length });
      } catch (err) {
        const code = (err as { code?: unknown }).code;
        throw new StepFailure(code === 'auth' ? say('doctor.metricsAuth') : errorText(err), errorText(err));
      }
    },
  });
  return chain(`Metrics · ${client.display}`, steps).finally(() => agent.destroy());
}
