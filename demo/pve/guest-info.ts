/**
 * What PVE tells about one guest beyond its status: its config, snapshots,
 * and the addresses inside it (the QEMU guest agent's network-get-interfaces
 * for VMs, the container's interfaces for CTs), with PVE's errors when the
 * guest or its agent is not running.
 */
import { GiB, guestOn, now, SimHttpError, type PveCluster, type SimCall, type SimGuest } from './model';

/** A guest's NIC MAC, in Proxmox's own OUI (BC:24:11), fixed by its VMID. */
export function guestMac(vmid: number): string {
  const b = [(vmid >> 16) & 255, (vmid >> 8) & 255, vmid & 255].map((x) => x.toString(16).padStart(2, '0').toUpperCase());
  return `BC:24:11:${b.join(':')}`;
}

/** Its LAN address: the one the lab gives it, else one derived from the VMID (scale tests add guests). */
export function guestLanIp(g: SimGuest): string {
  return g.lanIp ?? `10.${(g.vmid >> 16) & 255}.${(g.vmid >> 8) & 255}.${g.vmid & 255}`;
}

interface Addr {
  'ip-address': string;
  'ip-address-type': 'ipv4' | 'ipv6';
  prefix: number;
}

function linkLocal(vmid: number): string {
  return `fe80::be24:11ff:fe${((vmid >> 8) & 255).toString(16).padStart(2, '0')}:${(vmid & 255).toString(16).padStart(2, '0')}`;
}

function interfaces(g: SimGuest, nic: string): { name: string; mac: string; addrs: Addr[] }[] {
  const out = [
    { name: 'lo', mac: '00:00:00:00:00:00', addrs: [{ 'ip-address': '127.0.0.1', 'ip-address-type': 'ipv4', prefix: 8 }, { 'ip-address': '::1', 'ip-address-type': 'ipv6', prefix: 128 }] as Addr[] },
    { name: nic, mac: guestMac(g.vmid).toLowerCase(), addrs: [{ 'ip-address': guestLanIp(g), 'ip-address-type': 'ipv4', prefix: 24 }, { 'ip-address': linkLocal(g.vmid), 'ip-address-type': 'ipv6', prefix: 64 }] as Addr[] },
  ];
  if (g.tailnetIp) out.push({ name: 'tailscale0', mac: '', addrs: [{ 'ip-address': g.tailnetIp, 'ip-address-type': 'ipv4', prefix: 32 }, { 'ip-address': `fd7a:115c:a1e0::${g.vmid.toString(16)}`, 'ip-address-type': 'ipv6', prefix: 128 }] });
  return out;
}

/** GET /nodes/{node}/qemu/{vmid}/agent/network-get-interfaces: `{ result: [...] }` as the agent answers. */
export function agentInterfaces(sim: PveCluster, node: string, vmid: string): unknown {
  const g = guestOn(sim, node, vmid, 'qemu');
  if (g.status === 'stopped') throw new SimHttpError(500, `VM ${g.vmid} is not running`);
  if (g.noAgent || g.status === 'paused') throw new SimHttpError(500, 'QEMU guest agent is not running');
  return {
    result: interfaces(g, 'ens18').map((i) => ({
      name: i.name,
      ...(i.mac ? { 'hardware-address': i.mac } : {}),
      'ip-addresses': i.addrs,
      statistics: { 'rx-bytes': g.vmid * 1_234_567, 'tx-bytes': g.vmid * 345_678, 'rx-packets': g.vmid * 1021, 'tx-packets': g.vmid * 377, 'rx-errs': 0, 'tx-errs': 0, 'rx-dropped': 0, 'tx-dropped': 0 },
    })),
  };
}

/** GET /nodes/{node}/lxc/{vmid}/interfaces: the container's interfaces (both the old inet fields and ip-addresses). */
export function lxcInterfaces(sim: PveCluster, node: string, vmid: string): unknown[] {
  const g = guestOn(sim, node, vmid, 'lxc');
  if (g.status === 'stopped') throw new SimHttpError(500, `CT ${g.vmid} not running`);
  return interfaces(g, 'eth0').map((i) => {
    const v4 = i.addrs.find((a) => a['ip-address-type'] === 'ipv4');
    const v6 = i.addrs.find((a) => a['ip-address-type'] === 'ipv6');
    return {
      name: i.name,
      hwaddr: i.mac,
      'hardware-address': i.mac,
      ...(v4 ? { inet: `${v4['ip-address']}/${v4.prefix}` } : {}),
      ...(v6 ? { inet6: `${v6['ip-address']}/${v6.prefix}` } : {}),
      'ip-addresses': i.addrs,
    };
  });
}

/** GET /nodes/{node}/{qemu,lxc}/{vmid}/config: the keys LabTray and PVE's own UI read (memory in MiB, disks as volume strings). */
export function guestConfig(sim: PveCluster, node: string, vmid: string, type: 'qemu' | 'lxc'): Record<string, unknown> {
  const g = guestOn(sim, node, vmid, type);
  const mem = Math.round((g.memGiB * GiB) / 1024 ** 2);
  const mac = guestMac(g.vmid);
  const common: Record<string, unknown> = { cores: g.cpus, memory: mem, digest: `${g.vmid.toString(16).padStart(8, '0')}${'c0ffee'.repeat(5)}`.slice(0, 40), onboot: g.ha ? 1 : 0 };
  if (g.tags.length) common.tags = g.tags.join(';');
  if (g.template) common.template = 1;
  const snaps = g.snapshots ?? [];
  if (snaps.length) common.parent = snaps[snaps.length - 1].name;
  if (type === 'lxc') {
    return { ...common, hostname: g.name, arch: 'amd64', ostype: 'debian', swap: 512, rootfs: `local-lvm:vm-${g.vmid}-disk-0,size=${g.diskGiB}G`, net0: `name=eth0,bridge=vmbr0,hwaddr=${mac},ip=dhcp,type=veth`, unprivileged: 1 };
  }
  return {
    ...common,
    name: g.name,
    sockets: 1,
    cpu: 'x86-64-v2-AES',
    ostype: g.name.startsWith('win') ? 'win11' : 'l26',
    agent: '1',
    boot: 'order=scsi0;net0',
    scsihw: 'virtio-scsi-single',
    scsi0: `local-lvm:vm-${g.vmid}-disk-0,iothread=1,size=${g.diskGiB}G`,
    net0: `virtio=${mac},bridge=vmbr0,firewall=1`,
    smbios1: `uuid=${g.vmid.toString(16).padStart(8, '0')}-5e1c-4a7d-9f3b-${g.vmid.toString(16).padStart(12, '0')}`,
    vmgenid: `${g.vmid.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`,
  };
}

/** GET /nodes/{node}/{qemu,lxc}/{vmid}/snapshot: each snapshot and the `current` state last, as PVE lists them. */
export function snapshotList(sim: PveCluster, node: string, vmid: string, type: 'qemu' | 'lxc'): unknown[] {
  const g = guestOn(sim, node, vmid, type);
  const t = now();
  const snaps = (g.snapshots ?? []).map((s, i, all) => ({
    name: s.name,
    description: s.description,
    snaptime: s.snaptime ?? t - Math.round(s.ageHours * 3600),
    ...(i > 0 ? { parent: all[i - 1].name } : {}),
    ...(type === 'qemu' ? { vmstate: s.vmstate ? 1 : 0 } : {}),
  }));
  const last = snaps[snaps.length - 1];
  return [...snaps, { name: 'current', description: 'You are here!', digest: (guestConfig(sim, node, vmid, type).digest as string), ...(last ? { parent: last.name } : {}), ...(g.status !== 'stopped' ? { running: 1 } : {}) }];
}

/**
 * POST /nodes/{node}/{qemu,lxc}/{vmid}/snapshot: like PVE, the reserved names are refused at once; the rest happens
 * in a worker that takes the guest's lock: a locked guest or a name already used fails the task with PVE's words.
 */
export function takeSnapshot(c: SimCall, type: 'qemu' | 'lxc'): string {
  const sim = c.sim;
  const g = guestOn(sim, c.params.node, c.params.vmid, type);
  const name = c.params.snapname;
  if (name === 'current' || name.toLowerCase() === 'pending') throw new SimHttpError(500, `unable to use snapshot name '${name}' (reserved name)`);
  const kind = type === 'qemu' ? 'VM' : 'CT';
  const vmstate = type === 'qemu' && /^(1|on|yes|true)$/i.test(c.params.vmstate ?? '') && g.status === 'running';
  return sim.runTask(c.params.node, type === 'qemu' ? 'qmsnapshot' : 'vzsnapshot', String(g.vmid), c.user, async (t) => {
    if (g.lock) throw new Error(`${kind} is locked (${g.lock})`);
    if ((g.snapshots ?? []).some((s) => s.name === name)) throw new Error(`snapshot name '${name}' already used`);
    g.lock = 'snapshot';
    try {
      if (vmstate) {
        t.log.push(`saving VM state and RAM using storage 'local-lvm'`);
        await sim.wait(1200);
        t.log.push(`completed saving the VM state in 1s, saved ${g.memGiB >= 1 ? `${(g.memGiB * 0.4).toFixed(2)} GiB` : '300.00 MiB'}`);
      }
      t.log.push(type === 'qemu' ? `snapshotting 'drive-scsi0' (local-lvm:vm-${g.vmid}-disk-0)` : `snapshotting 'rootfs' (local-lvm:vm-${g.vmid}-disk-0)`);
      await sim.wait(1500);
      t.log.push(`  Logical volume "snap_vm-${g.vmid}-disk-0_${name}" created.`);
      // A new array: the spec's list is shared with every simulator started from the same lab.
      g.snapshots = [...(g.snapshots ?? []), { name, description: c.params.description ?? '', ageHours: 0, snaptime: now(), vmstate }];
    } finally {
      g.lock = null;
    }
  });
}
