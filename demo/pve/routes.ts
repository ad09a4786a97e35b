/**
 * The API the simulator serves, one row per PVE path and method: the
 * parameters PVE's schema allows there, whether the node must be up, and the handler that answers.
 */
import { guestAction, wake, nodeCommand } from './actions';
import { vzdump } from './backup';
import { agentInterfaces, guestConfig, lxcInterfaces, snapshotList, takeSnapshot } from './guest-info';
import { guestRrd, nodeRrd } from './history';
import type { SimCall, SimRoute } from './model';
import { backupJobs, clusterStatus, diskList, guestCurrent, guestList, nodeStatus, resources, storageContent, taskList, taskLog, taskStatus } from './views';

// Parameters per guest type and action, as PVE's schema has them (a subset: what the simulator understands).
const actionParams: Record<'qemu' | 'lxc', Record<string, string[]>> = {
  qemu: { start: ['skiplock', 'timeout'], stop: ['skiplock', 'timeout'], shutdown: ['forceStop', 'timeout', 'skiplock'], reboot: ['timeout'], suspend: ['skiplock', 'todisk'], resume: ['skiplock'] },
  lxc: { start: ['skiplock'], stop: ['skiplock'], shutdown: ['forceStop', 'timeout'], reboot: ['timeout'], suspend: [], resume: [] },
};

const guestRoutes = (['qemu', 'lxc'] as const).flatMap((type): SimRoute[] =>
  (['start', 'stop', 'shutdown', 'reboot', 'suspend', 'resume'] as const).map((action) => ({
    method: 'POST' as const,
    path: `/nodes/{node}/${type}/{vmid}/status/${action}`,
    params: ['node', 'vmid', ...actionParams[type][action]],
    nodeMustBeOnline: true,
    handler: (c: SimCall) => guestAction(c, type, action),
  })),
);

/** Every API route the simulator serves; their names are checked against the PVE API schema in a test. */
export const simRoutes: SimRoute[] = [
  { method: 'POST', path: '/access/ticket', params: ['username', 'password', 'realm'], handler: (c) => c.sim.login(c.params.realm && !c.params.username.includes('@') ? `${c.params.username}@${c.params.realm}` : c.params.username, c.params.password) },
  { method: 'GET', path: '/version', params: [], handler: () => ({ version: '9.1.1', release: '9.1', repoid: '42db4a6cf33dac83' }) },
  { method: 'GET', path: '/access/permissions', params: ['path', 'userid'], handler: (c) => c.sim.permissions(c.user, c.params.path) },
  { method: 'GET', path: '/cluster/resources', params: ['type'], handler: (c) => resources(c.sim, c.user, c.params.type) },
  { method: 'GET', path: '/cluster/status', params: [], handler: (c) => clusterStatus(c.sim) },
  { method: 'GET', path: '/cluster/tasks', params: [], handler: (c) => taskList(c.sim, c.user) },
  { method: 'GET', path: '/cluster/backup', params: [], handler: (c) => backupJobs(c.sim) },
  { method: 'GET', path: '/nodes', params: [], handler: (c) => [...c.sim.nodes.values()].map((n) => ({ node: n.name, status: n.online ? 'online' : 'offline', type: 'node', id: `node/${n.name}` })) },
  { method: 'GET', path: '/nodes/{node}/status', params: ['node'], nodeMustBeOnline: true, handler: (c) => nodeStatus(c.sim, c.params.node) },
  { method: 'GET', path: '/nodes/{node}/disks/list', params: ['node', 'include-partitions', 'skipsmart', 'type'], nodeMustBeOnline: true, handler: (c) => diskList(c.sim, c.params.node) },
  { method: 'GET', path: '/nodes/{node}/storage/{storage}/content', params: ['node', 'storage', 'content', 'vmid'], nodeMustBeOnline: true, handler: (c) => storageContent(c.sim, c.params.node, c.params.storage, c.params.content, c.params.vmid) },
  { method: 'GET', path: '/nodes/{node}/tasks/{upid}/status', params: ['node', 'upid'], nodeMustBeOnline: true, handler: (c) => taskStatus(c.sim, c.params.node, c.params.upid, c.user) },
  { method: 'GET', path: '/nodes/{node}/tasks/{upid}/log', params: ['node', 'upid', 'start', 'limit'], nodeMustBeOnline: true, handler: (c) => taskLog(c.sim, c.params.node, c.params.upid, c.user, Number(c.params.start ?? 0), Number(c.params.limit ?? 50)) },
  // What a per-node/per-guest poller reads (LabTray itself reads /cluster/resources instead).
  ...(['qemu', 'lxc'] as const).flatMap((type): SimRoute[] => [
    { method: 'GET', path: `/nodes/{node}/${type}`, params: type === 'qemu' ? ['node', 'full'] : ['node'], nodeMustBeOnline: true, handler: (c) => guestList(c.sim, c.params.node, type, c.user, c.params.full === '1') },
    { method: 'GET', path: `/nodes/{node}/${type}/{vmid}/status/current`, params: ['node', 'vmid'], nodeMustBeOnline: true, handler: (c) => guestCurrent(c.sim, c.params.node, c.params.vmid, type) },
    // A guest's history, config and snapshots (what its detail panel reads, on demand).
    { method: 'GET', path: `/nodes/{node}/${type}/{vmid}/rrddata`, params: ['node', 'vmid', 'timeframe', 'cf'], nodeMustBeOnline: true, handler: (c) => guestRrd(c.sim, c.params.node, c.params.vmid, type, c.params.timeframe, c.params.cf) },
    { method: 'GET', path: `/nodes/{node}/${type}/{vmid}/config`, params: ['node', 'vmid', 'current', 'snapshot'], nodeMustBeOnline: true, handler: (c) => guestConfig(c.sim, c.params.node, c.params.vmid, type) },
    { method: 'GET', path: `/nodes/{node}/${type}/{vmid}/snapshot`, params: ['node', 'vmid'], nodeMustBeOnline: true, handler: (c) => snapshotList(c.sim, c.params.node, c.params.vmid, type) },
    { method: 'POST', path: `/nodes/{node}/${type}/{vmid}/snapshot`, params: type === 'qemu' ? ['node', 'vmid', 'snapname', 'description', 'vmstate'] : ['node', 'vmid', 'snapname', 'description'], nodeMustBeOnline: true, handler: (c) => takeSnapshot(c, type) },
  ]),
  { method: 'GET', path: '/nodes/{node}/rrddata', params: ['node', 'timeframe', 'cf'], nodeMustBeOnline: true, handler: (c) => nodeRrd(c.sim, c.params.node, c.params.timeframe, c.params.cf) },
  { method: 'GET', path: '/nodes/{node}/qemu/{vmid}/agent/network-get-interfaces', params: ['node', 'vmid'], nodeMustBeOnline: true, handler: (c) => agentInterfaces(c.sim, c.params.node, c.params.vmid) },
  { method: 'GET', path: '/nodes/{node}/lxc/{vmid}/interfaces', params: ['node', 'vmid'], nodeMustBeOnline: true, handler: (c) => lxcInterfaces(c.sim, c.params.node, c.params.vmid) },
  { method: 'POST', path: '/nodes/{node}/vzdump', params: ['node', 'vmid', 'all', 'storage', 'mode', 'compress', 'notes-template', 'protected', 'remove'], nodeMustBeOnline: true, handler: (c) => vzdump(c) },
  // The target node is asleep, so this one must not require it online.
  { method: 'POST', path: '/nodes/{node}/wakeonlan', params: ['node'], handler: (c) => wake(c.sim, c.params.node) },
  { method: 'POST', path: '/nodes/{node}/status', params: ['node', 'command'], nodeMustBeOnline: true, handler: (c) => nodeCommand(c.sim, c.params.node, c.params.command ?? '') },
  ...guestRoutes,
];
