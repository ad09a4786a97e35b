import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createStyle, localTime, visibleLength, wantsColor } from '../../../electron/cli/style';
import { table } from '../../../electron/cli/status-text';

describe('colour in the CLI', () => {
  const tty = { isTTY: true, noColorFlag: false };
  it('is on for a terminal and off for a pipe', () => {
    assert.equal(wantsColor({ ...tty, env: {} }), true);
    assert.equal(wantsColor({ isTTY: false, noColorFlag: false, env: {} }), false);
    assert.equal(wantsColor({ isTTY: undefined, noColorFlag: false, env: {} }), false);
  });

  it('is off with --no-color or a non-empty NO_COLOR, even on a terminal and even when forced', () => {
    assert.equal(wantsColor({ isTTY: true, noColorFlag: true, env: {} }), false);
    assert.equal(wantsColor({ ...tty, env: { NO_COLOR: '1' } }), false);
    assert.equal(wantsColor({ ...tty, env: { NO_COLOR: '1', FORCE_COLOR: '1' } }), false);
    assert.equal(wantsColor({ isTTY: true, noColorFlag: true, env: { FORCE_COLOR: '1' } }), false);
    // An empty NO_COLOR does not count (no-color.org).
    assert.equal(wantsColor({ ...tty, env: { NO_COLOR: '' } }), true);
  });

  it('FORCE_COLOR turns it on for a pipe; FORCE_COLOR=0 turns it off; TERM=dumb means none', () => {
    assert.equal(wantsColor({ isTTY: false, noColorFlag: false, env: { FORCE_COLOR: '1' } }), true);
    assert.equal(wantsColor({ ...tty, env: { FORCE_COLOR: '0' } }), false);
    assert.equal(wantsColor({ ...tty, env: { FORCE_COLOR: 'false' } }), false);
    assert.equal(wantsColor({ ...tty, env: { TERM: 'dumb' } }), false);
  });

  it('paints statuses only when on', () => {
    assert.equal(createStyle(false).status('crit', 'CRIT'), 'CRIT');
    assert.equal(createStyle(true).status('crit', 'CRIT'), '\x1b[1m\x1b[31mCRIT\x1b[39m\x1b[22m');
    assert.equal(createStyle(true).status('warn', 'WARN'), '\x1b[33mWARN\x1b[39m');
  });

  it('lines up table columns by what is visible, not by the colour codes', () => {
    const st = createStyle(true);
    const lines = table([['NAME', 'STATUS', 'CPU'], ['openwrt', st.green('running'), '3%'], ['win2022', st.dim('stopped'), '0%']], st).split('\n');
    const plain = lines.map((l) => l.split('\x1b').map((part, i) => (i ? part.replace(/^\[[0-9;]*m/, '') : part)).join(''));
    assert.deepEqual([plain[0].indexOf('CPU'), plain[1].indexOf('3%'), plain[2].indexOf('0%')], [plain[0].indexOf('CPU'), plain[0].indexOf('CPU'), plain[0].indexOf('CPU')], plain.join('\n'));
    assert.equal(visibleLength(st.red('abc')), 3);
  });
});

describe('times in the CLI', () => {
  it('are local, to the second, with no milliseconds and no zone letters', () => {
    const s = localTime('2026-12-03T20:24:49.520Z');
    assert.match(s, /^\d{4}-\d\d-\d\d \d\d:\d\d:49$/);
    const d = new Date('2026-12-03T20:24:49.520Z');
    assert.equal(s.slice(11, 13), String(d.getHours()).padStart(2, '0'), 'the hour is this machine\'s local hour');
    assert.equal(localTime(null), '–');
    assert.equal(localTime('not a time'), '–');
  });
});
