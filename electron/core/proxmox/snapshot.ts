import { LabError, type LabArgs, type TaskRef } from '../../../shared/api';
import type { PveParams } from './client';
import { followTask } from './follow';
import { findGuest, lockWords, type ActionDeps, type ClusterHandle } from './actions';

/**
 * Takes a snapshot of a guest (POST /nodes/{node}/{qemu|lxc}/{vmid}/snapshot, VM.Snapshot): a PVE task followed
 * to its end like a power action. Whether to ask first (a guarded guest) is the caller's: the window, the CLI.
 * PVE itself refuses a name already used and a locked guest inside the task; both come back as the task's error.
 */
export function snapshotGuest(cluster: ClusterHandle, deps: ActionDeps, input: LabArgs<'snapshotGuest'>): TaskRef {
  const g = findGuest(cluster, input.vmid);
  if (input.vmstate && g.type === 'lxc') throw new LabError('invalid-input', `vmstate: ${g.vmid} (${g.name}) is a container; only a VM's memory can be saved with a snapshot`);
  return deps.tasks.start(
    {
      kind: 'guest',
      action: 'snapshot',
      target: `${g.vmid} (${g.name}) on ${g.node}`,
      targetRef: `guest:${cluster.name}/${g.vmid}`,
      refreshSource: cluster.source.id,
      lockKey: `guest:${cluster.name}/${g.vmid}`,
    },
    async (task) => {
      if (g.lock) throw new LabError('locked', `${g.vmid} (${g.name}) is locked (${g.lock}): ${lockWords[g.lock] ?? 'another operation holds it'}; try again when it ends`);
      const client = await cluster.client();
      const params: PveParams = { snapname: input.name };
      if (input.description) params.description = input.description;
      if (g.type === 'qemu' && input.vmstate !== undefined) params.vmstate = input.vmstate;
      const upid = await client.request('POST', `/nodes/${encodeURIComponent(g.node)}/${g.type}/${g.vmid}/snapshot`, params, task.signal);
      if (typeof upid !== 'string') throw new Error(`snapshot of ${g.vmid}: PVE answered without a task id`);
      task.update({ upid, progress: 0 });
      cluster.source.invalidateGuests();
      deps.refresh(cluster.source.id);
      const end = await followTask(client, upid, { clock: deps.clock, signal: task.signal, pollMs: deps.taskPollMs, onLog: (lines) => task.appendLog(lines) }).finally(() => cluster.source.invalidateTasks());
      if (!end.ok) throw new Error(`snapshot "${input.name}" of ${g.vmid} (${g.name}) failed: ${end.exitstatus}`);
      return `${end.exitstatus}: snapshot "${input.name}" of ${g.vmid} (${g.name})`;
    },
  );
}
