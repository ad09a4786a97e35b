import { LabError, type LabInput, type TaskRef } from '../../../shared/api';
import type { ActionDeps, ClusterHandle } from './actions';
import { sleep } from './follow';

/** How long a node may take to go down, or to come back after a reboot, before the task says so. */
export const NODE_POWER_LIMIT_MS = 5 * 60_000;
const WATCH_MS = 2_000;

/**
 * Shuts a node down or reboots it (POST /nodes/{node}/status, Sys.PowerMgmt):
 * PVE answers at once and stops the node's guests itself; the task then
 * watches the cluster until the node is offline (shutdown) or back (reboot).
 * Waking it again is Wake: PVE asks another node to send the magic packet.
 */
export function nodePower(cluster: ClusterHandle, deps: ActionDeps, input: LabInput<'nodePower'>): TaskRef {
  const data = cluster.source.current();
  if (!data) throw new LabError('not-ready', `${cluster.name}: the cluster has not been read yet; try again in a moment`);
  const node = data.nodes.find((n) => n.name === input.node);
  if (!node) throw new LabError('not-found', `${cluster.name}: no node named "${input.node}"`);
  if (node.status !== 'online') throw new LabError('conflict', `${input.node} is ${node.status}: there is nothing to ${input.action === 'shutdown' ? 'shut down' : 'reboot'}`);
  const online = (): boolean | null => {
    const n = cluster.source.current()?.nodes.find((x) => x.name === input.node);
    return n ? n.status === 'online' : null;
  };
  return deps.tasks.start(
    { kind: 'node', action: input.action, target: `node ${input.node}`, targetRef: `node:${cluster.name}/${input.node}`, refreshSource: cluster.source.id, lockKey: `node:${cluster.name}/${input.node}` },
    async (task) => {
      const client = await cluster.client();
      await client.request('POST', `/nodes/${encodeURIComponent(input.node)}/status`, { command: input.action }, task.signal);
      task.appendLog([`${input.node}: Proxmox VE accepted the ${input.action}; its guests are stopped by the node itself`]);
      const started = deps.clock.now();
      let wentDown = false;
      for (;;) {
        await sleep(deps.clock, WATCH_MS, task.signal);
        deps.refresh(cluster.source.id);
        const up = online();
        if (up === false) wentDown = true;
        if (input.action === 'shutdown' && wentDown) return `${input.node} is off after ${Math.round((deps.clock.now() - started) / 1000)} s; Wake brings it back`;
        if (input.action === 'reboot' && wentDown && up === true) return `${input.node} is back after ${Math.round((deps.clock.now() - started) / 1000)} s`;
        const waited = deps.clock.now() - started;
        task.update({ progress: Math.min(0.95, waited / NODE_POWER_LIMIT_MS) });
        if (waited >= NODE_POWER_LIMIT_MS) {
          throw new Error(input.action === 'shutdown' ? `${input.node} still answers ${NODE_POWER_LIMIT_MS / 60_000} min after the shutdown was accepted` : `${input.node} did not come back within ${NODE_POWER_LIMIT_MS / 60_000} min of the reboot`);
        }
      }
    },
  );
}
