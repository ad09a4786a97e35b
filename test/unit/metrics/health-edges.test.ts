import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Sample } from '../../../electron/core/metrics/client';
import { hostStates, instanceHost, nodeChecks, nodeName, nodesFromResults, type MetricsNode, type QueryResults } from '../../../electron/core/metrics/health';
import { resolveThresholds } from '../../../electron/core/ssh/probes/thresholds';

const ctx = { source: 'metrics', observedAt: '2026-11-27T18:39:43.000Z', server: 'http://127.0.0.1:8428' };
const T = resolveThresholds(undefined);
const s = (name: string, value: number, labels: Record<string, string> = {}): Sample => ({ labels: { __name__: name, instance: 'nas', job: 'node', ...labels }, value });
const results = (r: Partial<QueryResults>): QueryResults => ({ up: [], gauges: [], cores: [], filesystems: [], temperatures: [], ...r });
const one = (r: Partial<QueryResults>): MetricsNode => {
  const nodes = nodesFromResults(results(r));
  assert.equal(nodes.length, 1, JSON.stringify(nodes.map((n) => n.instance)));
  return nodes[0];
};
const base = (over: Partial<MetricsNode> = {}): MetricsNode => ({
  name: 'nas', instance: 'nas', up: true, load: [0.5, 0.5, 0.5], cores: 4, memTotal: 1000, memAvailable: 500, swapTotal: null, swapFree: null, uptimeSeconds: null,
  filesystems: [{ mount: '/', device: '/dev/sda1', fstype: 'ext4', size: 100, avail: 50, percent: 50 }], temperatures: [{ label: 'k10temp Tctl', kind: 'cpu', celsius: 50 }], ...over,
});
const checkOf = (n: MetricsNode, probe: string, t = T) => nodeChecks(n, t, ctx).find((c) => c.id === `metrics:host:nas:${probe}`);

describe('metrics instances and names, at the edges', () => {
  it('takes the host part only of a whole host:port or [v6]:port instance', () => {
    assert.equal(instanceHost('[fd00::1]'), 'fd00::1');
    assert.equal(instanceHost('x[fd00::1]:9100'), 'x[fd00::1]:9100');
    assert.equal(instanceHost('[fd00::1]:9100x'), '[fd00::1]:9100x');
    assert.equal(instanceHost('nas:9100x'), 'nas:9100x');
    assert.equal(instanceHost('x:y:9100'), 'x:y:9100');
  });

  it('names an instance after the host whose name or SSH address it is, and skips hosts without ssh', () => {
    const hosts = [{ name: 'router' }, { name: 'gtr5', ssh: { host: '192.168.1.12' } }, { name: 'pi', ssh: { host: '192.168.1.30', awayHost: '100.64.0.7' } }];
    assert.equal(nodeName('192.168.1.12:9100', hosts), 'gtr5');
    assert.equal(nodeName('100.64.0.7:9100', hosts), 'pi');
    assert.equal(nodeName('192.168.1.99:9100', hosts), '192.168.1.99');
    assert.equal(nodeName('router:9100', hosts), 'router');
  });
});

describe('reading node_exporter samples, at the edges', () => {
  it('skips samples without an instance, and up of other jobs', () => {
    const nodes = nodesFromResults(results({ gauges: [s('node_load1', 1, { instance: '' })], up: [s('up', 1, { instance: '' }), s('up', 1, { instance: 'vmagent:8429', job: 'vmagent' })] }));
    assert.deepEqual(nodes, []);
  });

  it('keeps load only when all three averages came, and uptime only when the clock is at or after boot', () => {
    assert.equal(one({ gauges: [s('node_load1', 1), s('node_load5', 2)] }).load, null);
    assert.deepEqual(one({ gauges: [s('node_load1', 1), s('node_load5', 2), s('node_load15', 3)] }).load, [1, 2, 3]);
    assert.equal(one({ gauges: [s('node_boot_time_seconds', 100)] }).uptimeSeconds, null);
    assert.equal(one({ gauges: [s('node_time_seconds', 100)] }).uptimeSeconds, null);
    assert.equal(one({ gauges: [s('node_boot_time_seconds', 100), s('node_time_seconds', 99)] }).uptimeSeconds, null);
    assert.equal(one({ gauges: [s('node_boot_time_seconds', 100), s('node_time_seconds', 100)] }).uptimeSeconds, 0);
    assert.equal(one({ gauges: [s('node_boot_time_seconds', 100), s('node_time_seconds', 160.6)] }).uptimeSeconds, 61);
  });

  it('counts cores only as a positive whole number of a known instance', () => {
    const g = [s('node_load1', 1)];
    assert.equal(one({ gauges: g, cores: [s('', 0)] }).cores, null);
    assert.equal(one({ gauges: g, cores: [s('', 2.5)] }).cores, null);
    assert.equal(one({ gauges: g, cores: [s('', 4, { instance: 'other' })] }).cores, null);
    assert.equal(one({ gauges: g, cores: [s('', 4)] }).cores, 4);
  });

  it('a node is up when any of its targets is up', () => {
    assert.equal(one({ gauges: [s('node_load1', 1)], up: [s('up', 0), s('up', 1)] }).up, true);
    assert.equal(one({ gauges: [s('node_load1', 1)], up: [s('up', 0)] }).up, false);
  });

  it('keeps filesystems with a size above zero and an avail, once per device at the shortest mount, sorted by mount', () => {
    const fs = (mount: string, device: string, size: number | null, avail: number | null, free?: number): Sample[] => [
      ...(size !== null ? [s('node_filesystem_size_bytes', size, { mountpoint: mount, device, fstype: 'ext4' })] : []),
      ...(avail !== null ? [s('node_filesystem_avail_bytes', avail, { mountpoint: mount, device, fstype: 'ext4' })] : []),
      ...(free !== undefined ? [s('node_filesystem_free_bytes', free, { mountpoint: mount, device, fstype: 'ext4' })] : []),
    ];
    const n = one({
      gauges: [s('node_load1', 1)],
      filesystems: [
        ...fs('/zz', '/dev/sda1', 100, 25),
        ...fs('/aaaa/bind', '/dev/sda1', 100, 25),
        ...fs('/b', '/dev/sdb1', 100, 10),
        ...fs('/a', '/dev/sdb1', 100, 10),
        ...fs('/a/very/long/path', '/dev/sdc1', 100, 0, 100),
        ...fs('/nosize', '/dev/sdd1', null, 5),
        ...fs('/noavail', '/dev/sde1', 100, null),
        ...fs('/empty', '/dev/sdf1', 0, 0),
        ...fs('/m1', '', 10, 5),
        ...fs('/m2', '', 10, 5),
        s('node_filesystem_size_bytes', 10, { mountpoint: '/elsewhere', instance: 'other' }),
        s('node_filesystem_size_bytes', 10, { mountpoint: '' }),
      ],
    });
    assert.deepEqual(n.filesystems.map((f) => [f.mount, f.device, Math.round(f.percent)]), [
      ['/a', '/dev/sdb1', 90],
      ['/a/very/long/path', '/dev/sdc1', 0],
      ['/m1', '', 50],
      ['/m2', '', 50],
      ['/zz', '/dev/sda1', 75],
    ]);
  });

  it('reads temperature sensors: plausible values only, a crit above zero, labels and drivers only when given', () => {
    const t = (name: string, value: number, labels: Record<string, string> = {}): Sample => s(name, value, { chip: 'pci0000:00_0000:00:18_3', sensor: 'temp1', ...labels });
    const n = one({
      gauges: [s('node_load1', 1)],
      temperatures: [
        t('node_hwmon_temp_celsius', 45),
        t('node_hwmon_temp_crit_celsius', 0),
        t('node_hwmon_sensor_label', 1, { label: '' }),
        t('node_hwmon_chip_names', 1, { chip_name: '' }),
        t('node_hwmon_temp_celsius', 150, { sensor: 'temp2' }),
        t('node_hwmon_temp_celsius', -20, { sensor: 'temp3' }),
        t('node_hwmon_temp_celsius', 149, { sensor: 'temp4' }),
        t('node_hwmon_temp_crit_celsius', 150, { sensor: 'temp4' }),
        t('node_hwmon_temp_celsius', -19, { sensor: 'temp5' }),
        t('node_hwmon_temp_crit_celsius', 149, { sensor: 'temp5' }),
        t('node_hwmon_temp_celsius', 40, { chip: 'nvme_nvme12', sensor: 'temp1' }),
        t('node_hwmon_temp_celsius', 41, { chip: 'nvme_nvme0', sensor: 'temp1' }),
        t('node_hwmon_chip_names', 1, { chip: 'nvme_nvme0', chip_name: 'drivetemp' }),
        t('node_hwmon_temp_celsius', 42, { chip: 'platform_coretemp_0', sensor: '' }),
        t('node_hwmon_temp_celsius', 43, { instance: 'other' }),
        s('node_thermal_zone_temp', 44, { zone: '3' }),
      ],
    });
    assert.deepEqual(n.temperatures.map((r) => [r.label, r.celsius, r.crit]), [
      ['pci0000:00_0000:00:18_3 temp1', 45, undefined],
      ['pci0000:00_0000:00:18_3 temp4', 149, undefined],
      ['pci0000:00_0000:00:18_3 temp5', -19, 149],
      ['nvme12 temp1', 40, undefined],
      ['drivetemp temp1', 41, undefined],
      ['platform_coretemp_0', 42, undefined],
      ['thermal_zone3', 44, undefined],
    ]);
    assert.ok(!('crit' in n.temperatures[0]), 'no crit key without a limit');
  });

  it('keeps a thermal zone only on a node where no hwmon chip of that name reported', () => {
    const nodes = nodesFromResults(results({
      gauges: [s('node_load1', 1), s('node_load1', 1, { instance: 'pi' })],
      temperatures: [
        s('node_hwmon_temp_celsius', 50, { chip: 'thermal_thermal_zone0', sensor: 'temp1' }),
        s('node_hwmon_chip_names', 1, { chip: 'thermal_thermal_zone0', chip_name: 'acpitz' }),
        s('node_thermal_zone_temp', 50, { type: 'acpitz' }),
        s('node_thermal_zone_temp', 51, { type: 'acpitz', instance: 'pi' }),
      ],
    }));
    assert.deepEqual(nodes.map((n) => [n.name, n.temperatures.map((r) => r.label)]), [['nas', ['acpitz temp1']], ['pi', ['acpitz']]]);
  });
});

describe('node checks from metrics, at the edges', () => {
  it('says a node is down with the reason and where the figure came from', () => {
    const [down] = nodeChecks(base({ up: false }), T, ctx);
    assert.equal(down.summary, 'nas: node_exporter does not answer the metrics server (up = 0)');
    assert.equal(down.detail, 'the host is down, asleep, or node_exporter stopped\nfrom node_exporter via http://127.0.0.1:8428 (instance “nas”)');
  });

  it('says how long ago an up node booted, and nothing when the boot time is unknown', () => {
    assert.equal(checkOf(base({ uptimeSeconds: 7200 }), 'up')?.summary, 'nas: node_exporter up, booted 2 h ago');
    assert.equal(checkOf(base(), 'up')?.summary, 'nas: node_exporter up');
  });

  it('says load, memory, filesystems or temperatures are missing as unknown, in words', () => {
    const n = base({ load: null, memTotal: null, filesystems: [], temperatures: [] });
    assert.deepEqual(['load', 'memory', 'disk', 'temperature'].map((p) => [checkOf(n, p)?.status, checkOf(n, p)?.summary]), [
      ['unknown', 'nas: load not in the metrics'],
      ['unknown', 'nas: memory not in the metrics'],
      ['unknown', 'nas: no filesystems in the metrics'],
      ['unknown', "nas: no temperature sensors in the metrics (node_exporter's hwmon collector found none)"],
    ]);
    assert.deepEqual([checkOf(base({ cores: null }), 'load')?.status, checkOf(base({ cores: null }), 'load')?.summary], ['unknown', 'nas: load 0.50 0.50 0.50, core count not known']);
    assert.equal(checkOf(base({ memTotal: 0 }), 'memory')?.summary, 'nas: memory not in the metrics');
    assert.equal(checkOf(base({ memAvailable: null }), 'memory')?.summary, 'nas: memory not in the metrics');
    assert.equal(checkOf(base({ swapTotal: 0, swapFree: 0 }), 'swap'), undefined);
    assert.equal(checkOf(base({ swapTotal: 100, swapFree: null }), 'swap'), undefined);
  });

  it('grades load per core on the 5-minute average, and names the per-core figure only when it is not ok', () => {
    const at = (load5: number) => checkOf(base({ load: [9, load5, 9], cores: 4 }), 'load');
    assert.deepEqual([at(5.96)?.status, at(5.96)?.summary], ['ok', 'nas: load 9.00 5.96 9.00 on 4 cores']);
    assert.deepEqual([at(6)?.status, at(6)?.summary], ['warn', 'nas: load 9.00 6.00 9.00 on 4 cores (1.5 per core over 5 min)']);
    assert.equal(at(12)?.status, 'crit');
  });

  it('judges the hottest sensor at exactly the warning and critical lines, and at its own limit', () => {
    const temp = (celsius: number, crit?: number) => checkOf(base({ temperatures: [{ label: 'nvme0 Composite', kind: 'nvme', celsius, ...(crit !== undefined ? { crit } : {}) }] }), 'temperature')?.status;
    assert.deepEqual([temp(79.9), temp(80), temp(89.9), temp(90)], ['ok', 'warn', 'warn', 'crit']);
    assert.deepEqual([temp(70, 70), temp(69.9, 70)], ['crit', 'ok']);
    const tie = base({ temperatures: [{ label: 'k10temp Tctl', kind: 'cpu', celsius: 60 }, { label: 'nvme0 Composite', kind: 'nvme', celsius: 60 }] });
    assert.equal(checkOf(tie, 'temperature')?.summary, 'nas: hottest k10temp Tctl 60 °C', 'the first of equally hot sensors is named');
  });

  it('gives a HostState memory in use only for an up node with both figures, and wakeability and links from its config', () => {
    const [a] = hostStates([base()], [{ name: 'nas', mac: 'aa:bb:cc:dd:ee:ff', links: [{ name: 'UI', url: 'https://nas.home.arpa' }] }], ctx);
    assert.deepEqual([a.memUsed, a.wakeable, a.links], [500, true, [{ name: 'UI', url: 'https://nas.home.arpa' }]]);
    const [b] = hostStates([base({ up: false })], [{ name: 'nas' }], ctx);
    assert.deepEqual([b.memUsed, b.wakeable, 'links' in b, b.load, b.temperatures], [null, false, false, null, null]);
    const [c] = hostStates([base({ memAvailable: null })], [], ctx);
    assert.equal(c.memUsed, null);
    const [d] = hostStates([base({ memTotal: null })], [], ctx);
    assert.equal(d.memUsed, null);
    const [e] = hostStates([base()], [{ name: 'other', mac: 'aa:bb:cc:dd:ee:ff' }, { name: 'nas', thresholds: { tempWarn: 40 } }], ctx);
    assert.deepEqual([e.wakeable, e.checks.find((x) => x.id.endsWith(':temperature'))?.status], [false, 'warn']);
  });
});
