import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatAgeHours, formatBytes, formatDuration, formatLatency, formatPercent } from '../../../shared/units';

describe('bytes, as memory, disks and backup archives show them', () => {
  it('uses binary units with one decimal below 100 and none above', () => {
    assert.equal(formatBytes(0), '0 B');
    assert.equal(formatBytes(1023), '1023 B');
    assert.equal(formatBytes(1024), '1.0 KiB');
    assert.equal(formatBytes(1.5 * 1024 ** 3), '1.5 GiB');
    assert.equal(formatBytes(15.24 * 1024 ** 3), '15.2 GiB');
    assert.equal(formatBytes(931 * 1024 ** 3), '931 GiB');
    assert.equal(formatBytes(3.6 * 1024 ** 4), '3.6 TiB');
  });

  it('never writes "100.0" at the edge between one decimal and none', () => {
    assert.equal(formatBytes(99.97 * 1024 ** 2), '100 MiB');
    assert.equal(formatBytes(99.94 * 1024 ** 2), '99.9 MiB');
  });

  it('stops at PiB, keeps the sign, and shows a dash for what is not known', () => {
    assert.equal(formatBytes(2048 * 1024 ** 5), '2048 PiB');
    assert.equal(formatBytes(-2 * 1024 ** 2), '-2.0 MiB');
    for (const v of [null, undefined, NaN, Infinity]) assert.equal(formatBytes(v), '–', String(v));
  });
});

describe('percentages and latencies', () => {
  it('rounds a ratio to a whole percent', () => {
    assert.equal(formatPercent(0.424), '42%');
    assert.equal(formatPercent(0.425), '43%');
    assert.equal(formatPercent(1), '100%');
    assert.equal(formatPercent(null), '–');
  });

  it('rounds a latency to whole milliseconds', () => {
    assert.equal(formatLatency(3.6), '4 ms');
    assert.equal(formatLatency(0), '0 ms');
    assert.equal(formatLatency(undefined), '–');
  });
});

describe('durations: uptime, wake-up times, the `duration` format of core sentences', () => {
  it('shows the two largest units and leaves a zero second unit out', () => {
    assert.equal(formatDuration(12 * 86400 + 16 * 3600), '12 d 16 h');
    assert.equal(formatDuration(2 * 86400 + 59 * 60), '2 d');
    assert.equal(formatDuration(5 * 3600 + 12 * 60 + 40), '5 h 12 min');
    assert.equal(formatDuration(3600), '1 h');
    assert.equal(formatDuration(125), '2 min 5 s');
    assert.equal(formatDuration(42), '42 s');
  });

  it('keeps tenths for a short wait and whole seconds from 10 s on', () => {
    assert.equal(formatDuration(0.4), '0.4 s');
    assert.equal(formatDuration(2), '2 s');
    assert.equal(formatDuration(9.96), '10 s');
    assert.equal(formatDuration(59.6), '1 min', 'rounding up to a minute carries into the minutes');
  });

  it('reads in Chinese units in the Chinese UI, with no English letters', () => {
    assert.equal(formatDuration(90_061, 'zh-CN'), '1 天 1 小时');
    assert.equal(formatDuration(5 * 3600 + 12 * 60, 'zh-CN'), '5 小时 12 分钟');
    assert.equal(formatDuration(42, 'zh-CN'), '42 秒');
    assert.doesNotMatch(formatDuration(9 * 86400 + 4 * 3600 + 5, 'zh-CN'), /[a-z]/);
  });

  it('shows a dash for a negative or unknown span', () => {
    for (const v of [null, undefined, NaN, -1]) assert.equal(formatDuration(v), '–', String(v));
    assert.equal(formatDuration(0), '0 s');
  });
});

describe('backup ages (the `hours` format)', () => {
  it('counts hours below two days and days from then on', () => {
    assert.equal(formatAgeHours(30), '30 h');
    assert.equal(formatAgeHours(47.4), '47 h');
    assert.equal(formatAgeHours(48), '2 days');
    assert.equal(formatAgeHours(200), '8 days');
    assert.equal(formatAgeHours(200, 'zh-CN'), '8 天');
    assert.equal(formatAgeHours(5, 'zh-CN'), '5 小时');
    assert.equal(formatAgeHours(-1), '–');
  });
});
