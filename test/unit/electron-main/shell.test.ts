import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { channels } from '../../../shared/api';
import { node } from '../tray/lab-snapshot';
import { settle } from '../../helpers/fake-clock';
import { fakeShell, MemoryHomelab } from './memory-homelab';
import { findItem, hotelWifi, labelOf, menuLabels } from './shell-fakes';

/** Han characters: a label in Chinese has some. */
const HAN = /[\u4e00-\u9fff]/;

/** A started homelab and shell, after the first live poll. */
async function running(opts: { locale?: string } = {}) {
  const home = new MemoryHomelab();
  const f = fakeShell(home.lab, home.clock, opts);
  f.shell.start();
  await home.clock.advance(0);
  return { home, ...f };
}

describe('one home for user settings (tray side)', () => {
  it('starring a guest in the window shows it in the tray menu at once', async () => {
    const { home, tray, shell } = await running();
    assert.equal(findItem(tray.menu, 'fav:home/101'), undefined);
    assert.equal(labelOf(tray.menu, 'favourites:hint'), 'Star a guest in LabTray, or tag it “labtray” in Proxmox VE');
    assert.equal(labelOf(tray.menu, 'backup:none'), 'No favourite guests yet');
    const menusBefore = tray.menus.length;

    await home.lab.invoke('savePrefs', { favourites: ['home/101'] });

    assert.equal(tray.menus.length, menusBefore + 1, 'the menu is rebuilt once, without waiting for a poll');
    assert.equal(shell.tray.model, tray.menus.at(-1));
    const fav = findItem(tray.menu, 'fav:home/101');
    assert.ok(fav && fav.kind === 'submenu', 'docker-compose is in the menu');
    assert.equal(fav.label, 'docker-compose (101) — running');
    assert.equal(fav.status, 'ok');
    assert.deepEqual(
      fav.items.map((i) => i.kind === 'item' && [i.label, i.enabled, i.command]),
      [
        ['Start', false, { type: 'guestAction', cluster: 'home', vmid: 101, name: 'docker-compose', action: 'start' }],
        ['Shut down', true, { type: 'guestAction', cluster: 'home', vmid: 101, name: 'docker-compose', action: 'shutdown' }],
        ['Stop', true, { type: 'guestAction', cluster: 'home', vmid: 101, name: 'docker-compose', action: 'stop' }],
        ['Reboot', true, { type: 'guestAction', cluster: 'home', vmid: 101, name: 'docker-compose', action: 'reboot' }],
        ['Back up now', true, { type: 'backup', cluster: 'home', vmids: [101] }],
      ],
    );
    assert.equal(findItem(tray.menu, 'backup:none'), undefined, 'the hint is gone');
    assert.equal(findItem(tray.menu, 'favourites:hint'), undefined, 'the favourites hint is gone');
    assert.equal(labelOf(tray.menu, 'backup:fav:home'), 'Favourites — 1');

    // Its actions reach the Lab.
    tray.click('fav:home/101:shutdown');
    await settle();
    assert.deepEqual(home.guestActions, [{ cluster: 'home', vmids: [101], action: 'shutdown' }]);
  });

  it('choosing 简体中文 changes the tray and the notifications', async () => {
    const { home, tray, notices } = await running();
    await home.lab.invoke('savePrefs', { favourites: ['home/101'] });
    assert.equal(labelOf(tray.menu, 'open'), 'Open LabTray');
    assert.match(tray.tooltip, /^LabTray\nAll well/);

    await home.lab.invoke('savePrefs', { language: 'zh-CN' });

    const labels = menuLabels(tray.menu);
    assert.ok(labels.length > 15, `a full menu (${labels.length} labels)`);
    assert.deepEqual(labels.filter((l) => !HAN.test(l)), [], 'every label is in Chinese');
    assert.equal(labelOf(tray.menu, 'fav:home/101'), 'docker-compose (101) — 运行中');
    assert.equal(labelOf(tray.menu, 'quit'), '退出 LabTray');
    assert.match(tray.tooltip.split('\n')[1] ?? '', HAN);

    // gtr5 loses power and orangepi5 stops answering.
    home.cluster = { ...home.cluster, nodes: [node('um560'), node('s500plus'), node('gtr5', 'offline')] };
    home.orangepiError = 'timed out';
    await home.poll();

    assert.deepEqual(notices.shown, [
      { title: 'gtr5 已离线', body: 'Proxmox 节点 gtr5（home）离线了。' },
      // The reason is the core's own sentence, from its Chinese catalogue.
      { title: 'orangepi5 已离线', body: 'orangepi5：数据已过时：timed out' },
    ]);
    assert.deepEqual(menuLabels(tray.menu).filter((l) => !HAN.test(l)), [], 'the problems listed in the menu are in Chinese too');
  });

  it("'system' follows the OS locale, and a failed action is told in it", async () => {
    const { home, tray, notices } = await running({ locale: 'zh-TW' });
    assert.equal(home.lab.snapshot.prefs.language, 'system');
    assert.equal(labelOf(tray.menu, 'open'), '打开 LabTray');
    await home.lab.invoke('savePrefs', { favourites: ['home/101'] });
    home.cluster = { ...home.cluster, guests: home.cluster.guests.map((g) => (g.vmid === 101 ? { ...g, status: 'stopped' as const } : g)) };
    await home.poll();
    tray.click('fav:home/101:start');
    await settle();
    assert.deepEqual(notices.shown.at(-1), { title: '启动 101 失败', body: 'token lacks VM.PowerMgmt on /vms/101' });

    await home.lab.invoke('savePrefs', { language: 'en' });
    assert.equal(labelOf(tray.menu, 'open'), 'Open LabTray', 'an explicit choice beats the OS');
  });
});

describe('the shell wiring', () => {
  it('starts the Lab with the window hidden and quiet mode off, and paints the tray from the first snapshot', async () => {
    const home = new MemoryHomelab();
    const f = fakeShell(home.lab, home.clock);
    f.shell.start();
    assert.deepEqual(home.lab.pollFlags, { userPaused: false, sleeping: false, windowVisible: false, quiet: false });
    assert.equal(home.lab.pollMode, 'slow');
    await settle();
    assert.ok(f.tray.menus.length > 0, 'a menu before any poll answered');
    assert.equal(labelOf(f.tray.menu, 'summary'), 'Waiting for the first readings…');
    await home.clock.advance(0);
    assert.match(labelOf(f.tray.menu, 'summary') ?? '', /^All well — 3 nodes, 4 running$/);
    assert.deepEqual(f.tray.icons, ['unknown', 'ok']);
    f.shell.stop();
    await home.lab.stop();
  });

  it('opens the window from the tray, polls fast while it shows, and sends it the notices', async () => {
    const { home, tray, windows, notices } = await running();
    tray.click('open');
    assert.equal(windows.length, 1);
    windows[0].emit('ready-to-show');
    assert.equal(home.lab.pollMode, 'fast');
    home.cluster = { ...home.cluster, nodes: [node('um560'), node('s500plus'), node('gtr5', 'offline')] };
    await home.poll();
    assert.deepEqual(windows[0].sent.filter((s) => s.channel === channels.event('notice')).map((s) => (s.payload as { title: string }).title), ['gtr5 is down']);
    notices.created[0].emit('click');
    assert.equal(windows.length, 1, 'a click brings the open window forward');
    windows[0].close();
    assert.equal(home.lab.pollMode, 'slow');
  });

  it('pauses from the tray, sleeps and wakes with the laptop, and re-reads on a new network', async () => {
    const { home, tray, power, network, log } = await running();
    tray.click('pause');
    await settle();
    assert.equal(home.lab.snapshot.paused, true);
    assert.ok(findItem(tray.menu, 'resume'), 'the menu offers Resume');
    tray.click('resume');
    power.emit('suspend');
    assert.equal(home.lab.pollMode, 'paused');
    network.now = hotelWifi;
    power.emit('resume');
    assert.notEqual(home.lab.pollMode, 'paused');
    assert.deepEqual(log, ['the network changed: refreshing every source']);
  });

  it('quiet mode from the tray slows polling and shows its end in the menu', async () => {
    const { home, tray, quietStore } = await running();
    tray.click('quiet:2');
    assert.equal(home.lab.pollFlags.quiet, true);
    assert.equal(quietStore.saved.length, 1);
    assert.match(labelOf(tray.menu, 'quiet') ?? '', /^Quiet until \d\d:\d\d$/);
    await home.clock.advance(2 * 3_600_000);
    assert.equal(home.lab.pollFlags.quiet, false, 'it ends on its own');
    assert.equal(labelOf(tray.menu, 'quiet'), 'Quiet mode');
  });

  it('quits from the tray, and registers the login item only when installed', async () => {
    const dev = await running();
    dev.tray.click('quit');
    assert.equal(dev.quits.count, 1);
    assert.deepEqual(dev.loginItems, []);
    const home = new MemoryHomelab(undefined, { ui: { startAtLogin: true } });
    const installed = fakeShell(home.lab, home.clock, { packaged: true });
    installed.shell.start();
    await home.clock.advance(0);
    assert.deepEqual(installed.loginItems, [true], 'once, not at every snapshot');
  });
});
