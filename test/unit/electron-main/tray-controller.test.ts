import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LabError, type LabInput, type LabMethod } from '../../../shared/api';
import type { LabConfig } from '../../../shared/config';
import type { FailedAction } from '../../../shared/notice-rules';
import { defaultPrefs, type Snapshot } from '../../../shared/snapshot';
import type { TrayCommand } from '../../../shared/tray';
import { TrayController } from '../../../electron/main/tray-controller';
import type { GuardQuestion } from '../../../shared/tray-lab';
import { settle } from '../../helpers/fake-clock';
import { check, homeCluster, labSnapshot, NOW } from '../tray/lab-snapshot';
import { FlagRecorder, labelOf, RecordingTray } from './shell-fakes';

/** The Lab as the tray sees it: a snapshot, the config, and the calls it is asked for (wake fails: orangepi5 has no relay). */
class TrayLab extends FlagRecorder {
  snapshot: Snapshot = { ...labSnapshot({ status: 'ok' }), prefs: { ...defaultPrefs, favourites: ['home/101'] } };
  currentConfig: LabConfig = { backup: { sets: [{ name: 'important', vmids: [100, 111] }] } };
  readonly calls: [LabMethod, unknown][] = [];
  async invoke<M extends LabMethod>(method: M, input: LabInput<M>): Promise<never> {
    this.calls.push([method, input]);
    if (method === 'wake') throw new LabError('not-found', 'orangepi5: no relay can reach it');
    return null as never;
  }
}

function tray(over: { quietUntil?: number | null; answer?: boolean } = {}) {
  const lab = new TrayLab();
  const port = new RecordingTray();
  const opened: (string | undefined)[] = [];
  const failed: [FailedAction, unknown][] = [];
  const quietCalls: string[] = [];
  let quits = 0;
  const asked: GuardQuestion[] = [];
  const c = new TrayController({
    tray: port,
    lab,
    quiet: { quietUntil: () => over.quietUntil ?? null, startFor: (h) => void quietCalls.push(`for ${h}`), end: () => void quietCalls.push('end') },
    openWindow: (t) => opened.push(t),
    ask: async (q) => (asked.push(q), over.answer ?? false),
    actionFailed: (what, err) => failed.push([what, err]),
    quit: () => void quits++,
    locale: () => 'en-GB',
    now: () => NOW,
  });
  return { c, lab, port, opened, failed, quietCalls, asked, quits: () => quits };
}

describe('tray controller', () => {
  it('rebuilds the menu only when the model changes, and the icon only when its state changes', () => {
    const { c, lab, port } = tray();
    c.render(lab.snapshot);
    c.render(lab.snapshot);
    c.render({ ...lab.snapshot, version: 8, takenAt: '2025-03-01T12:00:30.000Z' });
    assert.equal(port.menus.length, 1, 'the same model (a newer snapshot saying the same) is not rebuilt');
    assert.deepEqual(port.icons, ['ok']);
    assert.match(port.tooltip, /^LabTray\nAll well — 3 nodes, 4 running$/);

    lab.snapshot = { ...labSnapshot({ checks: [check('disk:um560/sdb', 'crit', 'um560: /dev/sdb SMART failing', 'node:home/um560')] }), prefs: lab.snapshot.prefs };
    c.render(lab.snapshot);
    assert.equal(port.menus.length, 2);
    assert.deepEqual(port.icons, ['ok', 'crit']);
    assert.equal(labelOf(port.menu, 'problem:disk:um560/sdb'), 'um560: /dev/sdb SMART failing');
    assert.match(port.tooltip, /um560: \/dev\/sdb SMART failing$/);
  });

  it('builds the menu from the snapshot\'s favourites, the config\'s backup sets and the quiet end', () => {
    const { c, lab, port } = tray({ quietUntil: NOW + 2 * 3_600_000 });
    c.render(lab.snapshot);
    assert.equal(labelOf(port.menu, 'fav:home/101'), 'docker-compose (101) — running');
    assert.equal(labelOf(port.menu, 'backup:set:home:important'), 'important');
    assert.match(labelOf(port.menu, 'quiet') ?? '', /^Quiet until \d\d:\d\d$/);
  });

  it('runs each command where it belongs', async () => {
    const { c, lab, port, opened, quietCalls, quits } = tray();
    c.render(lab.snapshot);
    port.click('fav:home/101:shutdown');
    port.click('backup:set:home:important');
    port.click('backup:fav:home');
    const run = (cmd: TrayCommand) => c.run(cmd);
    run({ type: 'guestAction', cluster: 'home', vmid: 102, name: 'win2022', action: 'start' });
    assert.deepEqual(lab.calls, [
      ['guestAction', { cluster: 'home', vmids: [101], action: 'shutdown' }],
      ['startBackup', { cluster: 'home', vmids: undefined, set: 'important' }],
      ['startBackup', { cluster: 'home', vmids: [101], set: undefined }],
      ['guestAction', { cluster: 'home', vmids: [102], action: 'start' }],
    ]);
    port.click('summary');
    port.click('open');
    assert.deepEqual(opened, ['overview', undefined]);
    port.click('refresh');
    assert.equal(lab.refreshes, 1);
    port.click('pause');
    run({ type: 'resume' });
    assert.deepEqual(lab.reported, [{ userPaused: true }, { userPaused: false }]);
    port.click('quiet:4');
    run({ type: 'quietOff' });
    assert.deepEqual(quietCalls, ['for 4', 'end']);
    port.click('quit');
    assert.equal(quits(), 1);
    await settle();
  });

  it('tells the user when a command from the menu fails, naming what failed', async () => {
    const { c, failed } = tray();
    c.run({ type: 'wake', host: 'orangepi5' });
    await settle();
    assert.equal(failed.length, 1);
    assert.deepEqual(failed[0][0], { kind: 'wake', host: 'orangepi5' });
    assert.match(String(failed[0][1]), /no relay can reach it/);
  });

  it('paints a backup running on a favourite as busy', () => {
    const { c, lab, port } = tray();
    lab.snapshot = {
      ...lab.snapshot,
      proxmox: [homeCluster()],
      tasks: [{ id: 't1', kind: 'backup', action: 'vzdump', target: '101 (docker-compose) on um560', targetRef: 'guest:home/101', state: 'running', startedAt: '2025-03-01T12:00:00.000Z', endedAt: null, upid: null, progress: 0.4, message: null, log: [] }],
    };
    c.render(lab.snapshot);
    assert.deepEqual(port.icons, ['busy']);
    assert.equal(labelOf(port.menu, 'fav:home/101'), 'docker-compose (101) — backing up…');
  });
});

describe('tray controller: the way home', () => {
  const guarded: TrayCommand = { type: 'guestAction', cluster: 'home', vmid: 110, name: 'tailscale-gateway', action: 'shutdown', guard: 'subnetRouter' };

  it('asks before a guarded action and does nothing when the answer is no', async () => {
    const { c, lab, asked } = tray({ answer: false });
    lab.snapshot = { ...lab.snapshot, wayHome: { where: 'away', tailscale: 'running', router: null, guarded: [] } };
    c.run(guarded);
    await settle();
    assert.equal(asked.length, 1);
    assert.equal(asked[0].title, 'Shut down this guest?');
    assert.equal(asked[0].lines.at(-1), 'You are away: this cuts your way home until it is back.');
    assert.deepEqual(lab.calls, [], 'nothing was sent');
  });

  it('acts once the user says yes, and never asks for an unguarded action', async () => {
    const { c, lab, asked } = tray({ answer: true });
    c.run(guarded);
    await settle();
    assert.deepEqual(lab.calls, [['guestAction', { cluster: 'home', vmids: [110], action: 'shutdown' }]]);
    c.run({ ...guarded, vmid: 101, name: 'docker-compose', guard: undefined });
    await settle();
    assert.equal(asked.length, 1, 'only the guarded one asked');
    assert.equal(lab.calls.length, 2);
  });
});
