import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { msg, textIn } from '../../../shared/message';
import { FOLD_FROM, foldProblems } from '../../../shared/problem-groups';
import type { Check, Status } from '../../../shared/status';

const AT = '2026-12-04T08:00:00.000Z';
const never = (vmid: number, status: Status = 'crit'): Check => ({ id: `proxmox:home:backup:${vmid}`, source: 'proxmox:home', target: `guest:home/${vmid}`, status, observedAt: AT, ...msg('pve.backupNever', { guest: `${vmid} (vm${vmid})`, job: '' }) });
const other = (id: string, status: Status): Check => ({ id, source: 'x', status, observedAt: AT, ...msg('pve.nodeOffline', { node: id }) });

describe('folding findings of one kind (the tray, the Overview and labtray status)', () => {
  it(`${FOLD_FROM} or more of one kind and status are one counted line where the first stood; the rest keep their order`, () => {
    const list = [other('gtr5', 'crit'), never(101), never(106), never(112), other('um560', 'warn')];
    const lines = foldProblems(list);
    assert.deepEqual(lines.map((l) => l.kind), ['one', 'group', 'one']);
    const g = lines[1];
    assert.ok(g.kind === 'group');
    assert.equal(g.summary, '3 guests have never been backed up');
    assert.equal(textIn('zh-CN', g.msg, g.summary), '3 个虚拟机从未备份');
    assert.equal(g.status, 'crit');
    assert.equal(g.view, 'backups');
    assert.deepEqual(g.checks.map((c) => c.id), ['proxmox:home:backup:101', 'proxmox:home:backup:106', 'proxmox:home:backup:112']);
    assert.equal(g.id, 'group:pve.backupNever:crit', 'the same id every snapshot');
  });

  it('fewer than that stay as they are', () => {
    const lines = foldProblems([never(101), never(106)]);
    assert.deepEqual(lines.map((l) => (l.kind === 'one' ? l.check.id : l.id)), ['proxmox:home:backup:101', 'proxmox:home:backup:106']);
  });

  it('different statuses of one kind fold apart; kinds that are not foldable never fold', () => {
    const lines = foldProblems([never(1), never(2), never(3), never(4, 'warn'), never(5, 'warn'), never(6, 'warn'), other('a', 'crit'), other('b', 'crit'), other('c', 'crit')]);
    assert.deepEqual(lines.map((l) => (l.kind === 'group' ? `${l.id} ×${l.checks.length}` : l.check.id)), ['group:pve.backupNever:crit ×3', 'group:pve.backupNever:warn ×3', 'a', 'b', 'c']);
  });

  it('nothing is lost: every finding is in exactly one line', () => {
    const list = [never(1), other('a', 'warn'), never(2), never(3), never(4), other('b', 'warn')];
    const flat = foldProblems(list).flatMap((l) => (l.kind === 'one' ? [l.check] : l.checks));
    assert.deepEqual(flat.map((c) => c.id).sort(), list.map((c) => c.id).sort());
  });
});
