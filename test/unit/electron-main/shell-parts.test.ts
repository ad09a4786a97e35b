import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { MenuItemConstructorOptions } from 'electron';
import { launchOptions } from '../../../electron/main/launch';
import { toMenuTemplate } from '../../../electron/main/menu';
import { Notifier } from '../../../electron/main/notifier';
import { pollModeFor } from '../../../electron/core/poll-mode';
import type { DetectedNotice } from '../../../shared/notify';
import type { TrayCommand } from '../../../shared/tray';
import type { Check } from '../../../shared/status';
import { AT, homeCluster, host, labSnapshot, node, NOW, source } from '../tray/lab-snapshot';

describe('poll mode', () => {
  it('polls fast only while the window is visible and quiet mode is off', () => {
    const f = { userPaused: false, sleeping: false, windowVisible: true, quiet: false };
    assert.equal(pollModeFor(f), 'fast');
    assert.equal(pollModeFor({ ...f, windowVisible: false }), 'slow');
    assert.equal(pollModeFor({ ...f, quiet: true }), 'slow');
  });

  it('stays paused while asleep or paused by the user, whatever the window does', () => {
    const f = { userPaused: false, sleeping: true, windowVisible: true, quiet: false };
    assert.equal(pollModeFor(f), 'paused');
    assert.equal(pollModeFor({ ...f, sleeping: false, userPaused: true }), 'paused');
  });
});

describe('launch options', () => {
  it('takes --config over LABTRAY_CONFIG over userData/config.yaml', () => {
    assert.deepEqual(launchOptions(['electron', '.', '--config', '/home/ryan/lab.yaml'], { LABTRAY_CONFIG: '/etc/x.yaml' }, '/u'), { configPath: '/home/ryan/lab.yaml', explicit: true, demo: false, hidden: false });
    assert.equal(launchOptions(['--config=/a.yaml'], {}, '/u').configPath, '/a.yaml');
    assert.equal(launchOptions([], { LABTRAY_CONFIG: '/etc/x.yaml' }, '/u').configPath, '/etc/x.yaml');
    assert.deepEqual(launchOptions(['--demo', '--hidden'], {}, '/u'), { configPath: join('/u', 'config.yaml'), explicit: false, demo: true, hidden: true });
  });
});

describe('tray menu adapter', () => {
  it('renders the model and runs the typed command on click', () => {
    const ran: TrayCommand[] = [];
    const t = toMenuTemplate(
      [
        { kind: 'item', id: 'summary', label: 'All well', enabled: true, status: 'ok', command: { type: 'open', target: 'overview' } },
        { kind: 'separator', id: 's' },
        { kind: 'submenu', id: 'wake', label: 'Wake', enabled: true, items: [{ kind: 'item', id: 'wake:orangepi5', label: 'orangepi5', enabled: true, command: { type: 'wake', host: 'orangepi5' } }] },
        { kind: 'item', id: 'title', label: 'Favourites', enabled: false },
      ],
      (c) => ran.push(c),
      (s) => ({ status: s }) as unknown as Electron.NativeImage,
    );
    assert.deepEqual(t.map((i) => [i.id, i.type, i.label, i.enabled]), [['summary', undefined, 'All well', true], ['s', 'separator', undefined, undefined], ['wake', undefined, 'Wake', true], ['title', undefined, 'Favourites', false]]);
    assert.deepEqual(t[0].icon, { status: 'ok' });
    ((t[2].submenu as MenuItemConstructorOptions[])[0].click as unknown as () => void)();
    assert.deepEqual(ran, [{ type: 'wake', host: 'orangepi5' }]);
    assert.equal(t[3].click, undefined);
  });
});

describe('notifier', () => {
  it('shows a node going down once, and nothing for the first snapshot', () => {
    const shown: DetectedNotice[] = [];
    let now = NOW;
    const n = new Notifier((d) => shown.push(d), () => ({ enabled: true, quietUntil: null, criticalBreaksQuiet: false }), () => now);
    const down = labSnapshot({ version: 8, proxmox: [homeCluster({ nodes: [node('um560'), node('s500plus'), node('gtr5', 'offline')] })] });
    n.onSnapshot(labSnapshot({ proxmox: [homeCluster({ nodes: [node('um560'), node('s500plus'), node('gtr5', 'offline')] })] }));
    assert.equal(shown.length, 0);
    n.onSnapshot(labSnapshot({ version: 9 }));
    assert.deepEqual(shown.map((d) => d.key), ['node-back:home/gtr5']);
    now += 1000;
    n.onSnapshot(down);
    n.onSnapshot(down);
    assert.deepEqual(shown.map((d) => d.key), ['node-back:home/gtr5', 'node-down:home/gtr5']);
  });

  it('writes the reason from the check in the language the shell gives it', () => {
    const shown: DetectedNotice[] = [];
    const n = new Notifier((d) => shown.push(d), () => ({ enabled: true, quietUntil: null, criticalBreaksQuiet: false }), () => NOW, () => ({ language: 'zh-CN', checkText: (c) => `«${c.id}»` }));
    const sources = [source('proxmox:home'), source('host:orangepi5')];
    const failing: Check = { id: 'host:orangepi5:source', source: 'host:orangepi5', status: 'crit', summary: 'orangepi5: cannot read: timed out', observedAt: AT, error: 'timed out' };
    n.onSnapshot(labSnapshot({ hosts: [host('orangepi5', true)], sources }));
    n.onSnapshot(labSnapshot({ version: 8, hosts: [host('orangepi5', true)], sources: [sources[0], source('host:orangepi5', { error: 'timed out', stale: true })], checks: [failing] }));
    assert.deepEqual(shown.map((d) => [d.notice.title, d.notice.body]), [['orangepi5 已离线', '«host:orangepi5:source»']]);
  });
});
