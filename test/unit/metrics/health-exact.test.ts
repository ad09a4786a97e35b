import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseVector, type Sample } from '../../../electron/core/metrics/client';
import { nodeChecks, nodeName, nodesFromResults, QUERIES, type MetricsNode, type QueryName, type QueryResults } from '../../../electron/core/metrics/health';
import { resolveThresholds } from '../../../electron/core/ssh/probes/thresholds';
import { english, msg, part } from '../../../shared/message';

const dir = join(import.meta.dirname, '../../fixtures/metrics');
/** The answers VictoriaMetrics gave to the health queries (see test/fixtures/metrics/SOURCES.md). */
function recorded(): QueryResults {
  return Object.fromEntries((Object.keys(QUERIES) as QueryName[]).map((n) => [n, parseVector(JSON.parse(readFileSync(join(dir, `query-${n}.json`), 'utf8')), QUERIES[n])])) as QueryResults;
}
const ctx = { source: 'metrics', observedAt: '2026-11-27T18:39:43.000Z', server: 'http://127.0.0.1:8428' };
const T = resolveThresholds(undefined);
const s = (name: string, value: number, labels: Record<string, string> = {}): Sample => ({ labels: { __name__: name, instance: 'nas', job: 'node', ...labels }, value });
const results = (r: Partial<QueryResults>): QueryResults => ({ up: [], gauges: [], cores: [], filesystems: [], temperatures: [], ...r });
const base = (over: Partial<MetricsNode> = {}): MetricsNode => ({
  name: 'nas', instance: 'nas', up: true, load: [0.5, 0.5, 0.5], cores: 4, memTotal: 1000, memAvailable: 500, swapTotal: null, swapFree: null, uptimeSeconds: null,
  filesystems: [{ mount: '/', device: '/dev/sda1', fstype: 'ext4', size: 100, avail: 50, percent: 50 }], temperatures: [{ label: 'k10temp Tctl', kind: 'cpu', celsius: 50 }], ...over,
});
const from = (instance: string): string => english(part('metrics.from', { server: ctx.server, instance }));

describe('the filesystems query', () => {
  it('leaves out the filesystems that hold no data (pmxcfs, tmpfs, overlays, images), as the server matches fstype whole', () => {
    const m = /fstype!~"([^"]+)"/.exec(QUERIES.filesystems);
    assert.ok(m, QUERIES.filesystems);
    const excluded = (fstype: string): boolean => new RegExp(`^(?:${m[1]})$`).test(fstype);
    for (const fs of ['fuse', 'tmpfs', 'devtmpfs', 'overlay', 'squashfs', 'ramfs', 'nsfs', 'autofs', 'efivarfs', 'iso9660', 'udf', 'fuse.lxcfs', 'fuse.snapfuse', 'rootfs']) assert.equal(excluded(fs), true, fs);
    for (const fs of ['ext4', 'xfs', 'zfs', 'btrfs', 'vfat', 'nfs4', 'fuse.sshfs', 'fuseblk']) assert.equal(excluded(fs), false, fs);
  });

  it('the recorded answer holds only data filesystems: the tmpfs mounts of gtr5 are not in it', () => {
    assert.deepEqual([...new Set(recorded().filesystems.map((x) => x.labels.fstype))].sort(), ['ext4', 'vfat']);
  });
});

describe('nodes from the recorded answers, exactly', () => {
  it('a host named like the instance wins over a host whose SSH address it is', () => {
    const hosts = [{ name: 'backup', ssh: { host: 'um560' } }, { name: 'um560' }];
    assert.equal(nodeName('um560:9100', hosts), 'um560');
    assert.deepEqual(nodesFromResults(recorded(), hosts).map((n) => n.name), ['192.168.1.12', 's500plus', 'um560']);
  });

  it('an up series without an instance adds no node, even of a node job', () => {
    const r = recorded();
    const nodes = nodesFromResults({ ...r, up: [...r.up, s('up', 1, { instance: '' }), { labels: { __name__: 'up', job: 'node' }, value: 1 }] });
    assert.deepEqual(nodes.map((n) => n.instance), ['192.168.1.12:9100', 's500plus', 'um560']);
  });

  it('skips filesystem series without an instance, without a mount point or of an instance that is not a node, and other series', () => {
    const fs = (mount: string, labels: Record<string, string> = {}): Sample[] => [
      s('node_filesystem_size_bytes', 100, { mountpoint: mount, device: '/dev/sda1', fstype: 'ext4', ...labels }),
      s('node_filesystem_avail_bytes', 40, { mountpoint: mount, device: '/dev/sda1', fstype: 'ext4', ...labels }),
    ];
    const [n] = nodesFromResults(results({
      gauges: [s('node_load1', 1)],
      filesystems: [
        ...fs('/srv', { instance: 'other' }),
        ...fs('/srv', { instance: '' }),
        ...fs('', { device: '/dev/sdb1' }),
        ...fs('/'),
        s('node_filesystem_files', 90, { mountpoint: '/', device: '/dev/sda1', fstype: 'ext4' }),
      ],
    }));
    assert.deepEqual(n.filesystems, [{ mount: '/', device: '/dev/sda1', fstype: 'ext4', size: 100, avail: 40, percent: 60 }]);
  });

  it('a filesystem series without device or fstype labels has them empty, and each such mount counts', () => {
    const fs = (mount: string): Sample[] => [s('node_filesystem_size_bytes', 10, { mountpoint: mount }), s('node_filesystem_avail_bytes', 5, { mountpoint: mount })];
    const [n] = nodesFromResults(results({ gauges: [s('node_load1', 1)], filesystems: [...fs('/a'), ...fs('/b')] }));
    assert.deepEqual(n.filesystems, [
      { mount: '/a', device: '', fstype: '', size: 10, avail: 5, percent: 50 },
      { mount: '/b', device: '', fstype: '', size: 10, avail: 5, percent: 50 },
    ]);
  });
});

describe('sensor names, exactly', () => {
  const labels = (temperatures: Sample[]): string[] => nodesFromResults(results({ gauges: [s('node_load1', 1)], temperatures }))[0].temperatures.map((r) => r.label);

  it('without chip_names, only a chip named nvme_nvmeN is taken for an NVMe drive', () => {
    assert.deepEqual(labels([
      s('node_hwmon_temp_celsius', 40, { chip: 'nvme_nvme1', sensor: 'temp1' }),
      s('node_hwmon_temp_celsius', 41, { chip: 'pci0000:00_0000:01:00_0_nvme2', sensor: 'temp1' }),
    ]), ['nvme1 temp1', 'pci0000:00_0000:01:00_0_nvme2 temp1']);
  });

  it('a chip of the nvme driver whose name does not end in nvmeN keeps the driver name', () => {
    assert.deepEqual(labels([
      s('node_hwmon_chip_names', 1, { chip: 'nvme_nvme0n1', chip_name: 'nvme' }),
      s('node_hwmon_temp_celsius', 40, { chip: 'nvme_nvme0n1', sensor: 'temp1' }),
    ]), ['nvme temp1']);
  });

  it('a sensor without chip or sensor labels, and a thermal zone without type or number, are still named', () => {
    assert.deepEqual(labels([
      s('node_hwmon_temp_celsius', 40, { sensor: 'temp1' }),
      s('node_hwmon_temp_celsius', 41, { chip: 'platform_coretemp_0' }),
      s('node_thermal_zone_temp', 42),
    ]), ['hwmon temp1', 'platform_coretemp_0', 'thermal_zone']);
  });
});

describe('node checks, ids and states exactly', () => {
  it('a down node has one critical check with the up probe id', () => {
    const checks = nodeChecks(base({ up: false }), T, ctx);
    assert.deepEqual(checks.map((c) => [c.id, c.target, c.status]), [['metrics:host:nas:up', 'host:nas', 'crit']]);
  });

  it('the recorded um560 (one ext4 root, no sensors, no swap): up ok, one disk check and no "no filesystems" line', () => {
    const um560 = nodesFromResults(recorded()).find((n) => n.name === 'um560')!;
    const checks = nodeChecks(um560, T, ctx);
    assert.deepEqual(checks.map((c) => c.id), ['metrics:host:um560:up', 'metrics:host:um560:load', 'metrics:host:um560:memory', 'metrics:host:um560:disk:/', 'metrics:host:um560:temperature']);
    const up = checks[0];
    assert.equal(up.status, 'ok');
    assert.equal(up.summary, msg('metrics.up', { host: 'um560', booted: part('metrics.booted', { uptime: um560.uptimeSeconds ?? -1 }) }).summary);
    assert.equal(up.detail, from('um560'));
  });
});
