import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { trayMenu, type MenuItem, type MenuModel, type TrayPrefs } from '../../../shared/tray';
import { wakeTargets } from '../../../shared/wake-targets';
import { check, guest, homeCluster, host, labSnapshot, node, NOW, pveTask, task } from './lab-snapshot';

const prefs = (over: Partial<TrayPrefs> = {}): TrayPrefs => ({ favourites: [], backupSets: [], quietUntil: null, now: NOW, formatTime: () => '22:30', ...over });

function find(model: MenuModel, id: string): MenuItem | undefined {
  return model.items.find((i) => i.id === id);
}

describe('tray menu exact app section', () => {
  it('offers a ready update as an enabled restart item that installs it', () => {
    const m = trayMenu(labSnapshot({}), prefs({ update: { version: '1.4.2', ready: true } }));
    assert.deepEqual(find(m, 'update'), { kind: 'item', id: 'update', label: 'Restart to update to 1.4.2', enabled: true, command: { type: 'installUpdate' } });
  });

  it('shows an update on its way as a disabled downloading line with no command', () => {
    const m = trayMenu(labSnapshot({}), prefs({ update: { version: '1.4.2', ready: false } }));
    assert.deepEqual(find(m, 'update'), { kind: 'item', id: 'update', label: 'Downloading LabTray 1.4.2…', enabled: false });
  });

  it('offers the command line tool only when asked to, placed after the update line', () => {
    const without = trayMenu(labSnapshot({}), prefs());
    assert.equal(find(without, 'install-cli'), undefined);
    assert.equal(find(without, 'update'), undefined);
    const m = trayMenu(labSnapshot({}), prefs({ offerCliInstall: true, update: { version: '2.0.0', ready: true } }));
    assert.deepEqual(find(m, 'install-cli'), { kind: 'item', id: 'install-cli', label: 'Install command line tool', enabled: true, command: { type: 'installCli' } });
    const ids = m.items.map((i) => i.id);
    assert.equal(ids.indexOf('install-cli'), ids.indexOf('update') + 1);
  });
});

describe('the whole tray menu of a busy evening, item by item', () => {
  // gtr5 is off, openwrt is locked by a backup, win2022 is starting and ubuntu-test rebooting (LabTray's own tasks),
  // the cluster runs a scheduled vzdump of its own, orangepi5 does not answer, quiet mode is on until 13:00.
  const cluster = homeCluster({
    nodes: [node('um560'), node('s500plus'), node('gtr5', 'offline')],
    guests: [{ ...guest(100, 'openwrt', 'um560'), lock: 'backup' }, guest(101, 'docker-compose', 'um560'), guest(102, 'win2022', 'um560', 'stopped'), guest(111, 'home-assistant', 's500plus'), guest(130, 'ubuntu-test', 'gtr5', 'stopped')],
    tasks: [pveTask({ upid: 'UPID:um560:1', id: '101' }), pveTask({ upid: 'UPID:um560:2', id: '', node: 's500plus' }), pveTask({ upid: 'UPID:um560:3', id: '111', endtime: NOW / 1000 - 5, status: 'OK' })],
  });
  const hosts = [host('orangepi5', false), host('rockpi5a', true)];
  const checks = [
    check('a', 'crit', 'gtr5 is offline', 'pve-node:home/gtr5'),
    check('b', 'warn', 'win2022 backup is 9 days old'),
    check('c', 'warn', 'um560 memory 96%'),
    check('d', 'crit', 'orangepi5 is unreachable'),
    check('e', 'unknown', 'k3s-main not read yet'),
    check('f', 'warn', 'zz last'),
    check('g', 'warn', 'zz later'),
  ];
  const snapshot = labSnapshot({
    proxmox: [cluster],
    hosts,
    checks,
    wake: wakeTargets({ proxmox: [cluster], hosts, atHome: true }, { macs: ['orangepi5', 'rockpi5a'], relays: [] }),
    tasks: [
      task({ id: 't1', kind: 'guest', action: 'start', targetRef: 'guest:home/102', target: '102 (win2022) on um560', progress: 0.42 }),
      task({ id: 't2', kind: 'backup', action: 'vzdump', targetRef: 'guest:home/101', target: '101 (docker-compose) on um560', upid: 'UPID:um560:1' }),
      task({ id: 't3', kind: 'wake', action: 'wake', targetRef: 'host:orangepi5', target: 'orangepi5' }),
      task({ id: 't4', kind: 'guest', action: 'shutdown', targetRef: 'guest:home/111', target: '111 (home-assistant) on s500plus', state: 'ok' }),
      task({ id: 't5', kind: 'guest', action: 'reboot', targetRef: 'guest:home/130', target: '130 (ubuntu-test) on gtr5', progress: 1 }),
      task({ id: 't6', kind: 'guest', action: 'stop', targetRef: 'guest:home/111', target: '111 (home-assistant) on s500plus' }),
    ],
  });

  it('problems worst first and then by text, five and "2 more"; busy or locked favourites offer nothing; wake routes; six running tasks (one vzdump the cluster started, one already ours) as four and "2 more"; quiet until 13:00', () => {
    const m = trayMenu(snapshot, prefs({ favourites: ['home/100', '102', 'guest:home/130', 'home/999'], backupSets: ['routers'], quietUntil: NOW + 3_600_000, formatTime: () => '13:00' }));
    assert.deepEqual(m.items, [
      {kind: 'item', id: 'summary', label: '2 critical, 4 warnings, 1 unknown', enabled: true, status: 'crit', command: {type: 'open', target: 'overview'}},
      {kind: 'item', id: 'problem:a', label: 'gtr5 is offline', enabled: true, status: 'crit', command: {type: 'open', target: 'pve-node:home/gtr5'}},
      {kind: 'item', id: 'problem:d', label: 'orangepi5 is unreachable', enabled: true, status: 'crit', command: {type: 'open', target: 'proxmox:home'}},
      {kind: 'item', id: 'problem:c', label: 'um560 memory 96%', enabled: true, status: 'warn', command: {type: 'open', target: 'proxmox:home'}},
      {kind: 'item', id: 'problem:b', label: 'win2022 backup is 9 days old', enabled: true, status: 'warn', command: {type: 'open', target: 'proxmox:home'}},
      {kind: 'item', id: 'problem:f', label: 'zz last', enabled: true, status: 'warn', command: {type: 'open', target: 'proxmox:home'}},
      {kind: 'item', id: 'problem:more', label: '2 more… (open LabTray)', enabled: true, command: {type: 'open', target: 'overview'}},
      {kind: 'separator', id: 'sep:7'},
      {kind: 'item', id: 'favourites', label: 'Favourites', enabled: false},
      {kind: 'submenu', id: 'fav:home/100', label: 'openwrt (100) — running', enabled: true, status: 'ok', items: [
        {kind: 'item', id: 'fav:home/100:start', label: 'Start', enabled: false, command: {type: 'guestAction', cluster: 'home', vmid: 100, name: 'openwrt', action: 'start'}},
        {kind: 'item', id: 'fav:home/100:shutdown', label: 'Shut down', enabled: false, command: {type: 'guestAction', cluster: 'home', vmid: 100, name: 'openwrt', action: 'shutdown'}},
        {kind: 'item', id: 'fav:home/100:stop', label: 'Stop', enabled: false, command: {type: 'guestAction', cluster: 'home', vmid: 100, name: 'openwrt', action: 'stop'}},
        {kind: 'item', id: 'fav:home/100:reboot', label: 'Reboot', enabled: false, command: {type: 'guestAction', cluster: 'home', vmid: 100, name: 'openwrt', action: 'reboot'}},
        {kind: 'item', id: 'fav:home/100:backup', label: 'Back up now', enabled: false, command: {type: 'backup', cluster: 'home', vmids: [100]}},
      ]},
      {kind: 'submenu', id: 'fav:home/102', label: 'win2022 (102) — starting…', enabled: true, status: 'warn', items: [
        {kind: 'item', id: 'fav:home/102:start', label: 'Start', enabled: false, command: {type: 'guestAction', cluster: 'home', vmid: 102, name: 'win2022', action: 'start'}},
        {kind: 'item', id: 'fav:home/102:shutdown', label: 'Shut down', enabled: false, command: {type: 'guestAction', cluster: 'home', vmid: 102, name: 'win2022', action: 'shutdown'}},
        {kind: 'item', id: 'fav:home/102:stop', label: 'Stop', enabled: false, command: {type: 'guestAction', cluster: 'home', vmid: 102, name: 'win2022', action: 'stop'}},
        {kind: 'item', id: 'fav:home/102:reboot', label: 'Reboot', enabled: false, command: {type: 'guestAction', cluster: 'home', vmid: 102, name: 'win2022', action: 'reboot'}},
        {kind: 'item', id: 'fav:home/102:backup', label: 'Back up now', enabled: false, command: {type: 'backup', cluster: 'home', vmids: [102]}},
      ]},
      {kind: 'submenu', id: 'fav:home/130', label: 'ubuntu-test (130) — rebooting…', enabled: true, status: 'warn', items: [
        {kind: 'item', id: 'fav:home/130:start', label: 'Start', enabled: false, command: {type: 'guestAction', cluster: 'home', vmid: 130, name: 'ubuntu-test', action: 'start'}},
        {kind: 'item', id: 'fav:home/130:shutdown', label: 'Shut down', enabled: false, command: {type: 'guestAction', cluster: 'home', vmid: 130, name: 'ubuntu-test', action: 'shutdown'}},
        {kind: 'item', id: 'fav:home/130:stop', label: 'Stop', enabled: false, command: {type: 'guestAction', cluster: 'home', vmid: 130, name: 'ubuntu-test', action: 'stop'}},
        {kind: 'item', id: 'fav:home/130:reboot', label: 'Reboot', enabled: false, command: {type: 'guestAction', cluster: 'home', vmid: 130, name: 'ubuntu-test', action: 'reboot'}},
        {kind: 'item', id: 'fav:home/130:backup', label: 'Back up now', enabled: false, command: {type: 'backup', cluster: 'home', vmids: [130]}},
      ]},
      {kind: 'separator', id: 'sep:12'},
      {kind: 'submenu', id: 'wake', label: 'Wake', enabled: true, items: [
        {kind: 'item', id: 'wake:gtr5', label: 'gtr5 — asleep · via um560', enabled: true, command: {type: 'wake', host: 'gtr5'}},
        {kind: 'item', id: 'wake:orangepi5', label: 'orangepi5 — asleep · from here', enabled: true, command: {type: 'wake', host: 'orangepi5'}},
        {kind: 'item', id: 'wake:rockpi5a', label: 'rockpi5a — awake · from here', enabled: false, command: {type: 'wake', host: 'rockpi5a'}},
        {kind: 'item', id: 'wake:s500plus', label: 's500plus — awake · via um560', enabled: false, command: {type: 'wake', host: 's500plus'}},
        {kind: 'item', id: 'wake:um560', label: 'um560 — awake · via s500plus', enabled: false, command: {type: 'wake', host: 'um560'}},
      ]},
      {kind: 'submenu', id: 'backup', label: 'Back up now', enabled: true, items: [
        {kind: 'item', id: 'backup:fav:home', label: 'Favourites — 3', enabled: true, command: {type: 'backup', cluster: 'home', vmids: [100,102,130]}},
        {kind: 'item', id: 'backup:set:home:routers', label: 'routers', enabled: true, command: {type: 'backup', cluster: 'home', set: 'routers'}},
      ]},
      {kind: 'separator', id: 'sep:15'},
      {kind: 'item', id: 'tasks', label: 'Running tasks', enabled: false},
      {kind: 'item', id: 'task:t1', label: 'Start 102 (win2022) on um560 42%', enabled: true, command: {type: 'open', target: 'tasks'}},
      {kind: 'item', id: 'task:t2', label: 'Backing up 101 (docker-compose) on um560…', enabled: true, command: {type: 'open', target: 'tasks'}},
      {kind: 'item', id: 'task:t3', label: 'Waking orangepi5…', enabled: true, command: {type: 'open', target: 'tasks'}},
      {kind: 'item', id: 'task:t5', label: 'Reboot 130 (ubuntu-test) on gtr5 100%', enabled: true, command: {type: 'open', target: 'tasks'}},
      {kind: 'item', id: 'task:more', label: '2 more… (open LabTray)', enabled: true, command: {type: 'open', target: 'tasks'}},
      {kind: 'separator', id: 'sep:22'},
      {kind: 'item', id: 'open', label: 'Open LabTray', enabled: true, command: {type: 'open'}},
      {kind: 'item', id: 'refresh', label: 'Check now', enabled: true, command: {type: 'refresh'}},
      {kind: 'item', id: 'pause', label: 'Pause checks', enabled: true, command: {type: 'pause'}},
      {kind: 'submenu', id: 'quiet', label: 'Quiet until 13:00', enabled: true, items: [
        {kind: 'item', id: 'quiet:off', label: 'End quiet mode', enabled: true, command: {type: 'quietOff'}},
      ]},
      {kind: 'separator', id: 'sep:27'},
      {kind: 'item', id: 'quit', label: 'Quit LabTray', enabled: true, command: {type: 'quit'}},
    ]);
  });

  it('paused: no problems and no way-home line, Resume instead of Pause and Check now, the summary grey', () => {
    const m = trayMenu({ ...snapshot, paused: true }, prefs());
    const ids = m.items.map((i) => i.id);
    assert.ok(!ids.some((id) => id.startsWith('problem:')));
    assert.deepEqual(find(m, 'resume'), { kind: 'item', id: 'resume', label: 'Resume checks', enabled: true, command: { type: 'resume' } });
    assert.equal(find(m, 'pause'), undefined);
    assert.equal(find(m, 'refresh'), undefined);
    assert.equal((find(m, 'summary') as { status?: string }).status, 'unknown');
  });

  it('with two clusters each favourites and set line names its cluster', () => {
    const other = { ...homeCluster({ guests: [guest(200, 'pbs', 'um560')] }), name: 'lab2' };
    const m = trayMenu(labSnapshot({ proxmox: [homeCluster(), other] }), prefs({ favourites: ['home/100', 'lab2/200'], backupSets: ['nightly'] }));
    const backup = find(m, 'backup') as Extract<MenuItem, { kind: 'submenu' }>;
    assert.deepEqual(
      backup.items.map((i) => (i.kind === 'item' ? [i.id, i.label, i.command] : [i.id])),
      [
        ['backup:fav:home', 'Favourites (home) — 1', { type: 'backup', cluster: 'home', vmids: [100] }],
        ['backup:fav:lab2', 'Favourites (lab2) — 1', { type: 'backup', cluster: 'lab2', vmids: [200] }],
        ['backup:set:home:nightly', 'nightly (home)', { type: 'backup', cluster: 'home', set: 'nightly' }],
        ['backup:set:lab2:nightly', 'nightly (lab2)', { type: 'backup', cluster: 'lab2', set: 'nightly' }],
      ],
    );
  });
});
