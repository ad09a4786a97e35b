import { wakeTargets } from '../../../shared/wake-targets';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { summaryLine, trayIconState, trayMenu, trayTooltip, type MenuItem, type MenuModel, type TrayPrefs } from '../../../shared/tray';
import { msg, part } from '../../../shared/message';
import { check, guest, homeCluster, host, labSnapshot, NOW, pveTask, task } from './lab-snapshot';

const prefs = (over: Partial<TrayPrefs> = {}): TrayPrefs => ({ favourites: [], backupSets: [], quietUntil: null, now: NOW, formatTime: () => '22:30', ...over });

function find(model: MenuModel | MenuItem[], id: string): MenuItem | undefined {
  const items = Array.isArray(model) ? model : model.items;
  for (const i of items) {
    if (i.id === id) return i;
    if (i.kind === 'submenu') {
      const sub = find(i.items, id);
      if (sub) return sub;
    }
  }
  return undefined;
}

function labels(model: MenuModel): string[] {
  return model.items.map((i) => (i.kind === 'separator' ? '---' : i.label));
}

describe('tray menu', () => {
  it('says all is well with the node and running guest counts when nothing is wrong', () => {
    const m = trayMenu(labSnapshot({ checks: [check('n1', 'ok', 'um560 online')] }), prefs());
    assert.equal(m.items[0].kind === 'item' && m.items[0].label, 'All well — 3 nodes, 4 running');
  });

  it('folds a dozen guests never backed up into one counted line that opens Backups, so the node that is down stays in the top five', () => {
    const never = [101, 104, 105, 106, 107, 108, 109, 112, 113].map((v) => ({ ...check(`proxmox:home:backup:${v}`, 'crit', ''), target: `guest:home/${v}`, ...msg('pve.backupNever', { guest: `${v} (vm${v})`, job: part('pve.backupNoJob') }) }));
    const snap = labSnapshot({ checks: [...never, check('down', 'crit', 'gtr5 is offline', 'node:gtr5'), check('w', 'warn', 'realme-x2-pro is relayed', 'peer:realme-x2-pro')] });
    const m = trayMenu(snap, prefs());
    const problems = m.items.filter((i) => i.id.startsWith('problem:'));
    assert.deepEqual(
      problems.map((i) => i.kind === 'item' && [i.label, i.status, i.command]),
      [
        ['9 guests have never been backed up', 'crit', { type: 'open', target: 'backups' }],
        ['gtr5 is offline', 'crit', { type: 'open', target: 'node:gtr5' }],
        ['realme-x2-pro is relayed', 'warn', { type: 'open', target: 'peer:realme-x2-pro' }],
      ],
    );
    assert.match(trayTooltip(snap), /\n9 guests have never been backed up$/);
    const zh = find(trayMenu(snap, prefs({ language: 'zh-CN' })), 'problem:group:pve.backupNever:crit');
    assert.equal(zh?.kind === 'item' && zh.label, '9 个虚拟机从未备份');
  });

  it('shows a crit node first, then warnings, then unknowns', () => {
    const snap = labSnapshot({
      checks: [
        check('a', 'warn', 'backup of openwrt is 3 days old', 'guest:home/100'),
        check('b', 'unknown', 'orangepi5: no data yet', 'host:orangepi5'),
        check('c', 'crit', 'gtr5 is offline', 'node:gtr5'),
        check('d', 'ok', 'um560 online'),
      ],
    });
    const m = trayMenu(snap, prefs());
    const problems = m.items.filter((i) => i.id.startsWith('problem:'));
    assert.deepEqual(problems.map((p) => (p.kind === 'item' ? p.label : '')), ['gtr5 is offline', 'backup of openwrt is 3 days old', 'orangepi5: no data yet']);
    assert.equal(m.items[0].kind === 'item' && m.items[0].label, '1 critical, 1 warning, 1 unknown');
    const first = problems[0];
    assert.deepEqual(first.kind === 'item' && first.command, { type: 'open', target: 'node:gtr5' });
  });

  it('caps the problems and offers the rest in the window', () => {
    const checks = Array.from({ length: 9 }, (_, i) => check(`w${i}`, 'warn', `disk ${i} wearing out`));
    const m = trayMenu(labSnapshot({ checks }), prefs({ maxProblems: 3 }));
    assert.equal(m.items.filter((i) => i.id.startsWith('problem:') && i.id !== 'problem:more').length, 3);
    const more = find(m, 'problem:more');
    assert.equal(more?.kind === 'item' && more.label, '6 more… (open LabTray)');
  });

  it('offers Start on a stopped favourite and Shut down on a running one', () => {
    const m = trayMenu(labSnapshot(), prefs({ favourites: ['home/100', 'guest:home/102', '999'] }));
    const openwrt = find(m, 'fav:home/100');
    const win = find(m, 'fav:home/102');
    assert.ok(openwrt?.kind === 'submenu' && win?.kind === 'submenu');
    assert.equal(openwrt.label, 'openwrt (100) — running');
    assert.equal(win.label, 'win2022 (102) — stopped');
    assert.equal(find(openwrt.items, 'fav:home/100:start')?.kind === 'item' && (find(openwrt.items, 'fav:home/100:start') as { enabled: boolean }).enabled, false);
    const shutdown = find(openwrt.items, 'fav:home/100:shutdown');
    assert.deepEqual(shutdown?.kind === 'item' && [shutdown.enabled, shutdown.command], [true, { type: 'guestAction', cluster: 'home', vmid: 100, name: 'openwrt', action: 'shutdown' }]);
    const start = find(win.items, 'fav:home/102:start');
    assert.deepEqual(start?.kind === 'item' && [start.enabled, start.command], [true, { type: 'guestAction', cluster: 'home', vmid: 102, name: 'win2022', action: 'start' }]);
    assert.equal(find(m, 'fav:home/999'), undefined, 'an unknown vmid is skipped');
  });

  it('shows a favourite as starting while its start task runs, and offers no second start', () => {
    const snap = labSnapshot({ tasks: [task({ id: 't1', kind: 'guest', action: 'start', targetRef: 'guest:home/102', target: '102 (win2022) on um560' })] });
    const fav = find(trayMenu(snap, prefs({ favourites: ['102'] })), 'fav:home/102');
    assert.ok(fav?.kind === 'submenu');
    assert.equal(fav.label, 'win2022 (102) — starting…');
    assert.ok(fav.items.every((i) => i.kind !== 'item' || !i.enabled));
  });

  it('lists what can be woken in the Wake submenu, asleep ones with a way from here enabled', () => {
    const hosts = [host('orangepi5', true), host('rockpi5a', false), host('router', true, false)];
    const snap = labSnapshot({ hosts, proxmox: [], wake: wakeTargets({ proxmox: [], hosts, atHome: true }, { macs: ['orangepi5', 'rockpi5a'], relays: [] }) });
    const wake = find(trayMenu(snap, prefs()), 'wake');
    assert.ok(wake?.kind === 'submenu');
    assert.deepEqual(
      wake.items.map((i) => i.kind === 'item' && [i.label, i.enabled, i.command]),
      [
        ['orangepi5 — awake · from here', false, { type: 'wake', host: 'orangepi5' }],
        ['rockpi5a — asleep · from here', true, { type: 'wake', host: 'rockpi5a' }],
      ],
    );
  });

  it('has no Wake submenu when nothing can be woken', () => {
    assert.equal(find(trayMenu(labSnapshot({ hosts: [host('router', true, false)], wake: [] }), prefs()), 'wake'), undefined);
  });

  it('backs up the favourites and each saved set of the cluster', () => {
    const m = trayMenu(labSnapshot(), prefs({ favourites: ['home/100', 'home/111'], backupSets: ['important'] }));
    const backup = find(m, 'backup');
    assert.ok(backup?.kind === 'submenu');
    assert.deepEqual(
      backup.items.map((i) => i.kind === 'item' && i.command),
      [{ type: 'backup', cluster: 'home', vmids: [100, 111] }, { type: 'backup', cluster: 'home', set: 'important' }],
    );
  });

  it('names the cluster in backup items when there are two clusters', () => {
    const snap = labSnapshot({ proxmox: [homeCluster(), homeCluster({ name: 'lab2', guests: [guest(200, 'ci-runner', 'pve2')] })] });
    const backup = find(trayMenu(snap, prefs({ backupSets: ['nightly'] })), 'backup');
    assert.ok(backup?.kind === 'submenu');
    assert.deepEqual(backup.items.map((i) => i.kind === 'item' && i.label), ['nightly (home)', 'nightly (lab2)']);
  });

  it('shows a running backup with its progress, and a scheduled vzdump the cluster started', () => {
    const snap = labSnapshot({
      tasks: [task({ id: 't9', kind: 'backup', action: 'vzdump', targetRef: 'guest:home/100', target: '100 (openwrt)', progress: 0.45, upid: 'UPID:um560:1' })],
      proxmox: [homeCluster({ tasks: [pveTask({ upid: 'UPID:um560:1' }), pveTask({ upid: 'UPID:s500plus:2', node: 's500plus', id: '111' }), pveTask({ upid: 'UPID:gtr5:3', endtime: NOW / 1000, status: 'OK' })] })],
    });
    const m = trayMenu(snap, prefs());
    const tasks = m.items.filter((i) => i.id.startsWith('task:'));
    assert.deepEqual(tasks.map((i) => i.kind === 'item' && i.label), ['Backing up 100 (openwrt) 45%', 'Backing up 111 on s500plus…']);
    assert.equal(trayIconState(snap), 'busy');
  });

  it('offers Resume and hides problems while checks are paused', () => {
    const snap = labSnapshot({ paused: true, checks: [check('c', 'crit', 'gtr5 is offline')] });
    const m = trayMenu(snap, prefs());
    assert.ok(find(m, 'resume'));
    assert.equal(find(m, 'pause'), undefined);
    assert.equal(m.items.some((i) => i.id.startsWith('problem:')), false);
    assert.equal(m.items[0].kind === 'item' && m.items[0].label, 'Checks paused');
    assert.equal(trayIconState(snap), 'paused');
  });

  it('offers quiet mode for N hours, then its end time and a way out', () => {
    const off = find(trayMenu(labSnapshot(), prefs({ quietHours: [1, 3] })), 'quiet');
    assert.ok(off?.kind === 'submenu');
    assert.deepEqual(off.items.map((i) => i.kind === 'item' && i.command), [{ type: 'quiet', hours: 1 }, { type: 'quiet', hours: 3 }]);
    const on = find(trayMenu(labSnapshot(), prefs({ quietUntil: NOW + 3_600_000 })), 'quiet');
    assert.ok(on?.kind === 'submenu');
    assert.equal(on.label, 'Quiet until 22:30');
    assert.deepEqual(on.items.map((i) => i.kind === 'item' && i.command), [{ type: 'quietOff' }]);
    const expired = find(trayMenu(labSnapshot(), prefs({ quietUntil: NOW - 1 })), 'quiet');
    assert.equal(expired?.kind === 'submenu' && expired.label, 'Quiet mode');
  });

  it('ends with Open, Check now, Pause, Quiet mode and Quit, separated', () => {
    const l = labels(trayMenu(labSnapshot(), prefs()));
    assert.deepEqual(l.slice(-7), ['---', 'Open LabTray', 'Check now', 'Pause checks', 'Quiet mode', '---', 'Quit LabTray']);
    assert.ok(l.every((x, i) => x !== '---' || l[i + 1] !== '---'), 'no two separators in a row');
    assert.notEqual(l[0], '---');
  });

  it('says it is waiting before the first readings and marks the demo lab', () => {
    const m = trayMenu(labSnapshot({ version: 0, status: 'unknown', demo: true }), prefs());
    assert.equal(m.items[0].kind === 'item' && m.items[0].label, 'Demo lab: Waiting for the first readings…');
  });

  it('says the lab is not set up yet while the demo stands in for a missing config, in both languages', () => {
    const snap = labSnapshot({ version: 0, status: 'unknown', demo: true, notSetUp: true });
    const m = trayMenu(snap, prefs());
    assert.equal(m.items[0].kind === 'item' && m.items[0].label, 'Not set up yet (demo lab: Waiting for the first readings…)');
    assert.equal(summaryLine(snap, { language: 'zh-CN' }), '尚未设置（演示环境：正在等待首次检测…）');
    // The demo asked for (--demo) is only the demo.
    assert.equal(summaryLine({ ...snap, notSetUp: false }), 'Demo lab: Waiting for the first readings…');
  });

  it('speaks Chinese when asked', () => {
    const m = trayMenu(labSnapshot({ checks: [check('c', 'crit', 'gtr5 离线')] }), prefs({ language: 'zh-CN' }));
    assert.equal(m.items[0].kind === 'item' && m.items[0].label, '1 个严重');
    assert.equal(find(m, 'quit')?.kind === 'item' && (find(m, 'quit') as { label: string }).label, '退出 LabTray');
  });

  it('gives every item a unique id so the shell can diff menus', () => {
    const snap = labSnapshot({ hosts: [host('orangepi5', false)], checks: [check('c', 'warn', 'x')] });
    const ids: string[] = [];
    const walk = (items: MenuItem[]): void => items.forEach((i) => (ids.push(i.id), i.kind === 'submenu' && walk(i.items)));
    walk(trayMenu(snap, prefs({ favourites: ['100'], backupSets: ['important'] })).items);
    assert.equal(new Set(ids).size, ids.length);
  });
});

describe('tray icon and tooltip', () => {
  it('turns red when a node is down even while a backup runs', () => {
    const snap = labSnapshot({ checks: [check('c', 'crit', 'gtr5 is offline')], tasks: [task({ id: 't', kind: 'backup', action: 'vzdump', targetRef: 'guest:home/100' })] });
    assert.equal(trayIconState(snap), 'crit');
  });

  it('is amber on a warning, green when all is well, grey before the first readings', () => {
    assert.equal(trayIconState(labSnapshot({ checks: [check('w', 'warn', 'w')] })), 'warn');
    assert.equal(trayIconState(labSnapshot({ checks: [check('o', 'ok', 'o')] })), 'ok');
    assert.equal(trayIconState(labSnapshot({ version: 0, status: 'unknown' })), 'unknown');
  });

  it('puts the summary and the worst problem in the tooltip, within 127 characters', () => {
    const snap = labSnapshot({ checks: [check('w', 'warn', 'backup old'), check('c', 'crit', `gtr5 is offline: ${'no route to host '.repeat(10)}`)] });
    const tip = trayTooltip(snap);
    assert.ok(tip.startsWith('LabTray\n1 critical, 1 warning\ngtr5 is offline'));
    assert.ok(tip.length <= 127);
    assert.equal(trayTooltip(labSnapshot({ checks: [check('o', 'ok', 'o')] })), 'LabTray\nAll well — 3 nodes, 4 running');
  });
});
