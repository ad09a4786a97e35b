import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadChecks, parseCores, parseLoadavg } from '../../../electron/core/ssh/probes/load';
import { parseFailedUnits, systemdChecks } from '../../../electron/core/ssh/probes/systemd';
import { defaultThresholds, resolveThresholds } from '../../../electron/core/ssh/probes/thresholds';
import { diskChecks, parseDf } from '../../../electron/core/ssh/probes/disk';
import { memoryChecks, parseMeminfo } from '../../../electron/core/ssh/probes/memory';
import type { ProbeContext } from '../../../electron/core/ssh/probes/types';
import { parseUptime, uptimeChecks } from '../../../electron/core/ssh/probes/uptime';
import type { Check } from '../../../shared/status';

// The small probes' exact words and limits (the same parsers run end to end through a real sshd in
// test/integration/ssh): what the owner reads in the tray is pinned, not only the status.

const ctx: ProbeContext = { host: 'um560', source: 'host:um560', observedAt: '2026-11-27T10:00:00.000Z', thresholds: resolveThresholds({}) };
const seen = (cs: Check[]) => cs.map((c) => ({ id: c.id, status: c.status, summary: c.summary, ...(c.detail ? { detail: c.detail } : {}), ...(c.error ? { error: c.error } : {}) }));
const failedLine = (unit: string) => `● ${unit} loaded failed failed Something broke`;
const SEE = 'see: systemctl status <unit>; journalctl -u <unit>';

describe('systemd probe', () => {
  it('one failed unit in the singular, two listed, four cut after three with ", …" and all of them in the detail', () => {
    assert.deepEqual(seen(systemdChecks(ctx, failedLine('a.service'))), [{ id: 'host:um560:systemd', status: 'warn', summary: 'um560: 1 failed systemd unit: a.service', detail: `a.service\n${SEE}` }]);
    assert.deepEqual(seen(systemdChecks(ctx, [failedLine('a.service'), failedLine('b.timer')].join('\n')))[0].summary, 'um560: 2 failed systemd units: a.service, b.timer');
    assert.deepEqual(seen(systemdChecks(ctx, ['a.service', 'b.timer', 'c.mount'].map(failedLine).join('\n')))[0].summary, 'um560: 3 failed systemd units: a.service, b.timer, c.mount');
    assert.deepEqual(seen(systemdChecks(ctx, ['a.service', 'b.timer', 'c.mount', 'd.socket'].map(failedLine).join('\n'))), [
      { id: 'host:um560:systemd', status: 'warn', summary: 'um560: 4 failed systemd units: a.service, b.timer, c.mount, …', detail: `a.service\nb.timer\nc.mount\nd.socket\n${SEE}` },
    ]);
  });

  it('reads units after a ● or * bullet or none; skips headers, active units, short lines and names that are not units', () => {
    const text = [
      '  UNIT LOAD ACTIVE SUB DESCRIPTION',
      '* x.service loaded failed failed X',
      'y.service loaded active running Y',
      'z.service loaded failed',
      'notaunit loaded failed failed N',
      'w.Service loaded failed failed W',
      'v.path loaded failed failed V',
      '',
      '2 loaded units listed.',
    ].join('\n');
    assert.deepEqual(parseFailedUnits(text), ['x.service', 'v.path']);
  });

  it('no failed unit is ok; no systemd, no bus or no systemctl is unknown with the first line as the reason', () => {
    assert.deepEqual(seen(systemdChecks(ctx, '0 loaded units listed.')), [{ id: 'host:um560:systemd', status: 'ok', summary: 'um560: no failed systemd units' }]);
    assert.deepEqual(seen(systemdChecks(ctx, 'Failed to connect to bus: No such file or directory\nmore')), [
      { id: 'host:um560:systemd', status: 'unknown', summary: 'um560: systemd units not known', error: 'Failed to connect to bus: No such file or directory' },
    ]);
    assert.equal(parseFailedUnits("System has not been booted with systemd as init system (PID 1). Can't operate."), null);
    assert.deepEqual(seen(systemdChecks(ctx, '!unavailable systemctl not found'))[0].error, 'systemctl not found');
  });
});

describe('uptime probe', () => {
  it('reads the first number of /proc/uptime, and says days and hours', () => {
    assert.equal(parseUptime('90061.5 12345.6'), 90061.5);
    assert.equal(parseUptime('0 0'), 0);
    assert.deepEqual(seen(uptimeChecks(ctx, '90061.5 12345.6')), [{ id: 'host:um560:uptime', status: 'ok', summary: 'um560: up 1 d 1 h' }]);
  });

  it('empty, negative or not a number is unknown, quoting what came', () => {
    for (const bad of ['', '   ', '-1 2', 'abc']) assert.equal(parseUptime(bad), null, JSON.stringify(bad));
    assert.deepEqual(seen(uptimeChecks(ctx, 'garbage')), [{ id: 'host:um560:uptime', status: 'unknown', summary: 'um560: uptime not known', error: 'unexpected /proc/uptime: "garbage"' }]);
  });
});

describe('load probe', () => {
  const summaryAt = (load5: string) => loadChecks(ctx, `1 ${load5} 1 1/200 300`, 4)[0];
  it('judges the 5-minute average per core: 1.5 per core warns, 3 is critical, just under each is the status below', () => {
    assert.deepEqual([summaryAt('5.96').status, summaryAt('6.00').status, summaryAt('11.96').status, summaryAt('12').status], ['ok', 'warn', 'warn', 'crit']);
    assert.equal(summaryAt('5.96').summary, 'um560: load 1.00 5.96 1.00 on 4 cores');
    assert.equal(summaryAt('6.00').summary, 'um560: load 1.00 6.00 1.00 on 4 cores (1.5 per core over 5 min)');
    assert.equal(summaryAt('12').summary, 'um560: load 1.00 12.00 1.00 on 4 cores (3.0 per core over 5 min)');
    assert.equal(summaryAt('12').detail, 'warn at 1.5 per core, critical at 3 (5-minute average)');
    // The 1- and 15-minute averages do not count.
    assert.equal(loadChecks(ctx, '40 1 40 1/200 300', 4)[0].status, 'ok');
  });

  it('configured limits count at their exact values', () => {
    const strict: ProbeContext = { ...ctx, thresholds: resolveThresholds({ loadPerCoreWarn: 0.5, loadPerCoreCrit: 1 }) };
    assert.deepEqual(['1.99', '2', '4'].map((l) => loadChecks(strict, `0 ${l} 0`, 4)[0].status), ['ok', 'warn', 'crit']);
  });

  it('an unreadable loadavg or core count is unknown, and says which', () => {
    assert.deepEqual(seen(loadChecks(ctx, '1 2', 4)), [{ id: 'host:um560:load', status: 'unknown', summary: 'um560: load not known', error: 'unexpected /proc/loadavg: "1 2"' }]);
    assert.deepEqual(seen(loadChecks(ctx, '1 2 3', null)), [{ id: 'host:um560:load', status: 'unknown', summary: 'um560: load 1.00 2.00 3.00, core count not known' }]);
    assert.equal(parseLoadavg('0.1 -1 0.3'), null);
    assert.equal(parseLoadavg('0.1 x 0.3'), null);
    assert.deepEqual(parseLoadavg(' 0.10 0.20 0.30 2/300 4\n'), [0.1, 0.2, 0.3]);
    assert.deepEqual([parseCores('12\n'), parseCores('0'), parseCores('1.5'), parseCores(''), parseCores('-2')], [12, null, null, null, null]);
  });
});

const GiB = 1024 * 1024; // in kB, as /proc/meminfo counts
const meminfo = (rows: Record<string, number>) => Object.entries(rows).map(([k, v]) => `${k}:${' '.repeat(Math.max(1, 16 - k.length))}${v} kB`).join('\n');

describe('memory probe', () => {
  it('used is total − MemAvailable; swap is its own check; both say percent, used and total with their limits', () => {
    const text = meminfo({ MemTotal: 16 * GiB, MemFree: 1 * GiB, MemAvailable: 4 * GiB, Buffers: 512, Cached: 3 * GiB, SwapCached: 0, SwapTotal: 2 * GiB, SwapFree: 1.5 * GiB });
    assert.deepEqual(seen(memoryChecks(ctx, `${text}\nHugePages_Total:       0\nHugepagesize:       2048 kB`)), [
      { id: 'host:um560:memory', status: 'ok', summary: 'um560: memory 75 % used (12.0 GiB of 16.0 GiB)', detail: 'warn at 90 %, critical at 97 % (used = total − available)' },
      { id: 'host:um560:swap', status: 'ok', summary: 'um560: swap 25 % used (512 MiB of 2.0 GiB)', detail: 'warn at 80 %, critical at 95 %' },
    ]);
  });

  it('a kernel without MemAvailable counts free + buffers + cached + reclaimable slab as available', () => {
    const m = parseMeminfo(meminfo({ MemTotal: 1000, MemFree: 100, Buffers: 20, Cached: 300, SReclaimable: 4, SwapTotal: 0, SwapFree: 0 }));
    assert.deepEqual(m, { total: 1000 * 1024, used: (1000 - 424) * 1024, swapTotal: 0, swapUsed: 0 });
    // Only MemTotal: nothing is known to be available, so all of it is used.
    assert.deepEqual(parseMeminfo('MemTotal: 1000 kB'), { total: 1024000, used: 1024000, swapTotal: 0, swapUsed: 0 });
  });

  it('no swap (SwapTotal 0 or missing) gives no swap check; SwapFree missing means none used; more free than total is 0 used', () => {
    assert.deepEqual(memoryChecks(ctx, meminfo({ MemTotal: 1000, MemAvailable: 500, SwapTotal: 0, SwapFree: 0 })).map((c) => c.id), ['host:um560:memory']);
    assert.deepEqual(memoryChecks(ctx, meminfo({ MemTotal: 1000, MemAvailable: 500 })).map((c) => c.id), ['host:um560:memory']);
    assert.equal(parseMeminfo(meminfo({ MemTotal: 1000, MemAvailable: 500, SwapTotal: 800 }))?.swapUsed, 0);
    assert.equal(parseMeminfo(meminfo({ MemTotal: 1000, MemAvailable: 500, SwapTotal: 800, SwapFree: 900 }))?.swapUsed, 0);
    assert.equal(parseMeminfo(meminfo({ MemTotal: 1000, MemAvailable: 1200 }))?.used, 0);
  });

  it('reads names at the start of a line only, with or without the kB unit', () => {
    assert.equal(parseMeminfo('MemTotal: 1000 kB\nMemAvailable: 250 kB\nnote MemTotal: 4 kB')?.total, 1024000);
    assert.deepEqual(parseMeminfo('MemTotal:       1000\nMemAvailable:    250'), { total: 1024000, used: 750 * 1024, swapTotal: 0, swapUsed: 0 });
  });

  it('memory and swap limits count at their exact percent', () => {
    const memAt = (availPermille: number) => memoryChecks(ctx, meminfo({ MemTotal: 1000, MemAvailable: availPermille }))[0].status;
    assert.deepEqual([memAt(101), memAt(100), memAt(31), memAt(30)], ['ok', 'warn', 'warn', 'crit']);
    const swapAt = (free: number) => memoryChecks(ctx, meminfo({ MemTotal: 1000, MemAvailable: 900, SwapTotal: 100, SwapFree: free }))[1];
    assert.deepEqual([swapAt(21).status, swapAt(20).status, swapAt(6).status, swapAt(5).status], ['ok', 'warn', 'warn', 'crit']);
    assert.equal(swapAt(5).summary, 'um560: swap 95 % used (95.0 KiB of 100 KiB)');
  });

  it('no MemTotal (or 0) is unknown and says so; a missing section gives its reason', () => {
    assert.equal(parseMeminfo('MemFree: 100 kB'), null);
    assert.equal(parseMeminfo('MemTotal: 0 kB'), null);
    assert.deepEqual(seen(memoryChecks(ctx, 'MemFree: 100 kB')), [{ id: 'host:um560:memory', status: 'unknown', summary: 'um560: memory not known', error: 'no MemTotal in /proc/meminfo' }]);
    assert.deepEqual(seen(memoryChecks(ctx, undefined))[0].error, 'the probe produced no output');
  });
});

const DF_HEAD = 'Filesystem     Type     1024-blocks      Used Available Capacity Mounted on';
const dfRow = (fs: string, type: string, size: number, used: number, avail: number, mount: string) => `${fs} ${type} ${size} ${used} ${avail} ${Math.ceil((used / (used + avail || 1)) * 100)}% ${mount}`;

describe('disk probe', () => {
  it('one check per real mount with percent full (rounded up), free and size, and device, type and limits in the detail', () => {
    const text = [DF_HEAD, dfRow('/dev/nvme0n1p2', 'ext4', 100 * GiB, 60 * GiB, 40 * GiB, '/'), dfRow('/dev/sdb1', 'xfs', 2048, 1, 2047, '/srv/My Files')].join('\n');
    assert.deepEqual(seen(diskChecks(ctx, text)), [
      { id: 'host:um560:disk:/', status: 'ok', summary: 'um560: / 60 % full (40.0 GiB free of 100 GiB)', detail: '/dev/nvme0n1p2 (ext4); warn at 85 %, critical at 95 %' },
      { id: 'host:um560:disk:/srv/My Files', status: 'ok', summary: 'um560: /srv/My Files 1 % full (2.0 MiB free of 2.0 MiB)', detail: '/dev/sdb1 (xfs); warn at 85 %, critical at 95 %' },
    ]);
  });

  it('drops every pseudo filesystem type, a filesystem mounted twice, short lines, zero and unreadable sizes', () => {
    const pseudo = ['tmpfs', 'devtmpfs', 'squashfs', 'efivarfs', 'ramfs', 'iso9660', 'udf', 'proc', 'sysfs', 'devpts', 'cgroup', 'cgroup2', 'nsfs', 'fuse.snapfuse', 'fuse.lxcfs'];
    const text = [
      DF_HEAD,
      ...pseudo.map((t, i) => dfRow(`p${i}`, t, 1000, 10, 990, `/p${i}`)),
      dfRow('/dev/sda1', 'ext4', 1000, 500, 500, '/'),
      dfRow('/dev/sda1', 'ext4', 1000, 500, 500, '/var/lib/bind'),
      '/dev/sdc1 ext4 1000 1 999 1%',
      dfRow('/dev/sdd1', 'ext4', 0, 0, 0, '/empty'),
      dfRow('/dev/sde1', 'ext4', Number.NaN, 0, 0, '/nan'),
      dfRow('fuse.sshfs', 'fuse.sshfs', 1000, 0, 0, '/remote'),
    ].join('\n');
    assert.deepEqual(parseDf(text).map((m) => [m.mount, m.percent]), [['/', 50], ['/remote', 0]]);
  });

  it('the first line is df\'s header and is never read as a mount; leading blanks on a row are ignored', () => {
    assert.deepEqual(parseDf(dfRow('/dev/sda1', 'ext4', 1000, 1, 999, '/')), []);
    assert.deepEqual(parseDf(`${DF_HEAD}\n   ${dfRow('/dev/sda1', 'ext4', 1000, 250, 750, '/')}`), [
      { filesystem: '/dev/sda1', type: 'ext4', mount: '/', sizeBytes: 1024000, usedBytes: 256000, availBytes: 768000, percent: 25 },
    ]);
  });

  it('limits count at their exact percent; 84.1 % shows as 85 % but is still ok', () => {
    const at = (used: number, avail: number) => diskChecks(ctx, `${DF_HEAD}\n${dfRow('/dev/sda1', 'ext4', 100000, used, avail, '/')}`)[0];
    assert.deepEqual([at(841, 159).status, at(849, 151).status, at(85, 15).status, at(949, 51).status, at(95, 5).status], ['ok', 'ok', 'warn', 'warn', 'crit']);
    assert.equal(at(841, 159).summary, 'um560: / 85 % full (159 KiB free of 97.7 MiB)');
  });

  it('nothing listed is unknown with a reason', () => {
    assert.deepEqual(seen(diskChecks(ctx, DF_HEAD)), [{ id: 'host:um560:disk', status: 'unknown', summary: 'um560: disk usage not known', error: 'df listed no filesystems' }]);
    assert.deepEqual(seen(diskChecks(ctx, '!unavailable df not found')), [{ id: 'host:um560:disk', status: 'unknown', summary: 'um560: disk usage not known', error: 'df not found' }]);
  });
});

describe('threshold overrides', () => {
  it('known names override, unknown names and non-finite numbers are ignored', () => {
    assert.deepEqual(resolveThresholds({ diskWarn: 70, bogus: 5, memWarn: Number.NaN, memCrit: Number.POSITIVE_INFINITY }), { ...defaultThresholds, diskWarn: 70 });
    assert.deepEqual(resolveThresholds(undefined), defaultThresholds);
  });
});

describe('probe parsers on column-padded and indented output', () => {
  it('systemctl pads its columns and may indent the bullet; a unit needs four fields and a lower-case type suffix', () => {
    const text = [
      '  UNIT                    LOAD   ACTIVE SUB    DESCRIPTION',
      '  ● nut-monitor.service   loaded failed failed Network UPS Tools monitor',
      'smartd.service loaded failed failed',
      'zfs-import.service loaded failed   ',
      'backup.v2 loaded failed failed Backup',
    ].join('\n');
    assert.deepEqual(parseFailedUnits(text), ['nut-monitor.service', 'smartd.service']);
  });

  it('loadavg with doubled blanks and a core count or uptime with leading blanks read the same numbers', () => {
    assert.deepEqual(parseLoadavg('0.50  1.25  2.00 1/200 300'), [0.5, 1.25, 2]);
    assert.equal(parseCores('  8\n'), 8);
    assert.equal(parseUptime('  42.5 100.0\n'), 42.5);
  });

  it('a graded load check carries the load probe id', () => {
    assert.deepEqual(loadChecks(ctx, '0.1 0.2 0.3 1/100 200', 4).map((c) => [c.id, c.status]), [['host:um560:load', 'ok']]);
  });
});
