import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { HostConfig } from '../../../shared/config';
import { parseVector } from '../../../electron/core/metrics/client';
import type { Check } from '../../../shared/status';
import { hostStates, instanceHost, nodeName, nodesFromResults, QUERIES, type MetricsNode, type QueryName, type QueryResults } from '../../../electron/core/metrics/health';
import { resolveThresholds } from '../../../electron/core/ssh/probes/thresholds';
import { nodeChecks } from '../../../electron/core/metrics/health';
import { headlineTemperatures } from '../../../shared/hosts';
import { textIn } from '../../../shared/message';

const dir = join(import.meta.dirname, '../../fixtures/metrics');
const fixture = (name: string): unknown => JSON.parse(readFileSync(join(dir, `query-${name}.json`), 'utf8'));
function recorded(): QueryResults {
  return Object.fromEntries((Object.keys(QUERIES) as QueryName[]).map((n) => [n, parseVector(fixture(n), QUERIES[n])])) as QueryResults;
}
const ctx = { source: 'metrics', observedAt: '2026-11-27T18:39:43.000Z', server: 'http://127.0.0.1:8428' };
const hosts: HostConfig[] = [{ name: 'gtr5', ssh: { host: '192.168.1.12' }, mac: 'aa:bb:cc:dd:ee:12' }];
const gtr5Node = (): MetricsNode => nodesFromResults(recorded(), hosts).find((n) => n.name === 'gtr5')!;

describe('node health from VictoriaMetrics query answers', () => {
  it('finds every node_exporter instance, including the one that is down, and ignores other jobs', () => {
    const nodes = nodesFromResults(recorded(), hosts);
    assert.deepEqual(nodes.map((n) => [n.name, n.instance, n.up]), [
      ['gtr5', '192.168.1.12:9100', true],
      ['s500plus', 's500plus', false],
      ['um560', 'um560', true],
    ]);
  });

  it('reads load, cores, memory, swap, uptime and filesystems of gtr5 as node_exporter reported them', () => {
    const gtr5 = gtr5Node();
    assert.deepEqual(gtr5.load, [3.42, 2.97, 2.61]);
    assert.equal(gtr5.cores, 16);
    assert.equal(gtr5.memTotal, 66812039168);
    assert.equal(gtr5.memAvailable, 9843040256);
    assert.equal(gtr5.swapTotal, 8589930496);
    assert.equal(gtr5.swapFree, 8102342656);
    assert.equal(gtr5.uptimeSeconds, Math.round(1795805412.0871425 - 1793803467));
    // The tmpfs mounts (/run, /run/lock, /run/user/0) are in the exposition but hold no data.
    assert.deepEqual(gtr5.filesystems.map((f) => [f.mount, f.device, f.fstype]), [
      ['/', '/dev/mapper/pve-root', 'ext4'],
      ['/boot/efi', '/dev/nvme0n1p2', 'vfat'],
    ]);
    const root = gtr5.filesystems.find((f) => f.mount === '/')!;
    // df's Capacity: used / (used + avail), used = size − free (root's reserved blocks excluded).
    const used = 101446668288 - 69775843328;
    assert.equal(root.percent, (used / (used + 64621883392)) * 100);
    const checks = nodeChecks(gtr5, resolveThresholds(undefined), ctx);
    const byProbe = (p: string): Check => checks.find((c) => c.id === `metrics:host:gtr5:${p}`)!;
    assert.equal(byProbe('load').summary, 'gtr5: load 3.42 2.97 2.61 on 16 cores');
    assert.equal(byProbe('memory').status, 'ok');
    assert.match(byProbe('memory').summary, /^gtr5: memory 85 % used/);
    assert.equal(byProbe('swap').status, 'ok');
    assert.match(byProbe('swap').summary, /^gtr5: swap 6 % used/);
    assert.match(byProbe('disk:/').summary, /^gtr5: \/ 33 % full/);
  });

  it('names every sensor by its driver, keeps the NVMe critical limit, adds the ACPI zone, and warns on the hot NVMe', () => {
    const gtr5 = gtr5Node();
    assert.deepEqual([...gtr5.temperatures].sort((a, b) => a.label.localeCompare(b.label)).map((t) => [t.label, t.kind, t.celsius, t.crit]), [
      ['acpitz', 'other', 56, undefined],
      ['amdgpu edge', 'other', 66, undefined],
      ['k10temp Tctl', 'cpu', 71.625, undefined],
      ['nvme0 Composite', 'nvme', 81.85, 84.85],
      ['nvme0 Sensor 1', 'nvme', 80.85, undefined],
      ['nvme0 Sensor 2', 'nvme', 68.85, undefined],
    ]);
    const temp = nodeChecks(gtr5, resolveThresholds(undefined), ctx).find((c) => c.id === 'metrics:host:gtr5:temperature')!;
    assert.equal(temp.status, 'warn', 'the Composite is over the 80 °C warning line but under its own 84.85 °C limit');
    assert.equal(temp.summary, 'gtr5: hottest nvme0 Composite 82 °C');
    assert.match(temp.detail ?? '', /k10temp Tctl: 71\.6 °C/);
    assert.match(textIn('zh-CN', temp.detailMsg, ''), /达 80 °C 时警告/);
    assert.match(textIn('zh-CN', temp.detailMsg, ''), /来自 node_exporter，经 http:\/\/127\.0\.0\.1:8428（instance “192\.168\.1\.12:9100”）$/);
  });

  it('gives the HostState its readings and says they came from node_exporter through the server, by instance', () => {
    const gtr5 = hostStates(nodesFromResults(recorded(), hosts), hosts, ctx).find((h) => h.name === 'gtr5')!;
    assert.deepEqual(gtr5.temperatures?.origin, { via: 'metrics', server: 'http://127.0.0.1:8428', instance: '192.168.1.12:9100', host: 'gtr5', observedAt: ctx.observedAt });
    const head = headlineTemperatures(gtr5.temperatures?.readings ?? []);
    assert.deepEqual([head.cpu?.label, head.nvme.map((r) => r.label)], ['k10temp Tctl', ['nvme0 Composite']]);
    const um560 = hostStates(nodesFromResults(recorded(), hosts), hosts, ctx).find((h) => h.name === 'um560')!;
    assert.equal(um560.temperatures, null, 'a node without sensors has no temperatures, not zeros');
  });

  it('judges with the host thresholds: an 85 °C warning line calms the NVMe, a 30 % disk line flags the root', () => {
    const checks = nodeChecks(gtr5Node(), resolveThresholds({ tempWarn: 85, diskWarn: 30 }), ctx);
    assert.equal(checks.find((c) => c.id.endsWith(':temperature'))?.status, 'ok');
    assert.equal(checks.find((c) => c.id === 'metrics:host:gtr5:disk:/')?.status, 'warn');
    assert.equal(checks.find((c) => c.id === 'metrics:host:gtr5:disk:/boot/efi')?.status, 'ok');
  });

  it('makes a node whose exporter is down critical, with one check that says so', () => {
    const [s500] = hostStates(nodesFromResults(recorded(), hosts).filter((n) => n.name === 's500plus'), hosts, ctx);
    assert.equal(s500.reachable, false);
    assert.equal(s500.via, 'metrics');
    assert.equal(s500.checks.length, 1);
    assert.equal(s500.checks[0].status, 'crit');
    assert.match(s500.checks[0].summary, /s500plus: node_exporter does not answer the metrics server \(up = 0\)/);
  });

  it('says temperatures are unknown, not fine, on a node without sensors', () => {
    const [um560] = hostStates(nodesFromResults(recorded(), hosts).filter((n) => n.name === 'um560'), hosts, ctx);
    assert.equal(um560.reachable, true);
    assert.equal(um560.cores, 2);
    assert.equal(um560.load?.length, 3);
    assert.equal(um560.checks.find((c) => c.id === 'metrics:host:um560:temperature')?.status, 'unknown');
    assert.ok(um560.checks.every((c) => c.source === 'metrics' && c.target === 'host:um560' && c.detail?.includes('instance “um560”')));
    assert.equal(um560.checks.find((c) => c.id === 'metrics:host:um560:swap'), undefined, 'no swap, no swap check');
  });

  it('builds HostStates that show where the figures came from and whether the host can be woken', () => {
    const states = hostStates(nodesFromResults(recorded(), hosts), hosts, ctx);
    const gtr5 = states.find((h) => h.name === 'gtr5')!;
    assert.equal(gtr5.via, 'metrics');
    assert.equal(gtr5.address, '192.168.1.12');
    assert.equal(gtr5.wakeable, true);
    assert.equal(gtr5.cores, 16);
    assert.equal(gtr5.memUsed, 66812039168 - 9843040256);
    assert.equal(gtr5.checks.find((c) => c.id === 'metrics:host:gtr5:temperature')?.status, 'warn');
  });

  it('maps instances to configured hosts by name or SSH address', () => {
    assert.equal(instanceHost('192.168.1.12:9100'), '192.168.1.12');
    assert.equal(instanceHost('[fd7a:115c:a1e0::1]:9100'), 'fd7a:115c:a1e0::1');
    assert.equal(instanceHost('um560'), 'um560');
    assert.equal(nodeName('um560:9100', []), 'um560');
    assert.equal(nodeName('100.64.0.7:9100', [{ name: 'orangepi5', ssh: { host: '192.168.1.30', awayHost: '100.64.0.7' } }]), 'orangepi5');
  });

  it("reads the server's own error text from a failed query", () => {
    assert.throws(() => parseVector(fixture('error-422'), 'count by'), /query count by failed: 422: error when executing query=.*unexpected token/);
    assert.throws(() => parseVector({ status: 'success', data: { resultType: 'matrix', result: [] } }, 'up[5m]'), /expected an instant vector, got matrix/);
  });
});
