import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NotifyPolicy } from '../../../shared/notice-rules';
import { defaultPrefs, type Snapshot, type UserPrefs } from '../../../shared/snapshot';
import type { Check } from '../../../shared/status';
import type { Notice } from '../../../shared/tasks';
import { Notifications, notifyPolicy } from '../../../electron/main/notifications';
import { AT, homeCluster, host, labSnapshot, node, NOW, source } from '../tray/lab-snapshot';
import { FakeNotices } from './shell-fakes';

const loud: NotifyPolicy = { enabled: true, quietUntil: null, criticalBreaksQuiet: false };

function notifications(opts: { prefs?: Partial<UserPrefs>; locale?: string; policy?: NotifyPolicy } = {}) {
  const native = new FakeNotices();
  const inWindow: Notice[] = [];
  const opened: string[] = [];
  let now = NOW;
  const prefs: UserPrefs = { ...defaultPrefs, ...opts.prefs };
  const n = new Notifications({
    native,
    toWindow: (x) => inWindow.push(x),
    openWindow: (t) => opened.push(t),
    policy: () => opts.policy ?? loud,
    prefs: () => prefs,
    locale: () => opts.locale ?? 'en-US',
    now: () => now,
  });
  return { n, native, inWindow, opened, tick: (ms: number) => (now += ms) };
}

const withNodes = (version: number, gtr5: 'online' | 'offline', prefs: UserPrefs = defaultPrefs): Snapshot =>
  ({ ...labSnapshot({ version, proxmox: [homeCluster({ nodes: [node('um560'), node('s500plus'), node('gtr5', gtr5)] })] }), prefs });

describe('notifications', () => {
  it('shows a node going down once, and nothing for the first snapshot', () => {
    const { n, native, tick } = notifications();
    n.onSnapshot(withNodes(7, 'offline'));
    assert.equal(native.created.length, 0);
    n.onSnapshot(withNodes(8, 'online'));
    assert.deepEqual(native.shown.map((s) => s.title), ['gtr5 is back']);
    assert.equal(native.created[0].options.silent, true, 'good news makes no sound');
    tick(1000);
    n.onSnapshot(withNodes(9, 'offline'));
    n.onSnapshot(withNodes(10, 'offline'));
    assert.deepEqual(native.shown.map((s) => s.title), ['gtr5 is back', 'gtr5 is down']);
    assert.equal(native.created[1].options.silent, false);
  });

  it('writes in the language of the snapshot\'s prefs, with the reason from the core catalogue', () => {
    const { n, native } = notifications();
    const zh: UserPrefs = { ...defaultPrefs, language: 'zh-CN' };
    const sources = [source('proxmox:home'), source('host:orangepi5')];
    const failing: Check = { id: 'host:orangepi5:source', source: 'host:orangepi5', status: 'crit', summary: 'orangepi5: cannot read: timed out', msg: { key: 'lab.cannotRead', params: { source: 'orangepi5', error: 'timed out' } }, observedAt: AT, error: 'timed out' };
    n.onSnapshot({ ...labSnapshot({ hosts: [host('orangepi5', true)], sources }), prefs: zh });
    n.onSnapshot({ ...labSnapshot({ version: 8, hosts: [host('orangepi5', true)], sources: [sources[0], source('host:orangepi5', { error: 'timed out', stale: true })], checks: [failing] }), prefs: zh });
    assert.deepEqual(native.shown, [{ title: 'orangepi5 已离线', body: 'orangepi5：无法读取：timed out' }]);
  });

  it('keeps each native notification until it is clicked or closed; a click opens the window where it points', () => {
    const { n, native, opened } = notifications();
    n.onSnapshot(withNodes(7, 'online'));
    n.onSnapshot(withNodes(8, 'offline'));
    assert.equal(n.onScreen, 1, 'held while on screen, so its click is not lost');
    native.created[0].emit('click');
    assert.deepEqual(opened, ['node:home/gtr5']);
    assert.equal(n.onScreen, 0);
    n.actionFailed({ kind: 'wake', host: 'orangepi5' }, new Error('no relay reachable'));
    assert.equal(n.onScreen, 1);
    native.created[1].emit('close');
    assert.equal(n.onScreen, 0);
    n.actionFailed({ kind: 'backup' }, new Error('storage hdd-backup is full'));
    native.created[2].emit('failed');
    assert.equal(n.onScreen, 0, 'one the desktop could not show is let go');
    assert.deepEqual(opened, ['node:home/gtr5'], 'closing opens nothing');
  });

  it('tells the open window too, even where the desktop has no notifications', () => {
    const { n, native, inWindow } = notifications();
    native.supported = false;
    n.onSnapshot(withNodes(7, 'online'));
    n.onSnapshot(withNodes(8, 'offline'));
    assert.equal(native.created.length, 0);
    assert.equal(n.onScreen, 0);
    assert.deepEqual(inWindow.map((x) => x.title), ['gtr5 is down']);
  });

  it('a failed tray action is told at once, in the language the user chose or the OS speaks', () => {
    const en = notifications();
    en.n.actionFailed({ kind: 'guestAction', action: 'shutdown', vmid: 101 }, new Error('token lacks VM.PowerMgmt on /vms/101'));
    assert.deepEqual(en.native.shown, [{ title: 'Shutdown 101 failed', body: 'token lacks VM.PowerMgmt on /vms/101' }]);
    const zh = notifications({ locale: 'zh-CN' });
    zh.n.actionFailed({ kind: 'wake', host: 'orangepi5' }, new Error('no relay reachable'));
    assert.deepEqual(zh.native.shown.map((s) => s.title), ['唤醒 orangepi5 失败']);
    assert.deepEqual(zh.inWindow.map((x) => x.level), ['warn']);
  });

  it('holds notices back in quiet mode, letting critical ones through only when asked', () => {
    const quiet = notifications({ policy: notifyPolicy({}, NOW + 3_600_000) });
    quiet.n.onSnapshot(withNodes(7, 'online'));
    quiet.n.onSnapshot(withNodes(8, 'offline'));
    assert.equal(quiet.native.created.length, 0);
    const breaks = notifications({ policy: notifyPolicy({ ui: { criticalBreaksQuiet: true } }, NOW + 3_600_000) });
    breaks.n.onSnapshot(withNodes(7, 'online'));
    breaks.n.onSnapshot(withNodes(8, 'offline'));
    assert.deepEqual(breaks.native.shown.map((s) => s.title), ['gtr5 is down']);
  });

  it('reads the switch and quiet settings from the config', () => {
    assert.deepEqual(notifyPolicy({}, null), { enabled: true, quietUntil: null, criticalBreaksQuiet: false });
    assert.deepEqual(notifyPolicy({ ui: { notifications: false, criticalBreaksQuiet: true } }, 5), { enabled: false, quietUntil: 5, criticalBreaksQuiet: true });
  });
});
