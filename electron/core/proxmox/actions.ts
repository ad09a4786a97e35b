import { LabError, type LabInput, type TaskRef } from '../../../shared/api';
import type { BackupConfig } from '../../../shared/config';
import type { Guest, GuestAction } from '../../../shared/proxmox';
import type { Clock } from '../clock';
import type { TaskRunner, TaskSpec } from '../tasks';
import type { PveClient, PveParams } from './client';
import { followTask } from './follow';
import type { ProxmoxSource } from './source';
import { parseVzdumpLog, vzdumpSummary } from './vzdump-log';

/** What actions need of one configured cluster. */
export interface ClusterHandle {
  name: string;
  source: ProxmoxSource;
  client(): Promise<PveClient>;
}

export interface ActionDeps {
  clock: Clock;
  tasks: TaskRunner;
  /** Poll the cluster now (after an action, so the new state shows at once). */
  refresh(sourceId: string): void;
  /** Between task status reads. */
  taskPollMs?: number;
}

export function findGuest(cluster: ClusterHandle, vmid: number): Guest {
  const data = cluster.source.current();
  if (!data) throw new LabError('not-ready', `${cluster.name}: the cluster has not been read yet; try again in a moment`);
  const g = data.guests.find((x) => x.vmid === vmid);
  if (!g) throw new LabError('not-found', `${cluster.name}: no guest with vmid ${vmid}`);
  return g;
}

/** Starts one task per guest; a guest that already has one is refused, the others still start. */
function startEach(vmids: readonly number[], start: (vmid: number) => TaskRef): TaskRef[] {
  const refs: TaskRef[] = [];
  let first: unknown = null;
  for (const vmid of vmids) {
    try {
      refs.push(start(vmid));
    } catch (err) {
      first ??= err;
    }
  }
  if (refs.length === 0 && first) throw first;
  return refs;
}

export const lockWords: Record<string, string> = {
  backup: 'a backup is running',
  migrate: 'it is being migrated',
  snapshot: 'a snapshot is being taken',
  'snapshot-delete': 'a snapshot is being deleted',
  clone: 'it is being cloned',
  rollback: 'a snapshot is being rolled back',
  suspending: 'it is being suspended',
  create: 'it is being created',
};

/** start/shutdown/stop/reboot/suspend/resume, each a task followed to its end. */
export function guestAction(cluster: ClusterHandle, deps: ActionDeps, input: LabInput<'guestAction'>): TaskRef[] {
  const action: GuestAction = input.action;
  const guests = input.vmids.map((v) => findGuest(cluster, v));
  return startEach(
    guests.map((g) => g.vmid),
    (vmid) => {
      const g = guests.find((x) => x.vmid === vmid)!;
      const spec: TaskSpec = {
        kind: 'guest',
        action,
        target: `${g.vmid} (${g.name}) on ${g.node}`,
        targetRef: `guest:${cluster.name}/${g.vmid}`,
        refreshSource: cluster.source.id,
        lockKey: `guest:${cluster.name}/${g.vmid}`,
      };
      return deps.tasks.start(spec, async (task) => {
        if (g.lock) throw new LabError('locked', `${g.vmid} (${g.name}) is locked (${g.lock}): ${lockWords[g.lock] ?? 'another operation holds it'}; try again when it ends`);
        const client = await cluster.client();
        const params: PveParams = {};
        if (action === 'shutdown') {
          if (input.timeout !== undefined) params.timeout = input.timeout;
          if (input.forceStop !== undefined) params.forceStop = input.forceStop;
        }
        const upid = await client.request('POST', `/nodes/${encodeURIComponent(g.node)}/${g.type}/${g.vmid}/status/${action}`, params, task.signal);
        if (typeof upid !== 'string') throw new Error(`${action} of ${g.vmid}: PVE answered without a task id`);
        task.update({ upid });
        cluster.source.invalidateGuests();
        deps.refresh(cluster.source.id);
        const end = await followTask(client, upid, {
          clock: deps.clock,
          signal: task.signal,
          pollMs: deps.taskPollMs,
          onLog: (lines) => task.appendLog(lines),
        }).finally(() => cluster.source.invalidateTasks());
        if (!end.ok) {
          if (action === 'shutdown' && /timeout|timed out|got timeout/i.test(end.exitstatus)) {
            throw new Error(`shutdown of ${g.vmid} (${g.name}) timed out: ${end.exitstatus} — the guest did not react (no guest agent or ACPI?); use Stop to force it off`);
          }
          throw new Error(`${action} of ${g.vmid} (${g.name}) failed: ${end.exitstatus}`);
        }
        return end.exitstatus;
      });
    },
  );
}

/** The guests a backup request names: explicit vmids, or a saved set (by tag or vmids). */
export function backupTargets(cluster: ClusterHandle, input: LabInput<'startBackup'>, cfg: BackupConfig | undefined): { guests: Guest[]; storage: string | undefined; mode: string | undefined } {
  let vmids = input.vmids ?? [];
  let storage = input.storage ?? cfg?.storage;
  let mode = input.mode ?? cfg?.mode;
  if (input.set) {
    const set = cfg?.sets?.find((s) => s.name === input.set);
    if (!set) throw new LabError('not-found', `no backup set "${input.set}" in the config (backup.sets)`);
    const data = cluster.source.current();
    if (!data) throw new LabError('not-ready', `${cluster.name}: the cluster has not been read yet; try again in a moment`);
    const byTag = set.tag ? data.guests.filter((g) => g.tags.includes(set.tag!) && !g.template).map((g) => g.vmid) : [];
    vmids = [...new Set([...vmids, ...byTag, ...(set.vmids ?? [])])];
    storage = input.storage ?? set.storage ?? storage;
    mode = input.mode ?? set.mode ?? mode;
    if (vmids.length === 0) throw new LabError('not-found', `backup set "${set.name}" matches no guest`);
  }
  return { guests: vmids.map((v) => findGuest(cluster, v)), storage, mode };
}

/** vzdump on each guest's node, progress read from the task log; one backup per guest at a time. */
export function startBackup(cluster: ClusterHandle, deps: ActionDeps, input: LabInput<'startBackup'>, cfg: BackupConfig | undefined): TaskRef[] {
  const { guests, storage, mode } = backupTargets(cluster, input, cfg);
  if (storage) {
    const st = cluster.source.current()?.storages.filter((s) => s.storage === storage) ?? [];
    if (st.length > 0 && st.every((s) => s.status !== 'available')) throw new LabError('storage', `backup storage "${storage}" is offline (${st.map((s) => `${s.node}: ${s.status}`).join(', ')})`);
  }
  return startEach(
    guests.map((g) => g.vmid),
    (vmid) => {
      const g = guests.find((x) => x.vmid === vmid)!;
      return deps.tasks.start(
        {
          kind: 'backup',
          action: 'vzdump',
          target: `${g.vmid} (${g.name}) on ${g.node}`,
          targetRef: `guest:${cluster.name}/${g.vmid}`,
          refreshSource: cluster.source.id,
          lockKey: `backup:${cluster.name}/${g.vmid}`,
        },
        async (task) => {
          if (g.lock) throw new LabError('locked', `${g.vmid} (${g.name}) is locked (${g.lock}): ${lockWords[g.lock] ?? 'another operation holds it'}; a backup cannot start now`);
          const client = await cluster.client();
          const params: PveParams = {
            vmid: String(g.vmid),
            storage,
            mode: mode ?? 'snapshot',
            compress: cfg?.compress ?? 'zstd',
            'notes-template': cfg?.notesTemplate ?? '{{guestname}}',
            protected: cfg?.protected,
          };
          const upid = await client.api(task.signal).nodes.$(g.node).vzdump.$post(params);
          if (typeof upid !== 'string') throw new Error(`backup of ${g.vmid}: PVE answered without a task id`);
          task.update({ upid, progress: 0 });
          cluster.source.invalidateGuests();
          deps.refresh(cluster.source.id);
          const end = await followTask(client, upid, {
            clock: deps.clock,
            signal: task.signal,
            pollMs: deps.taskPollMs,
            onLog: (lines, all) => {
              const p = parseVzdumpLog(all, [g.vmid]);
              task.appendLog(lines);
              if (p.fraction !== null) task.update({ progress: Math.min(0.99, p.fraction) });
            },
          }).finally(() => cluster.source.invalidateTasks());
          cluster.source.invalidateBackups();
          const p = parseVzdumpLog(end.log, [g.vmid]);
          if (!end.ok) {
            const why = p.guests.find((x) => x.error)?.error ?? end.exitstatus;
            throw new Error(`backup of ${g.vmid} (${g.name}) failed: ${why}`);
          }
          return `${end.exitstatus}: ${vzdumpSummary(p)}`;
        },
      );
    },
  );
}
