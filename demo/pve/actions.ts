/**
 * What changes a guest or a node: the power actions (start, stop, shutdown,
 * reboot, suspend, resume) as tasks that take time and respect locks, and
 * wake-on-LAN of a sleeping node.
 */
import { GiB, guestOn, now, SimHttpError, type PveCluster, type SimCall, type SimGuest, type SimTask } from './model';
import { guestStartMemory, nodeMemory } from './views';

/**
 * Like QEMU (or lxc-start) on a node without enough free memory: the start
 * fails and the guest stays stopped, so a node's memory never goes past 100 %.
 */
function refuseWithoutMemory(sim: PveCluster, g: SimGuest, t: SimTask): void {
  const m = nodeMemory(sim, g.node);
  if (m.used + guestStartMemory(g) <= m.total) return;
  const free = ((m.total - m.used) / GiB).toFixed(1);
  if (g.type === 'qemu') {
    t.log.push(`kvm: cannot set up guest memory 'pc.ram': Cannot allocate memory (${g.memGiB} GiB asked, ${free} GiB free on ${g.node})`);
    throw new Error('start failed: QEMU exited with code 1');
  }
  t.log.push(`lxc-start: ${g.vmid}: cannot allocate memory (${g.memGiB} GiB asked, ${free} GiB free on ${g.node})`);
  throw new Error(`startup for container '${g.vmid}' failed`);
}

/** POST /nodes/{node}/{qemu,lxc}/{vmid}/status/{action}: checks like PVE, then a task that changes the guest when it ends. */
export function guestAction(c: SimCall, type: 'qemu' | 'lxc', action: string): string {
  const sim = c.sim;
  const g = guestOn(sim, c.params.node, c.params.vmid, type);
  const kind = type === 'qemu' ? 'VM' : 'CT';
  if (g.lock && c.params.skiplock !== '1') throw new SimHttpError(500, `${kind} is locked (${g.lock})`);
  if (g.template && action === 'start') throw new SimHttpError(500, `${kind} ${g.vmid} is a template`);
  const prefix = type === 'qemu' ? 'qm' : 'vz';
  const dur = { start: 1500, stop: 800, shutdown: 2500, reboot: 3500, suspend: 700, resume: 500 }[action] ?? 1000;
  // Like PVE: reboot and suspend need a running guest; shutdown and stop of a stopped guest just succeed.
  if ((action === 'reboot' || action === 'suspend') && g.status === 'stopped') throw new SimHttpError(500, `${kind} ${g.vmid} not running`);
  if (action === 'resume' && g.status !== 'paused') throw new SimHttpError(500, `${kind} ${g.vmid} not paused`);
  return sim.runTask(c.params.node, `${prefix}${action}`, String(g.vmid), c.user, async (t) => {
    switch (action) {
      case 'start':
        if (g.status !== 'stopped') throw new Error(`${kind} ${g.vmid} already running`);
        if (type === 'qemu') t.log.push(`generating cloud-init ISO`);
        await sim.wait(dur);
        // Checked in the same turn as the guest turns running: two starts at once cannot both take the last free memory.
        refuseWithoutMemory(sim, g, t);
        g.status = 'running';
        g.startedAt = now();
        break;
      case 'stop':
        await sim.wait(dur);
        g.status = 'stopped';
        g.startedAt = null;
        break;
      case 'shutdown': {
        if (g.status === 'stopped') break;
        const timeoutS = c.params.timeout !== undefined ? Number(c.params.timeout) : type === 'qemu' ? 180 : 60;
        if (g.ignoresShutdown) {
          await sim.wait(timeoutS * 1000);
          if (c.params.forceStop !== '1') throw new Error(type === 'qemu' ? 'VM quit/powerdown failed - got timeout' : 'shutdown failed: container did not stop in time');
          t.log.push(type === 'qemu' ? `VM still running - terminating now with SIGTERM` : 'forcing stop of container');
        } else await sim.wait(Math.min(dur, timeoutS * 1000));
        g.status = 'stopped';
        g.startedAt = null;
        break;
      }
      case 'reboot':
        await sim.wait(dur);
        g.status = 'running';
        g.startedAt = now();
        break;
      case 'suspend':
        await sim.wait(dur);
        g.status = 'paused';
        break;
      case 'resume':
        await sim.wait(dur);
        g.status = 'running';
        break;
    }
  });
}

/**
 * POST /nodes/{node}/status command=shutdown|reboot: like PVE, answered at once (no task); the node stops its
 * running guests and goes offline a moment later. Guests that ran come back when the node boots again (onboot).
 */
export function nodeCommand(sim: PveCluster, name: string, command: string): null {
  const n = sim.nodes.get(name);
  if (!n) throw new SimHttpError(500, `no such node '${name}'`);
  if (command !== 'shutdown' && command !== 'reboot') throw new SimHttpError(400, `parameter verification failed`, { command: `value '${command}' does not have a value in the enumeration 'reboot, shutdown'` });
  const running = [...sim.guests.values()].filter((g) => g.node === name && g.status === 'running');
  void sim.wait(2000).then(() => {
    for (const g of running) {
      g.status = 'stopped';
      g.startedAt = null;
    }
    sim.setNodeOnline(name, false, running.map((g) => g.vmid));
    if (command === 'reboot') void sim.wait(4000).then(() => sim.setNodeOnline(name, true));
  });
  return null;
}

/** POST /nodes/{node}/wakeonlan: the target node boots a moment later. */
export function wake(sim: PveCluster, target: string): string {
  const n = sim.nodes.get(target);
  if (!n) throw new SimHttpError(500, `no such node '${target}'`);
  sim.wakes.push(target);
  if (!n.online) void sim.wait(3000).then(() => sim.setNodeOnline(target, true));
  return n.mac;
}
