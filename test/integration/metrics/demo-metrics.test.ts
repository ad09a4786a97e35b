import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startDemo as startPveDemo } from '../../../demo/pve/demo';
import { startMetricsSim, type MetricsSim } from '../../../demo/metrics/demo';
import { Lab } from '../../../electron/core/lab/lab';
import { createMetricsIntegration } from '../../../electron/core/metrics/integration';
import { createProxmoxIntegration } from '../../../electron/core/proxmox/integration';
import { MemorySecretStore } from '../../../electron/core/secrets';
import { headlineTemperatures } from '../../../shared/hosts';
import type { DemoPart } from '../../../demo/demo-lab';

describe("the demo lab's VictoriaMetrics gives the Proxmox nodes their temperatures", () => {
  let pve: DemoPart;
  let metrics: MetricsSim;
  let lab: Lab;
  before(async () => {
    [pve, metrics] = await Promise.all([startPveDemo({ speed: 0.02 }), startMetricsSim()]);
    lab = new Lab({
      config: { ...pve.config, metrics: { url: metrics.url } },
      secrets: new MemorySecretStore(pve.secrets),
      factories: [createProxmoxIntegration({ taskPollMs: 10 }), createMetricsIntegration({ queryTimeoutMs: 5_000 })],
    });
  });
  after(async () => {
    await lab?.stop();
    await Promise.allSettled([pve?.stop(), metrics?.stop()]);
  });

  it('joins node_exporter to each node by name or by its cluster address, with CPU and NVMe figures and where they came from', async () => {
    const snap = await lab.pollOnce();
    assert.deepEqual(snap.sources.map((s) => [s.id, s.error]), [['proxmox:home', null], ['metrics', null]]);
    const nodes = snap.proxmox[0].nodes;
    for (const n of nodes) {
      assert.ok(n.temperatures, `${n.name} has temperatures`);
      const head = headlineTemperatures(n.temperatures.readings);
      assert.equal(head.cpu?.label, 'k10temp Tctl', n.name);
      assert.deepEqual(head.nvme.map((r) => r.label), ['nvme0 Composite'], n.name);
      assert.ok(head.cpu.celsius > 30 && head.cpu.celsius < 90, `${n.name}: a plausible CPU temperature, got ${head.cpu.celsius}`);
      assert.equal(n.temperatures.origin.via, 'metrics');
      assert.equal(n.temperatures.origin.server, metrics.url);
    }
    const byName = Object.fromEntries(nodes.map((n) => [n.name, n]));
    // um560 and gtr5 are scraped by name; s500plus by its address, which only /cluster/status knows.
    assert.equal(byName.um560.temperatures?.origin.instance, 'um560:9100');
    assert.equal(byName.s500plus.ip, '192.168.1.12');
    assert.equal(byName.s500plus.temperatures?.origin.instance, '192.168.1.12:9100');
    assert.deepEqual(byName.s500plus.hosts, ['192.168.1.12']);
    // The hotter box runs hotter: gtr5 (35 W) over um560 (15 W) at the same moment.
    const cpu = (name: string): number => headlineTemperatures(byName[name].temperatures!.readings).cpu!.celsius;
    assert.ok(cpu('gtr5') > cpu('um560'), `gtr5 ${cpu('gtr5')} °C, um560 ${cpu('um560')} °C`);
    // Every metrics check about a node targets the host entry the node card takes its checks from.
    for (const n of nodes) assert.ok(snap.checks.some((c) => c.id === `metrics:host:${n.hosts?.[0]}:temperature` && c.status !== 'unknown'), n.name);
    assert.ok(!snap.hosts.some((h) => h.name === 'victoria-metrics'), 'the server scraping itself is not a node');
  });

  it('answers the queries LabTray sends and refuses what it cannot parse, as VictoriaMetrics does', async () => {
    assert.ok(metrics.queries.some((q) => q.includes('node_thermal_zone_temp')));
    const ok = (await (await fetch(`${metrics.url}/api/v1/query?query=${encodeURIComponent('count by (instance) (node_cpu_seconds_total{mode="idle"})')}`)).json()) as { data: { result: { metric: Record<string, string>; value: [number, string] }[] } };
    assert.deepEqual(Object.fromEntries(ok.data.result.map((r) => [r.metric.instance, r.value[1]])), { 'um560:9100': '12', '192.168.1.12:9100': '16', 'gtr5:9100': '16' });
    const bad = await fetch(`${metrics.url}/api/v1/query?query=${encodeURIComponent('count by (instance) (up')}`);
    assert.equal(bad.status, 422);
    assert.match(((await bad.json()) as { error: string }).error, /cannot parse .*expected "\)"/);
  });
});
