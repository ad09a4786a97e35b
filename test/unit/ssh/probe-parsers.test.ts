import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadChecks, parseCores, parseLoadavg } from '../../../electron/core/ssh/probes/load';
import { parseFailedUnits, systemdChecks } from '../../../electron/core/ssh/probes/systemd';
import { resolveThresholds } from '../../../electron/core/ssh/probes/thresholds';
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
