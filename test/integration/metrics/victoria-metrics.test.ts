import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { MetricsConfig } from '../../../shared/config';
import type { HostState } from '../../../shared/hosts';
import type { Snapshot } from '../../../shared/snapshot';
import { Lab } from '../../../electron/core/lab/lab';
import { createMetricsIntegration } from '../../../electron/core/metrics/integration';
import { MemorySecretStore } from '../../../electron/core/secrets';
import { startNodeExporter, startVictoriaMetrics, type RunningServer, type VictoriaMetrics } from '../../helpers/metrics-servers';
import { createCa } from '../../../demo/kube/pki';

function labFor(metrics: MetricsConfig, secrets: Record<string, string> = {}): Lab {
  return new Lab({ config: { metrics, hosts: [{ name: 'um560', mac: '1c:83:41:28:5a:60' }] }, secrets: new MemorySecretStore(secrets), factories: [createMetricsIntegration({ queryTimeoutMs: 5_000 })] });
}

/** Polls until um560 shows figures (VictoriaMetrics needs a few scrapes), bounded. */
async function pollUntilUm560(lab: Lab, limitMs = 30_000): Promise<{ snap: Snapshot; host: HostState }> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const snap = await lab.pollOnce();
    const host = snap.hosts.find((h) => h.name === 'um560');
    if (host?.load && host.cores && host.memTotal) return { snap, host };
    if (Date.now() > deadline) throw new Error(`um560 has no figures after ${limitMs} ms: ${JSON.stringify(snap.sources)} ${JSON.stringify(host)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

describe('node health from a real VictoriaMetrics scraping a real node_exporter', () => {
  let ne: RunningServer;
  let vm: VictoriaMetrics;
  let tlsVm: VictoriaMetrics;
  let caDir: string;
  let caFile: string;
  let fingerprint: string;
  before(async () => {
    ne = await startNodeExporter();
    const ca = createCa('labtray-metrics');
    const serving = ca.issueServer('victoria-metrics', ['127.0.0.1']);
    caDir = mkdtempSync(join(tmpdir(), 'labtray-metrics-ca-'));
    caFile = join(caDir, 'ca.crt');
    writeFileSync(caFile, ca.certPem);
    fingerprint = new X509Certificate(serving.certPem).fingerprint256;
    [vm, tlsVm] = await Promise.all([
      startVictoriaMetrics([{ target: ne.address, instance: 'um560' }]),
      startVictoriaMetrics([{ target: ne.address, instance: 'um560' }], { tls: { ...serving, caPem: ca.certPem }, basicAuth: { username: 'labtray', password: 'vm-read-only-7d1f' } }),
    ]);
    await Promise.all([vm.waitForSeries('node_load1{instance="um560"}'), tlsVm.waitForSeries('node_load1{instance="um560"}')]);
  });
  after(async () => {
    await Promise.allSettled([vm?.stop(), tlsVm?.stop()]);
    await ne?.stop();
    rmSync(caDir, { recursive: true, force: true });
  });

  it('shows um560 with the same cores and memory this machine has, read via metrics', async () => {
    const lab = labFor({ url: vm.url });
    try {
      const { snap, host } = await pollUntilUm560(lab);
      assert.equal(host.via, 'metrics');
      assert.equal(host.reachable, true);
      assert.equal(host.cores, cpus().length);
      assert.equal(host.memTotal, totalmem());
      assert.ok(host.memUsed !== null && host.memUsed > 0 && host.memUsed < host.memTotal!);
      assert.ok(host.uptimeSeconds !== null && host.uptimeSeconds > 0);
      assert.equal(host.wakeable, true);
      const ids = snap.checks.filter((c) => c.source === 'metrics').map((c) => c.id);
      for (const id of ['up', 'load', 'memory', 'disk:/', 'temperature']) assert.ok(ids.includes(`metrics:host:um560:${id}`), `no ${id} in ${ids.join(', ')}`);
      assert.equal(snap.checks.find((c) => c.id === 'metrics:host:um560:up')?.status, 'ok');
      const meta = snap.sources.find((s) => s.id === 'metrics')!;
      assert.equal(meta.kind, 'metrics');
      assert.equal(meta.error, null);
    } finally {
      await lab.stop();
    }
  });

  it('reads over https verified by a CA file, with basic auth from the secret store', async () => {
    const lab = labFor({ url: tlsVm.url, caFile, username: 'labtray', password: 'secret:vm-read' }, { 'vm-read': 'vm-read-only-7d1f' });
    try {
      const { host } = await pollUntilUm560(lab);
      assert.equal(host.reachable, true);
      const test = await lab.invoke('testConnection', { kind: 'metrics', name: 'metrics' });
      assert.equal(test.ok, true, test.message);
      assert.match(test.message, /^https:\/\/127\.0\.0\.1:\d+: 1 scrape targets, 1 up$/);
    } finally {
      await lab.stop();
    }
  });

  it('accepts the server by its pinned certificate fingerprint', async () => {
    const lab = labFor({ url: tlsVm.url, fingerprint, username: 'labtray', password: 'secret:vm-read' }, { 'vm-read': 'vm-read-only-7d1f' });
    try {
      await lab.pollOnce();
      const test = await lab.invoke('testConnection', { kind: 'metrics', name: 'metrics' });
      assert.equal(test.ok, true, test.message);
    } finally {
      await lab.stop();
    }
  });

  it('refuses a server whose certificate does not match the pin', async () => {
    const wrong = 'AB:'.repeat(31) + 'AB';
    const lab = labFor({ url: tlsVm.url, fingerprint: wrong, username: 'labtray', password: 'secret:vm-read' }, { 'vm-read': 'vm-read-only-7d1f' });
    try {
      const snap = await lab.pollOnce();
      const c = snap.checks.find((x) => x.id === 'metrics:source')!;
      assert.equal(c.status, 'crit');
      assert.match(c.summary, /certificate fingerprint mismatch/);
      assert.ok(c.summary.includes(fingerprint), c.summary);
    } finally {
      await lab.stop();
    }
  });

  it('refuses a server signed by nobody we trust', async () => {
    const lab = labFor({ url: tlsVm.url, username: 'labtray', password: 'secret:vm-read' }, { 'vm-read': 'vm-read-only-7d1f' });
    try {
      await lab.pollOnce();
      const test = await lab.invoke('testConnection', { kind: 'metrics', name: 'metrics' });
      assert.equal(test.ok, false);
      assert.match(test.message, /cannot reach metrics at https:\/\/127\.0\.0\.1:\d+: .*(self-signed|unable to verify|certificate)/i);
    } finally {
      await lab.stop();
    }
  });

  it('says the credentials were refused, without showing them', async () => {
    const lab = labFor({ url: tlsVm.url, caFile, username: 'labtray', password: 'secret:vm-read' }, { 'vm-read': 'not-the-password' });
    try {
      const snap = await lab.pollOnce();
      const c = snap.checks.find((x) => x.id === 'metrics:source')!;
      assert.match(c.summary, /refused the credentials \(HTTP 401\)/);
      assert.ok(!JSON.stringify(snap).includes('not-the-password'));
    } finally {
      await lab.stop();
    }
  });
});
