import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Language } from '../../../shared/language';
import { msg } from '../../../shared/message';
import { actionFailedNotice, admitNotices, detectNotices, initialNotifyState, type DetectedNotice } from '../../../shared/notice-rules';
import type { Snapshot } from '../../../shared/snapshot';
import type { Check } from '../../../shared/status';
import type { TailscaleStatus } from '../../../shared/tailscale';
import { AT, homeCluster, host, labSnapshot, NOW, peer, pveTask, source, task } from './lab-snapshot';

// No checkText from the shell: a notice says a check's message in its own language.
const detect = (prev: Snapshot, next: Snapshot, lang: Language): DetectedNotice[] => detectNotices(prev, next, lang);
const later = (s: Partial<Snapshot>): Snapshot => labSnapshot({ version: 8, takenAt: new Date(NOW + 30_000).toISOString(), ...s });
const HAN = /[\u4e00-\u9fff]/;
const ENGLISH_WORDS = /\b(on|all guests|failed|ended|is down|cannot|stopped answering|asleep)\b/;

const asleep: Check = { id: 'host:orangepi5:ssh', source: 'host:orangepi5', target: 'host:orangepi5', status: 'warn', observedAt: AT, error: 'connect ECONNREFUSED 127.0.0.1:2222', ...msg('ssh.asleep', { error: 'connect ECONNREFUSED 127.0.0.1:2222' }) };
const kubeDown: Check = { id: 'kubernetes:k3s-main:source', source: 'kubernetes:k3s-main', target: 'kubernetes:k3s-main', status: 'crit', observedAt: AT, error: 'no answer within 10 s', ...msg('lab.cannotRead', { source: 'k3s-main', error: 'no answer within 10 s' }) };

function orangepiAsleep(lang: Language): DetectedNotice {
  const before = labSnapshot({ hosts: [host('orangepi5', true)], sources: [source('host:orangepi5')] });
  const after = later({ hosts: [{ ...host('orangepi5', false), checks: [asleep] }], sources: [source('host:orangepi5')], checks: [asleep] });
  const d = detect(before, after, lang);
  assert.deepEqual(d.map((x) => x.key), ['host-down:orangepi5']);
  return d[0];
}

function k3sDown(lang: Language): DetectedNotice {
  const before = labSnapshot({ sources: [source('proxmox:home'), source('kubernetes:k3s-main')] });
  const after = later({ sources: [source('proxmox:home'), source('kubernetes:k3s-main', { error: 'no answer within 10 s', stale: true })], checks: [kubeDown] });
  const d = detect(before, after, lang);
  assert.deepEqual(d.map((x) => x.key), ['source-down:kubernetes:k3s-main']);
  return d[0];
}

describe('notices in the English UI', () => {
  it('explain a host that went to sleep with the check English summary', () => {
    const d = orangepiAsleep('en');
    assert.equal(d.notice.title, 'orangepi5 is down');
    assert.equal(d.notice.body, asleep.summary);
  });

  it('explain a cluster that stops answering with the check English summary', () => {
    assert.equal(k3sDown('en').notice.body, kubeDown.summary);
  });

  it('name a scheduled backup of every guest and a failed one without a reason in English', () => {
    const before = labSnapshot({ proxmox: [homeCluster({ tasks: [pveTask({ upid: 'UPID:um560:C', id: '' })] })] });
    const after = later({ proxmox: [homeCluster({ tasks: [pveTask({ upid: 'UPID:um560:C', id: '', endtime: NOW / 1000, status: null })] })] });
    const [d] = detect(before, after, 'en');
    assert.equal(d.notice.title, 'Backup failed: all guests on um560');
    assert.equal(d.notice.body, 'the task ended with an error');
  });
});

describe('notices in the Chinese UI', () => {
  it('explain a host that went to sleep in Chinese, never with the English summary', () => {
    const d = orangepiAsleep('zh-CN');
    assert.equal(d.notice.title, 'orangepi5 已离线');
    assert.equal(d.notice.body, 'connect ECONNREFUSED 127.0.0.1:2222（在休眠？可以唤醒它）');
    assert.ok(!d.notice.body.includes(asleep.summary), `the body carries the English summary: ${d.notice.body}`);
    assert.ok(!d.notice.body.includes('asleep'));
  });

  it('explain a cluster that stops answering in Chinese, never with the English summary', () => {
    const d = k3sDown('zh-CN');
    assert.equal(d.notice.title, '无法连接 k3s-main');
    assert.equal(d.notice.body, 'k3s-main：无法读取：no answer within 10 s');
    assert.ok(!d.notice.body.includes(kubeDown.summary), `the body carries the English summary: ${d.notice.body}`);
  });

  it('name backups by guest and node in Chinese, LabTray’s own and the cluster’s scheduled ones', () => {
    const running = labSnapshot({ tasks: [task({ id: 't1', kind: 'backup', action: 'vzdump', targetRef: 'guest:home/111', target: '111 (home-assistant) on s500plus' })], proxmox: [homeCluster({ tasks: [pveTask({ upid: 'UPID:um560:C', id: '' })] })] });
    const ended = later({
      tasks: [task({ id: 't1', kind: 'backup', action: 'vzdump', targetRef: 'guest:home/111', target: '111 (home-assistant) on s500plus', state: 'ok', endedAt: AT, message: 'OK' })],
      proxmox: [homeCluster({ tasks: [pveTask({ upid: 'UPID:um560:C', id: '', endtime: NOW / 1000, status: null })] })],
    });
    const d = detect(running, ended, 'zh-CN');
    const done = d.find((x) => x.key === 'backup-done:t1');
    const failed = d.find((x) => x.key === 'backup-failed:UPID:um560:C');
    assert.equal(done?.notice.title, '备份完成：s500plus 上的 111（home-assistant）');
    assert.equal(failed?.notice.title, '备份失败：um560 上的所有虚拟机');
    assert.equal(failed?.notice.body, '任务以错误结束');
    for (const x of d) {
      assert.match(x.notice.title, HAN);
      assert.doesNotMatch(`${x.notice.title} ${x.notice.body}`, ENGLISH_WORDS, `English words in a Chinese notice: ${x.notice.title} / ${x.notice.body}`);
    }
  });

  it('fold a burst and report a failed tray command in Chinese', () => {
    const ds = ['a', 'b', 'c', 'd'].map((k): DetectedNotice => ({ key: `backup-done:${k}`, target: 'overview', notice: { id: k, level: 'info', title: k, body: '', at: AT } }));
    const r = admitNotices(initialNotifyState(), ds, { enabled: true, quietUntil: null, criticalBreaksQuiet: false, burst: 2 }, NOW, 'zh-CN');
    assert.equal(r.show[1].notice.title, '实验室还有 3 项变化');
    const n = actionFailedNotice({ kind: 'guestAction', action: 'start', vmid: 102 }, new Error('102 (win2022) is locked (backup)'), AT, 'zh-CN');
    assert.equal(n.notice.title, '启动 102 失败');
    assert.equal(actionFailedNotice({ kind: 'wake', host: 'gtr5' }, new Error('no relay answered'), AT, 'en').notice.title, 'Wake gtr5 failed');
  });
});

describe('notices built from the catalogue', () => {
  it('say a peer went relayed, with or without its relay, in both languages', () => {
    const ts = (connection: 'direct' | 'relay', relay: string | null): TailscaleStatus => ({ backendState: 'Running', via: 'localapi', version: null, tailnet: null, magicDnsSuffix: null, self: null, health: [], peers: [peer('realme-x2-pro', connection, relay)] });
    const before = labSnapshot({ tailscale: ts('direct', null) });
    for (const [relay, en, zhText] of [
      ['hkg', 'Traffic to realme-x2-pro now goes through the DERP relay hkg instead of a direct path.', '到 realme-x2-pro 的流量现在经过 DERP 中继 hkg，而不是直连。'],
      [null, 'Traffic to realme-x2-pro now goes through a DERP relay instead of a direct path.', '到 realme-x2-pro 的流量现在经过 DERP 中继，而不是直连。'],
    ] as const) {
      const after = later({ tailscale: ts('relay', relay) });
      assert.deepEqual(detect(before, after, 'en').map((d) => [d.notice.title, d.notice.body]), [['realme-x2-pro is now relayed', en]]);
      assert.deepEqual(detect(before, after, 'zh-CN').map((d) => [d.notice.title, d.notice.body]), [['realme-x2-pro 改为中继连接', zhText]]);
    }
  });

  it('name an action the window has no word for by its own name', () => {
    assert.equal(actionFailedNotice({ kind: 'guestAction', action: 'migrate', vmid: 101 }, new Error('x'), AT, 'en').notice.title, 'migrate 101 failed');
    assert.equal(actionFailedNotice({ kind: 'backup' }, 'no storage', AT, 'zh-CN').notice.title, '备份失败');
  });
});
