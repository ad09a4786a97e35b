import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { admitNotices, detectNotices, initialNotifyState, type DetectedNotice, type NotifyPolicy } from '../../../shared/notice-rules';
import type { Snapshot } from '../../../shared/snapshot';
import { AT, homeCluster, host, labSnapshot, node, NOW, peer, pveTask, source, task } from './lab-snapshot';

const later = (s: Partial<Snapshot>): Snapshot => labSnapshot({ version: 8, takenAt: new Date(NOW + 30_000).toISOString(), ...s });
const keys = (ds: DetectedNotice[]): string[] => ds.map((d) => d.key).sort();

describe('notices from snapshot changes', () => {
  it('says a Proxmox node is down when it goes offline, and back when it returns', () => {
    const up = labSnapshot();
    const down = later({ proxmox: [homeCluster({ nodes: [node('um560'), node('s500plus'), node('gtr5', 'offline')] })] });
    const d = detectNotices(up, down);
    assert.deepEqual(keys(d), ['node-down:home/gtr5']);
    assert.equal(d[0].notice.level, 'crit');
    assert.equal(d[0].notice.title, 'gtr5 is down');
    assert.equal(d[0].target, 'node:home/gtr5');
    assert.deepEqual(keys(detectNotices(down, { ...up, version: 9 })), ['node-back:home/gtr5']);
  });

  it('says nothing on the first reading or against placeholder data', () => {
    const snap = labSnapshot({ hosts: [host('orangepi5', false)], sources: [source('proxmox:home'), source('host:orangepi5')] });
    assert.deepEqual(detectNotices(null, snap), []);
    const placeholder = labSnapshot({ hosts: [host('orangepi5', false)], sources: [source('proxmox:home'), source('host:orangepi5', { updatedAt: null })] });
    assert.deepEqual(detectNotices(placeholder, later({ hosts: [host('orangepi5', true)], sources: snap.sources })), []);
  });

  it('says an SSH host is down when its probe starts failing, with the reason', () => {
    const before = labSnapshot({ hosts: [host('orangepi5', true)], sources: [source('host:orangepi5')] });
    const after = later({ hosts: [host('orangepi5', true)], sources: [source('host:orangepi5', { error: 'connect ECONNREFUSED 127.0.0.1:2222', stale: true })] });
    const d = detectNotices(before, after);
    assert.deepEqual(keys(d), ['host-down:orangepi5']);
    assert.match(d[0].notice.body, /ECONNREFUSED/);
  });

  it('says a cluster cannot be reached when its API stops answering', () => {
    const before = labSnapshot({ sources: [source('proxmox:home'), source('kubernetes:k3s-main')] });
    const after = later({ sources: [source('proxmox:home'), source('kubernetes:k3s-main', { error: 'no answer within 10 s' })] });
    const d = detectNotices(before, after);
    assert.deepEqual(keys(d), ['source-down:kubernetes:k3s-main']);
    assert.equal(d[0].notice.title, 'Cannot reach k3s-main');
  });

  it('reports a backup LabTray ran as done or failed when it ends', () => {
    const running = labSnapshot({ tasks: [task({ id: 't1', kind: 'backup', action: 'vzdump', targetRef: 'guest:home/100', target: '100 (openwrt)' }), task({ id: 't2', kind: 'backup', action: 'vzdump', targetRef: 'guest:home/111', target: '111 (home-assistant)' })] });
    const ended = later({
      tasks: [
        task({ id: 't1', kind: 'backup', action: 'vzdump', targetRef: 'guest:home/100', target: '100 (openwrt)', state: 'ok', endedAt: AT, message: 'OK' }),
        task({ id: 't2', kind: 'backup', action: 'vzdump', targetRef: 'guest:home/111', target: '111 (home-assistant)', state: 'error', endedAt: AT, message: 'no space left on device' }),
      ],
    });
    const d = detectNotices(running, ended);
    assert.deepEqual(keys(d), ['backup-done:t1', 'backup-failed:t2']);
    const failed = d.find((x) => x.key === 'backup-failed:t2');
    assert.equal(failed?.notice.body, 'no space left on device');
    assert.equal(failed?.notice.level, 'warn');
    assert.deepEqual(detectNotices(ended, { ...ended, version: 9 }), [], 'an ended task is reported once');
  });

  it('reports a scheduled vzdump the cluster ran, but not twice for a task LabTray follows', () => {
    const before = labSnapshot({ proxmox: [homeCluster({ tasks: [pveTask({ upid: 'UPID:um560:A' }), pveTask({ upid: 'UPID:um560:B', id: '101' })] })], tasks: [task({ id: 't3', kind: 'backup', action: 'vzdump', targetRef: 'guest:home/101', upid: 'UPID:um560:B' })] });
    const after = later({
      proxmox: [homeCluster({ tasks: [pveTask({ upid: 'UPID:um560:A', endtime: NOW / 1000, status: 'job errors' }), pveTask({ upid: 'UPID:um560:B', id: '101', endtime: NOW / 1000, status: 'OK' })] })],
      tasks: [task({ id: 't3', kind: 'backup', action: 'vzdump', targetRef: 'guest:home/101', upid: 'UPID:um560:B' })],
    });
    const d = detectNotices(before, after);
    assert.deepEqual(keys(d), ['backup-failed:UPID:um560:A']);
    assert.equal(d[0].notice.title, 'Backup failed: 100 (openwrt) on um560');
  });

  it('says a peer is now relayed when its direct path turns into DERP', () => {
    const ts = (conn: 'direct' | 'relay' | 'idle', relay: string | null) => ({
      backendState: 'Running', via: 'localapi' as const, version: '1.80.0', tailnet: null, magicDnsSuffix: null, self: null, health: [],
      peers: [peer('tailscale-gateway', conn, relay), peer('xiaomi-pad', 'idle')],
    });
    const d = detectNotices(labSnapshot({ tailscale: ts('direct', null) }), later({ tailscale: ts('relay', 'fra') }));
    assert.deepEqual(keys(d), ['peer-relayed:tailscale-gateway']);
    assert.match(d[0].notice.body, /DERP relay fra/);
    assert.deepEqual(detectNotices(labSnapshot({ tailscale: ts('idle', null) }), later({ tailscale: ts('relay', 'fra') })), [], 'idle to relay is not a loss');
  });

  it('writes notices in Chinese when asked', () => {
    const d = detectNotices(labSnapshot(), later({ proxmox: [homeCluster({ nodes: [node('um560', 'offline'), node('s500plus'), node('gtr5')] })] }), 'zh-CN');
    assert.equal(d[0].notice.title, 'um560 已离线');
  });
});

describe('notice policy', () => {
  const policy = (over: Partial<NotifyPolicy> = {}): NotifyPolicy => ({ enabled: true, quietUntil: null, criticalBreaksQuiet: false, ...over });
  const notice = (key: string, level: 'info' | 'warn' | 'crit'): DetectedNotice => ({ key, target: 'overview', notice: { id: key, level, title: key, body: '', at: AT } });

  it('shows nothing in quiet mode, unless a critical one may break through', () => {
    const ds = [notice('host-down:orangepi5', 'crit'), notice('backup-done:t1', 'info')];
    assert.deepEqual(admitNotices(initialNotifyState(), ds, policy({ quietUntil: NOW + 3600_000 }), NOW).show, []);
    const r = admitNotices(initialNotifyState(), ds, policy({ quietUntil: NOW + 3600_000, criticalBreaksQuiet: true }), NOW);
    assert.deepEqual(keys(r.show), ['host-down:orangepi5']);
    assert.equal(r.held, 1);
    assert.equal(admitNotices(initialNotifyState(), ds, policy({ quietUntil: NOW - 1 }), NOW).show.length, 2, 'quiet mode ends on time');
  });

  it('shows nothing when notifications are switched off', () => {
    assert.deepEqual(admitNotices(initialNotifyState(), [notice('host-down:x', 'crit')], policy({ enabled: false }), NOW).show, []);
  });

  it('does not repeat the same notice for a flapping host within ten minutes', () => {
    const first = admitNotices(initialNotifyState(), [notice('host-down:orangepi5', 'crit')], policy(), NOW);
    assert.equal(first.show.length, 1);
    const again = admitNotices(first.state, [notice('host-down:orangepi5', 'crit')], policy(), NOW + 5 * 60_000);
    assert.equal(again.show.length, 0);
    const much = admitNotices(again.state, [notice('host-down:orangepi5', 'crit')], policy(), NOW + 11 * 60_000);
    assert.equal(much.show.length, 1);
  });

  it('folds a burst into one "more changes" notice, critical ones first', () => {
    const ds = [notice('backup-done:1', 'info'), notice('backup-done:2', 'info'), notice('node-down:home/gtr5', 'crit'), notice('backup-done:3', 'info'), notice('peer-relayed:gw', 'warn')];
    const r = admitNotices(initialNotifyState(), ds, policy({ burst: 3 }), NOW);
    assert.equal(r.show.length, 3);
    assert.deepEqual(r.show.slice(0, 2).map((d) => d.key), ['node-down:home/gtr5', 'peer-relayed:gw']);
    assert.equal(r.show[2].notice.title, '3 more changes in your lab');
    assert.equal(r.held, 3);
    const next = admitNotices(r.state, [notice('backup-done:4', 'info')], policy({ burst: 3 }), NOW + 10_000);
    assert.equal(next.show.length, 0, 'the window is full');
    assert.equal(admitNotices(r.state, [notice('backup-done:5', 'info')], policy({ burst: 3 }), NOW + 61_000).show.length, 1, 'a new window has room');
  });
});
