/**
 * The read side of the API: how the simulated cluster's state turns into the
 * JSON PVE answers, field for field (resources, cluster and node status,
 * guest lists and status, disks, storage content, backup jobs, task list,
 * status and log). Nothing here changes state.
 */
import { GiB, guestOn, now, SimHttpError, type PveCluster, type SimGuest, type SimTask } from './model';

/** A guest's live usage, the same figures in every read (zero while stopped). */
export function usage(g: SimGuest, t: number): { cpu: number; mem: number; disk: number; uptime: number; netin: number; netout: number; diskread: number; diskwrite: number } {
  const running = g.status !== 'stopped';
  return {
    cpu: g.status === 'running' ? 0.01 + (g.vmid % 9) * 0.017 : 0,
    mem: running ? Math.round(g.memGiB * GiB * (0.35 + (g.vmid % 6) * 0.08)) : 0,
    disk: g.type === 'lxc' ? Math.round(g.diskGiB * GiB * 0.41) : 0,
    uptime: running && g.startedAt ? t - g.startedAt : 0,
    netin: running ? g.vmid * 1_234_567 : 0,
    netout: running ? g.vmid * 345_678 : 0,
    diskread: running ? g.vmid * 9_876_543 : 0,
    diskwrite: running ? g.vmid * 1_987_654 : 0,
  };
}

/**
 * One row of GET /nodes/{node}/qemu or /lxc, or the body of …/status/current
 * (`current` adds what only the per-guest read has: HA state, agent; a list
 * has the QMP status only when asked for in full).
 */
function guestEntry(g: SimGuest, t: number, current: boolean, full = false): Record<string, unknown> {
  const u = usage(g, t);
  const running = g.status !== 'stopped';
  // PVE's own status is only running or stopped; a paused VM says so in qmpstatus (a frozen CT stays running).
  const e: Record<string, unknown> = {
    vmid: g.vmid,
    name: g.name,
    status: running ? 'running' : 'stopped',
    cpus: g.cpus,
    cpu: u.cpu,
    maxmem: Math.round(g.memGiB * GiB),
    mem: u.mem,
    maxdisk: g.diskGiB * GiB,
    disk: u.disk,
    diskread: u.diskread,
    diskwrite: u.diskwrite,
    netin: u.netin,
    netout: u.netout,
    uptime: u.uptime,
  };
  if (running && g.type === 'qemu') e.pid = 4000 + g.vmid * 7;
  if (g.type === 'lxc') e.maxswap = 512 * 1024 ** 2;
  if (g.tags.length) e.tags = g.tags.join(';');
  if (g.lock) e.lock = g.lock;
  if (g.template) e.template = 1;
  if (g.type === 'qemu' && (current || (full && running))) e.qmpstatus = g.status;
  if (current) {
    e.ha = g.ha ? { managed: 1, state: running ? 'started' : 'stopped', group: null } : { managed: 0 };
    if (g.type === 'qemu') {
      e.agent = 1;
      if (running) Object.assign(e, { 'running-machine': 'pc-i440fx-10.0+pve0', 'running-qemu': '10.0.2', balloon: e.maxmem, freemem: Math.round(g.memGiB * GiB) - u.mem });
    }
  }
  return e;
}

/** GET /nodes/{node}/qemu or /lxc: the guests of that type on the node the caller may see. */
export function guestList(sim: PveCluster, node: string, type: 'qemu' | 'lxc', user: string, full = false): unknown[] {
  const t = now();
  return [...sim.guests.values()].filter((g) => g.node === node && g.type === type && sim.can(user, 'VM.Audit', `/vms/${g.vmid}`)).map((g) => guestEntry(g, t, false, full));
}

/** GET /nodes/{node}/{qemu,lxc}/{vmid}/status/current. */
export function guestCurrent(sim: PveCluster, node: string, vmid: string, type: 'qemu' | 'lxc'): unknown {
  return guestEntry(guestOn(sim, node, vmid, type), now(), true);
}

/** Memory a guest must be able to get to start: all of its RAM (QEMU backs it as the guest touches it). */
export function guestStartMemory(g: Pick<SimGuest, 'memGiB'>): number {
  return g.memGiB * GiB;
}

/**
 * A node's memory as PVE reports it: the host's own share plus what its
 * running guests use now (the same figures their own rows show), of what the
 * kernel can use.
 */
export function nodeMemory(sim: PveCluster, node: string): { used: number; total: number } {
  const n = sim.nodes.get(node);
  if (!n) throw new SimHttpError(500, `no such node '${node}'`);
  const t = now();
  const guests = [...sim.guests.values()].filter((g) => g.node === node && g.status !== 'stopped').reduce((s, g) => s + usage(g, t).mem, 0);
  return { used: Math.round(2.1 * GiB + guests), total: Math.round(n.memGiB * GiB - 0.6 * GiB) };
}

/** A node's CPU load now, the same figure in every read. */
export function nodeCpu(n: { threads: number }): number {
  return 0.04 + (n.threads % 5) * 0.013;
}

/** GET /cluster/resources: nodes, guests and storages in one list, optionally of one type. */
export function resources(sim: PveCluster, user: string, type?: string): unknown[] {
  const out: unknown[] = [];
  const t = now();
  if (!type || type === 'node') {
    for (const n of sim.nodes.values()) {
      const base = { id: `node/${n.name}`, type: 'node', node: n.name, level: '', 'cgroup-mode': 2, status: n.online ? 'online' : 'offline' };
      // Every node is listed; its figures only for a caller with Sys.Audit on it.
      if (!n.online || !sim.can(user, 'Sys.Audit', `/nodes/${n.name}`)) out.push(base);
      else {
        const m = nodeMemory(sim, n.name);
        out.push({ ...base, cpu: nodeCpu(n), maxcpu: n.threads, mem: m.used, maxmem: m.total, disk: Math.round(9.8 * GiB), maxdisk: Math.round(n.rootfsGiB * GiB), uptime: t - n.bootedAt });
      }
    }
  }
  if (!type || type === 'vm') {
    for (const g of sim.guests.values()) {
      if (!sim.can(user, 'VM.Audit', `/vms/${g.vmid}`)) continue;
      const node = sim.nodes.get(g.node)!;
      const running = g.status !== 'stopped';
      const entry: Record<string, unknown> = {
        id: `${g.type}/${g.vmid}`,
        type: g.type,
        vmid: g.vmid,
        name: g.name,
        node: g.node,
        status: node.online ? g.status : 'unknown',
        template: g.template ? 1 : 0,
        maxcpu: g.cpus,
        maxmem: Math.round(g.memGiB * GiB),
        maxdisk: g.diskGiB * GiB,
        ...usage(g, t),
      };
      if (g.tags.length) entry.tags = g.tags.join(';');
      if (g.lock) entry.lock = g.lock;
      if (g.ha) entry.hastate = running ? 'started' : 'stopped';
      if (!node.online) for (const k of ['cpu', 'mem', 'uptime', 'netin', 'netout', 'diskread', 'diskwrite']) delete entry[k];
      out.push(entry);
    }
  }
  if (!type || type === 'storage') {
    for (const s of sim.storages) {
      if (!sim.can(user, 'Datastore.Audit', `/storage/${s.storage}`) && !sim.can(user, 'Datastore.AllocateSpace', `/storage/${s.storage}`)) continue;
      const online = sim.nodes.get(s.node)?.online && s.online;
      out.push({ id: `storage/${s.node}/${s.storage}`, type: 'storage', storage: s.storage, node: s.node, plugintype: s.plugintype, content: s.content, shared: s.shared ? 1 : 0, status: online ? 'available' : 'unknown', ...(online ? { disk: Math.round(s.usedBytes), maxdisk: Math.round(s.totalBytes) } : {}) });
    }
  }
  return out;
}

/** GET /cluster/status: the cluster (quorate while more than half the nodes are online) and its nodes. */
export function clusterStatus(sim: PveCluster): unknown[] {
  const nodes = [...sim.nodes.values()];
  const online = nodes.filter((n) => n.online).length;
  return [
    { type: 'cluster', id: 'cluster', name: sim.clusterName, version: 3, nodes: nodes.length, quorate: online * 2 > nodes.length ? 1 : 0 },
    ...nodes.map((n, i) => ({ type: 'node', id: `node/${n.name}`, name: n.name, nodeid: i + 1, ip: n.ip, local: i === 0 ? 1 : 0, online: n.online ? 1 : 0, level: '' })),
  ];
}

/** GET /nodes/{node}/status. */
export function nodeStatus(sim: PveCluster, name: string): unknown {
  const n = sim.nodes.get(name)!;
  const used = (resources(sim, 'node').find((x) => (x as { node: string }).node === name) as { mem?: number }).mem ?? 0;
  const load = (0.3 + (n.threads % 7) * 0.21).toFixed(2);
  return {
    uptime: now() - n.bootedAt,
    pveversion: 'pve-manager/9.1.1/42db4a6cf33dac83',
    kversion: 'Linux 6.17.2-1-pve #1 SMP PREEMPT_DYNAMIC PMX 6.17.2-1 (2025-10-21T11:55Z)',
    'current-kernel': { sysname: 'Linux', release: '6.17.2-1-pve', version: '#1 SMP PREEMPT_DYNAMIC PMX 6.17.2-1 (2025-10-21T11:55Z)', machine: 'x86_64' },
    cpu: 0.05,
    wait: 0.001,
    loadavg: [load, (Number(load) * 0.9).toFixed(2), (Number(load) * 0.8).toFixed(2)],
    cpuinfo: { model: n.cpuModel, sockets: 1, cores: n.threads / 2, cpus: n.threads, mhz: '4183.000', hvm: '1', user_hz: 100, flags: 'fpu vme de pse tsc msr pae mce cx8 apic sep mtrr svm' },
    memory: { total: n.memGiB * GiB, used, free: n.memGiB * GiB - used, available: n.memGiB * GiB - used },
    swap: { total: 8 * GiB, used: 112 * 1024 ** 2, free: 8 * GiB - 112 * 1024 ** 2 },
    rootfs: { total: Math.round(n.rootfsGiB * GiB), used: Math.round(9.8 * GiB), avail: Math.round((n.rootfsGiB - 9.8) * GiB), free: Math.round((n.rootfsGiB - 9.8) * GiB) },
    ksm: { shared: 0 },
    'boot-info': { mode: 'efi', secureboot: 0 },
  };
}

/** GET /nodes/{node}/disks/list: the node's disks with their SMART health and wearout. */
export function diskList(sim: PveCluster, node: string): unknown[] {
  return sim.disks
    .filter((d) => d.node === node)
    .map((d) => ({
      devpath: d.devpath,
      model: d.model,
      serial: d.serial,
      vendor: d.type === 'nvme' ? 'unknown' : 'ATA',
      type: d.type,
      size: d.sizeBytes,
      health: d.health,
      // PVE sends SATA wearout as a string and NVMe as a number; HDDs say N/A.
      wearout: d.wearout === 'N/A' ? 'N/A' : d.type === 'nvme' ? d.wearout : String(d.wearout),
      rpm: d.type === 'hdd' ? 5400 : 0,
      gpt: 1,
      used: d.type === 'hdd' ? 'LVM' : 'BIOS boot',
      wwn: 'unknown',
      osdid: -1,
      'osdid-list': null,
      by_id_link: `/dev/disk/by-id/${d.type === 'nvme' ? 'nvme' : 'ata'}-${d.model.replace(/\s+/g, '_')}_${d.serial}`,
    }));
}

/** GET /nodes/{node}/storage/{storage}/content: only backups are modelled, so other content is empty. */
export function storageContent(sim: PveCluster, node: string, storage: string, content?: string, vmid?: string): unknown[] {
  const s = sim.storages.find((x) => x.storage === storage && (x.node === node || x.shared));
  if (!s) throw new SimHttpError(500, `storage '${storage}' does not exist`);
  if (!s.online) throw new SimHttpError(500, `storage '${storage}' is not online`);
  if (content && content !== 'backup') return [];
  return sim.backups
    .filter((b) => b.storage === storage && (s.shared || b.node === node) && (!vmid || String(b.vmid) === vmid))
    .map((b) => ({ volid: b.volid, content: 'backup', ctime: b.ctime, format: b.format, size: b.size, subtype: b.subtype, vmid: b.vmid, notes: b.notes || undefined, protected: b.protected ? 1 : undefined }));
}

/** GET /cluster/backup: the scheduled jobs with their next run (schedules are UTC times of day). */
export function backupJobs(sim: PveCluster): unknown[] {
  return sim.jobs.map((j) => {
    const [hh, mm] = j.schedule.split(':').map(Number);
    const d = new Date();
    d.setUTCHours(hh, mm, 0, 0);
    if (d.getTime() <= Date.now()) d.setUTCDate(d.getUTCDate() + 1);
    return { ...j, 'next-run': Math.floor(d.getTime() / 1000) };
  });
}

/** GET /cluster/tasks: the newest 50, newest first. */
export function taskList(sim: PveCluster, user: string): unknown[] {
  // Everyone's tasks with Sys.Audit on `/`, else the caller's own.
  const all = sim.can(user, 'Sys.Audit', '/');
  // Newest first by start time, as PVE's task index lists them (the demo's history is recorded out of order).
  return [...sim.tasks]
    .filter((t) => all || t.user === user)
    .reverse()
    .sort((a, b) => b.starttime - a.starttime)
    .slice(0, 50)
    .map((t) => ({ upid: t.upid, node: t.node, pid: t.pid, pstart: t.pstart, starttime: t.starttime, type: t.type, id: t.id, user: t.user, ...(t.endtime !== null ? { endtime: t.endtime, status: t.exitstatus } : {}), saved: t.endtime !== null ? '1' : '0' }));
}

/** A task the caller may read: its own, or any with Sys.Audit on the node. */
function ownTask(sim: PveCluster, node: string, upid: string, user: string): SimTask {
  const t = sim.task(upid);
  if (!t || t.node !== node) throw new SimHttpError(500, `no such task`);
  if (t.user !== user) sim.checkPerm(user, 'Sys.Audit', `/nodes/${node}`);
  return t;
}

/** GET /nodes/{node}/tasks/{upid}/status. */
export function taskStatus(sim: PveCluster, node: string, upid: string, user: string): unknown {
  const t = ownTask(sim, node, upid, user);
  return { upid: t.upid, node: t.node, pid: t.pid, pstart: t.pstart, starttime: t.starttime, type: t.type, id: t.id, user: t.user, status: t.endtime === null ? 'running' : 'stopped', ...(t.endtime !== null ? { exitstatus: t.exitstatus } : {}) };
}

/** GET /nodes/{node}/tasks/{upid}/log: `limit` lines from line `start` (0-based), numbered from 1. */
export function taskLog(sim: PveCluster, node: string, upid: string, user: string, start: number, limit: number): unknown[] {
  const t = ownTask(sim, node, upid, user);
  if (t.log.length === 0) return [{ n: 1, t: 'no content' }];
  return t.log.slice(start, start + limit).map((line, i) => ({ n: start + i + 1, t: line }));
}
