import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { msg, textIn } from '../../../shared/message';
import { foldProblems, type ProblemLine } from '../../../shared/problem-groups';
import type { Check, Status } from '../../../shared/status';

const AT = '2026-12-04T08:00:00.000Z';
const finding = (id: string, status: Status, said: ReturnType<typeof msg>, source = 'proxmox:home'): Check => ({ id, source, status, observedAt: AT, ...said });
const old = (vmid: number): Check => finding(`proxmox:home:backup:${vmid}`, 'warn', msg('pve.backupOld', { guest: `${vmid} (vm${vmid})`, age: 200, job: '', verify: '' }));
const relayed = (peer: string): Check => finding(`tailscale:peer:${peer}:path`, 'warn', msg('ts.peerRelayed', { peer, path: 'relayed via DERP(hkg)' }), 'tailscale');
const pod = (name: string): Check => finding(`kubernetes:k3s:pod:${name}`, 'crit', msg('kube.pod', { context: 'k3s', namespace: 'web', pod: name, reason: 'CrashLoopBackOff', restarts: '', owner: '' }), 'kubernetes:k3s');
const offline = (node: string): Check => finding(`proxmox:home:node:${node}`, 'crit', msg('pve.nodeOffline', { node }));

/** A line as one word: the check's id, or the group's id, view, count and English text. */
const show = (l: ProblemLine): string => (l.kind === 'one' ? l.check.id : `${l.id} → ${l.view}: ${l.summary} [${l.checks.length}]`);

describe('each kind that folds, with its counted sentence and the view it opens', () => {
  it('old backups open Backups', () => {
    assert.deepEqual(foldProblems([old(101), old(102), old(103)]).map(show), ["group:pve.backupOld:warn → backups: 3 guests' last backups are too old [3]"]);
  });

  it('relayed Tailscale peers open Network', () => {
    const lines = foldProblems([relayed('orangepi5'), relayed('rockpi5a'), relayed('realme-x2-pro')]);
    assert.deepEqual(lines.map(show), ['group:ts.peerRelayed:warn → network: 3 Tailscale peers are relayed, not direct [3]']);
    const g = lines[0];
    assert.ok(g.kind === 'group');
    assert.equal(g.status, 'warn');
  });

  it('unhealthy pods open Kubernetes, in both languages', () => {
    const lines = foldProblems([pod('api-1'), pod('api-2'), pod('api-3'), pod('api-4')]);
    assert.deepEqual(lines.map(show), ['group:kube.pod:crit → kubernetes: 4 pods are unhealthy [4]']);
    const g = lines[0];
    assert.ok(g.kind === 'group');
    assert.equal(textIn('zh-CN', g.msg, g.summary), '4 个 Pod 状态异常');
  });
});

describe('what never folds', () => {
  it('findings of a kind that does not fold stay one line each, however many', () => {
    assert.deepEqual(foldProblems(['gtr5', 'um560', 's500plus', 'n4'].map(offline)).map(show), ['proxmox:home:node:gtr5', 'proxmox:home:node:um560', 'proxmox:home:node:s500plus', 'proxmox:home:node:n4']);
  });

  it('findings with no catalogue message stay one line each', () => {
    const plain = ['a', 'b', 'c'].map((id): Check => ({ id, source: 'x', status: 'warn', observedAt: AT, summary: 'k3s-main not read yet' }));
    assert.deepEqual(foldProblems(plain).map(show), ['a', 'b', 'c']);
  });

  it('two kinds that fold are counted apart, each line where its first finding stood', () => {
    const list = [relayed('orangepi5'), old(101), relayed('rockpi5a'), old(102), relayed('nas'), old(103)];
    assert.deepEqual(foldProblems(list).map(show), [
      'group:ts.peerRelayed:warn → network: 3 Tailscale peers are relayed, not direct [3]',
      "group:pve.backupOld:warn → backups: 3 guests' last backups are too old [3]",
    ]);
  });
});

describe('the folding limit', () => {
  it('a caller can fold from two', () => {
    assert.deepEqual(foldProblems([old(101), old(102)], 2).map(show), ["group:pve.backupOld:warn → backups: 2 guests' last backups are too old [2]"]);
    assert.deepEqual(foldProblems([old(101), old(102)], 3).map(show), ['proxmox:home:backup:101', 'proxmox:home:backup:102']);
  });
});
