import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { emptySnapshot, type Snapshot } from '../../../shared/snapshot';
import type { Guest } from '../../../shared/proxmox';
import type { TaskInfo } from '../../../shared/tasks';
import { createLabStore, settlePending } from '../../../renderer/src/store';

function snap(status: Guest['status'], task: Partial<TaskInfo> | null, takenAt = '2026-11-27T12:00:10.000Z'): Snapshot {
  const g: Guest = { vmid: 101, name: 'win2022', type: 'qemu', node: 'um560', status, cpu: 0, maxcpu: 2, mem: 0, maxmem: 1, disk: 0, maxdisk: 1, uptime: 0, tags: [], template: false, hastate: null, lock: null };
  const t: TaskInfo[] = task
    ? [{ id: 't1', kind: 'guest', action: 'start', target: '101 (win2022)', targetRef: 'guest:home/101', state: 'running', startedAt: '2026-11-27T12:00:00.000Z', endedAt: null, upid: null, progress: null, message: null, log: [], ...task }]
    : [];
  return { ...emptySnapshot(), version: 2, takenAt, tasks: t, proxmox: [{ name: 'home', endpoint: null, clusterName: null, quorate: true, nodes: [], guests: [g], storages: [], disks: [], tasks: [], backups: [], backupJobs: [] }] };
}

describe('optimistic guest actions', () => {
  const pending = { 'home/101': { action: 'start' as const, taskId: 't1', error: null } };

  it('keeps "starting…" while the task runs', () => {
    assert.equal(settlePending(pending, snap('stopped', { state: 'running' })), pending);
  });

  it('keeps "starting…" after the task ends until the guest shows as running', () => {
    assert.deepEqual(settlePending(pending, snap('stopped', { state: 'ok', endedAt: '2026-11-27T12:00:05.000Z' })), pending);
    assert.deepEqual(settlePending(pending, snap('running', { state: 'ok', endedAt: '2026-11-27T12:00:05.000Z' })), {});
  });

  it('turns a failed task into an error on the row', () => {
    const next = settlePending(pending, snap('stopped', { state: 'error', message: 'VM 101 is locked (backup)' }));
    assert.equal(next['home/101']?.error, 'VM 101 is locked (backup)');
  });

  it('gives up waiting for the new state a while after the task ended', () => {
    assert.deepEqual(settlePending(pending, snap('stopped', { state: 'ok', endedAt: '2026-11-27T12:00:05.000Z' }, '2026-11-27T12:01:00.000Z')), {});
  });
});

describe('lab store', () => {
  it('ignores a snapshot older than the one it shows', () => {
    const store = createLabStore();
    store.getState().setSnapshot({ ...snap('running', null), version: 5, takenAt: '2026-11-27T12:00:10.000Z' });
    store.getState().setSnapshot({ ...snap('stopped', null), version: 4, takenAt: '2026-11-27T12:00:09.000Z' });
    assert.equal(store.getState().snapshot.version, 5);
  });

  it('accepts a restarted core whose versions begin again', () => {
    const store = createLabStore();
    store.getState().setSnapshot({ ...snap('running', null), version: 50, takenAt: '2026-11-27T12:00:10.000Z' });
    store.getState().setSnapshot({ ...snap('stopped', null), version: 1, takenAt: '2026-11-27T12:05:00.000Z' });
    assert.equal(store.getState().snapshot.version, 1);
  });
});
