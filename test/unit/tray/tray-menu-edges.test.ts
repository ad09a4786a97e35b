import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runningTasks, summaryLine, trayIconState, trayMenu, trayTooltip, type MenuItem, type MenuModel, type TrayPrefs } from '../../../shared/tray';
import { check, guest, homeCluster, labSnapshot, NOW, pveTask, source, task } from './lab-snapshot';

const prefs = (over: Partial<TrayPrefs> = {}): TrayPrefs => ({ favourites: [], backupSets: [], quietUntil: null, now: NOW, formatTime: () => '13:00', ...over });
const find = (m: MenuModel, id: string): MenuItem | undefined => m.items.find((i) => i.id === id);
const ids = (m: MenuModel): string[] => m.items.map((i) => i.id);
const started = (n: number) => Array.from({ length: n }, (_, i) => task({ id: `t${i}`, kind: 'guest', action: 'start', targetRef: `guest:home/10${i}`, target: `10${i} on um560` }));

describe('the tray menu at its limits', () => {
  it('a lab without Proxmox VE and with nothing running has no favourites, backup or task sections', () => {
    const m = trayMenu(labSnapshot({ proxmox: [], checks: [check('o', 'ok', 'o')] }), prefs({ favourites: ['home/100'], backupSets: ['nightly'] }));
    assert.deepEqual(ids(m), ['summary', 'sep:1', 'open', 'refresh', 'pause', 'quiet', 'sep:6', 'quit']);
  });

  it('a cluster with no favourites and no saved sets offers a disabled "no favourites" line under Back up now', () => {
    assert.deepEqual(find(trayMenu(labSnapshot(), prefs()), 'backup'), {
      kind: 'submenu', id: 'backup', label: 'Back up now', enabled: true,
      items: [{ kind: 'item', id: 'backup:none', label: 'No favourite guests yet', enabled: false }],
    });
  });

  it('backs up the guests tagged as favourites too', () => {
    const tagged = homeCluster({ guests: [{ ...guest(100, 'openwrt', 'um560'), tags: ['labtray'] }, guest(101, 'docker-compose', 'um560')] });
    const backup = find(trayMenu(labSnapshot({ proxmox: [tagged] }), prefs({ favourites: ['home/101'], favouriteTag: 'labtray' })), 'backup');
    assert.ok(backup?.kind === 'submenu');
    assert.deepEqual(backup.items, [{ kind: 'item', id: 'backup:fav:home', label: 'Favourites — 2', enabled: true, command: { type: 'backup', cluster: 'home', vmids: [101, 100] } }]);
  });

  it('lists four running tasks without a "more" line; the fifth makes one', () => {
    const four = trayMenu(labSnapshot({ tasks: started(4) }), prefs());
    assert.deepEqual(ids(four).filter((id) => id.startsWith('task')), ['tasks', 'task:t0', 'task:t1', 'task:t2', 'task:t3']);
    const five = trayMenu(labSnapshot({ tasks: started(5) }), prefs());
    assert.deepEqual(find(five, 'task:more'), { kind: 'item', id: 'task:more', label: '1 more… (open LabTray)', enabled: true, command: { type: 'open', target: 'tasks' } });
  });

  it('a Kubernetes action is told in words; an action the catalogue has no word for shows as it is', () => {
    const restart = task({ id: 'k1', kind: 'kube', action: 'rollout-restart', targetRef: 'kube-deployment:k3s/web/api', target: 'deployment web/api in k3s' });
    assert.equal((find(trayMenu(labSnapshot({ tasks: [restart] }), prefs()), 'task:k1') as { label: string }).label, 'Rollout restart deployment web/api in k3s…');
    // An action the catalogue has no word for is shown as it is, never as an empty label.
    const migrate = task({ id: 'm1', kind: 'guest', action: 'migrate', targetRef: 'guest:home/101', target: '101 (win2022)' });
    assert.equal((find(trayMenu(labSnapshot({ tasks: [migrate] }), prefs()), 'task:m1') as { label: string }).label, 'migrate 101 (win2022)…');
  });

  it('lists exactly maxProblems problems without a "more" line, and counts the rest', () => {
    const checks = ['a', 'b', 'c'].map((id) => check(id, 'warn', `${id} is late`));
    assert.deepEqual(ids(trayMenu(labSnapshot({ checks }), prefs({ maxProblems: 3 }))).slice(0, 5), ['summary', 'problem:a', 'problem:b', 'problem:c', 'sep:4']);
    const two = trayMenu(labSnapshot({ checks }), prefs({ maxProblems: 2 }));
    assert.deepEqual(find(two, 'problem:more'), { kind: 'item', id: 'problem:more', label: '1 more… (open LabTray)', enabled: true, command: { type: 'open', target: 'overview' } });
  });

  it('offers quiet mode for 1, 2, 4 and 8 hours by default; a quiet time that ends now is over', () => {
    const quiet = {
      kind: 'submenu', id: 'quiet', label: 'Quiet mode', enabled: true,
      items: [1, 2, 4, 8].map((h) => ({ kind: 'item', id: `quiet:${h}`, label: h === 1 ? 'For 1 hour' : `For ${h} hours`, enabled: true, command: { type: 'quiet', hours: h } })),
    };
    assert.deepEqual(find(trayMenu(labSnapshot(), prefs()), 'quiet'), quiet);
    assert.deepEqual(find(trayMenu(labSnapshot(), prefs({ quietUntil: NOW })), 'quiet'), quiet);
    assert.equal((find(trayMenu(labSnapshot(), prefs({ quietUntil: NOW + 1 })), 'quiet') as { label: string }).label, 'Quiet until 13:00');
  });

  it('without a time format of the shell, says the end of quiet mode as local HH:MM', () => {
    const tz = process.env.TZ;
    process.env.TZ = 'UTC';
    try {
      const until = Date.parse('2025-03-02T09:05:00Z');
      const m = trayMenu(labSnapshot(), { favourites: [], backupSets: [], quietUntil: until, now: NOW });
      assert.equal((find(m, 'quiet') as { label: string }).label, 'Quiet until 09:05');
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
  });
});

describe('scheduled backups the cluster runs itself', () => {
  it('shows a running vzdump of the cluster once, "all" when it covers every guest; never other task types or finished ones', () => {
    const cluster = homeCluster({
      tasks: [
        pveTask({ upid: 'UPID:s500plus:all', id: '', node: 's500plus' }),
        pveTask({ upid: 'UPID:um560:start', type: 'qmstart', id: '101' }),
        pveTask({ upid: 'UPID:um560:ended', id: '102', endtime: NOW / 1000 - 5 }),
        pveTask({ upid: 'UPID:um560:status', id: '111', status: 'OK' }),
        pveTask({ upid: 'UPID:um560:ours', id: '100' }),
      ],
    });
    const ours = task({ id: 'mine', kind: 'backup', action: 'vzdump', targetRef: 'guest:home/100', target: '100 (openwrt) on um560', upid: 'UPID:um560:ours' });
    assert.deepEqual(runningTasks(labSnapshot({ proxmox: [cluster], tasks: [ours] })), [
      { id: 'mine', kind: 'backup', action: 'vzdump', target: '100 (openwrt) on um560', progress: null },
      { id: 'UPID:s500plus:all', kind: 'backup', action: 'vzdump', target: 'all on s500plus', progress: null },
    ]);
  });
});

describe('the summary line and the icon before and after the first readings', () => {
  const ok = [check('o', 'ok', 'all good')];

  it('waits while nothing has been read: the empty snapshot, or sources that have not answered', () => {
    assert.equal(summaryLine(labSnapshot({ version: 0, sources: [], checks: ok, status: 'ok' })), 'Waiting for the first readings…');
    assert.equal(summaryLine(labSnapshot({ checks: [], status: 'unknown' })), 'Waiting for the first readings…');
  });

  it('a cached snapshot (version 0 with sources) and a lab with no sources yet read but checks show what they know', () => {
    assert.equal(summaryLine(labSnapshot({ version: 0, sources: [source('proxmox:home')], checks: ok, status: 'ok' })), 'All well — 3 nodes, 4 running');
    assert.equal(summaryLine(labSnapshot({ version: 3, sources: [], checks: ok, status: 'ok' })), 'All well — 3 nodes, 4 running');
    assert.equal(summaryLine(labSnapshot({ checks: [check('u', 'unknown', 'k3s-main not read yet')], status: 'unknown' })), '1 unknown');
    assert.equal(summaryLine(labSnapshot({ checks: [], status: 'ok' })), 'All well — 3 nodes, 4 running');
  });

  it('a warning stays amber while a task runs; only a lab with nothing wrong shows busy', () => {
    const tasks = started(1);
    assert.equal(trayIconState(labSnapshot({ checks: [check('w', 'warn', 'um560 memory 96%')], tasks })), 'warn');
    assert.equal(trayIconState(labSnapshot({ checks: ok, tasks })), 'busy');
  });
});

describe('the tooltip at the 127 characters Windows shows', () => {
  // "LabTray\n1 critical\n" is 19 characters.
  const tip = (len: number): string => trayTooltip(labSnapshot({ checks: [check('c', 'crit', 'x'.repeat(len - 19))] }));

  it('keeps 127 characters whole and cuts 128 to 126 and an ellipsis', () => {
    assert.equal(tip(127), `LabTray\n1 critical\n${'x'.repeat(108)}`);
    assert.equal(tip(128), `LabTray\n1 critical\n${'x'.repeat(107)}…`);
    assert.equal(tip(128).length, 127);
  });
});
