import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { MenuItemConstructorOptions } from 'electron';
import { launchOptions } from '../../../electron/main/launch';
import { toMenuTemplate } from '../../../electron/main/menu';
import { LoginItemSync } from '../../../electron/main/login-item';
import { shellLanguage } from '../../../electron/main/language';
import { TrayIcons } from '../../../electron/main/tray-icons';
import { pollModeFor } from '../../../electron/core/lab/poll-mode';
import type { TrayCommand } from '../../../shared/tray';

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
    assert.deepEqual(launchOptions(['electron', '.', '--config', '/home/ryan/lab.yaml'], { LABTRAY_CONFIG: '/etc/x.yaml' }, '/u'), { configPath: '/home/ryan/lab.yaml', explicit: true, demo: false, hidden: false, smoke: false });
    assert.equal(launchOptions(['--config=/a.yaml'], {}, '/u').configPath, '/a.yaml');
    assert.equal(launchOptions([], { LABTRAY_CONFIG: '/etc/x.yaml' }, '/u').configPath, '/etc/x.yaml');
    assert.deepEqual(launchOptions(['--demo', '--hidden'], {}, '/u'), { configPath: join('/u', 'config.yaml'), explicit: false, demo: true, hidden: true, smoke: false });
    assert.equal(launchOptions(['--smoke'], {}, '/u').smoke, true);
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

describe('tray icons', () => {
  it('takes templates on macOS, .ico on Windows and PNG on Linux, each file loaded once', () => {
    const loaded: string[] = [];
    const load = (path: string) => (loaded.push(path), { path });
    const linux = new TrayIcons('/res/tray', 'linux', load);
    assert.deepEqual(linux.tray('crit'), { path: join('/res/tray', 'crit.png') });
    assert.deepEqual(linux.dot('warn'), { path: join('/res/tray', 'dot-warn.png') });
    linux.tray('crit');
    assert.deepEqual(loaded, [join('/res/tray', 'crit.png'), join('/res/tray', 'dot-warn.png')]);
    assert.deepEqual(new TrayIcons('/res/tray', 'win32', load).tray('paused'), { path: join('/res/tray', 'paused.ico') });
    const mac = new TrayIcons('/res/tray', 'darwin', load);
    assert.deepEqual(mac.tray('busy'), { path: join('/res/tray', 'busyTemplate.png') });
    assert.equal(mac.dot('ok'), undefined, 'macOS menus have no coloured dots');
  });
});

describe('shell language', () => {
  it("follows the user's choice, and the OS locale for 'system'", () => {
    assert.equal(shellLanguage('zh-CN', () => 'en-US'), 'zh-CN');
    assert.equal(shellLanguage('en', () => 'zh-CN'), 'en');
    assert.equal(shellLanguage('system', () => 'zh-Hans-CN'), 'zh-CN');
    assert.equal(shellLanguage('system', () => 'de-DE'), 'en');
  });
});

describe('login item', () => {
  it('registers the installed app with --hidden when ui.startAtLogin changes, and never a development build', () => {
    const set: { openAtLogin: boolean; args: string[] }[] = [];
    const installed = new LoginItemSync({ isPackaged: true, setLoginItemSettings: (s) => void set.push(s) });
    installed.sync({});
    installed.sync({ ui: { startAtLogin: true } });
    installed.sync({ ui: { startAtLogin: true } });
    assert.deepEqual(set, [{ openAtLogin: false, args: ['--hidden'] }, { openAtLogin: true, args: ['--hidden'] }]);
    const dev: unknown[] = [];
    new LoginItemSync({ isPackaged: false, setLoginItemSettings: (s) => void dev.push(s) }).sync({ ui: { startAtLogin: true } });
    assert.deepEqual(dev, []);
  });
});
