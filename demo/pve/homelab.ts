// The reference homelab (../shared/reference-lab.yaml) as the simulator's
// initial state: three nodes, their guests, storages, disks, old backups and
// one scheduled backup job.

const GiB = 1024 ** 3;

export interface SimNodeSpec {
  name: string;
  cpuModel: string;
  threads: number;
  memGiB: number;
  rootfsGiB: number;
  mac: string;
  ip: string;
}

export interface SimGuestSpec {
  vmid: number;
  name: string;
  type: 'qemu' | 'lxc';
  node: string;
  cpus: number;
  memGiB: number;
  diskGiB: number;
  running: boolean;
  tags: string[];
  ha?: boolean;
  /** Ignores ACPI shutdown (no guest agent, no ACPI handling): a shutdown times out. */
  ignoresShutdown?: boolean;
  template?: boolean;
  /** The QEMU guest agent is not installed in the guest (its config still says agent: 1). */
  noAgent?: boolean;
  /** The guest's address on the owner's LAN (192.168.1.0/24), and its tailnet address if it joins Tailscale. */
  lanIp?: string;
  tailnetIp?: string;
  /** Snapshots taken before risky changes: name, note, age in hours. */
  snapshots?: { name: string; description: string; ageHours: number; /** Unix seconds: set for one taken while the simulator runs. */ snaptime?: number; vmstate?: boolean }[];
}

export interface SimDiskSpec {
  node: string;
  devpath: string;
  model: string;
  serial: string;
  type: 'nvme' | 'ssd' | 'hdd' | 'usb';
  sizeBytes: number;
  health: string;
  wearout: number | 'N/A';
}

export interface SimStorageSpec {
  storage: string;
  node: string;
  plugintype: string;
  content: string;
  totalBytes: number;
  usedBytes: number;
  shared?: boolean;
  path: string;
}

export interface SimBackupSpec {
  vmid: number;
  storage: string;
  node: string;
  ageHours: number;
  sizeBytes: number;
  protected?: boolean;
}

export const homelabNodes: SimNodeSpec[] = [
  { name: 'um560', cpuModel: 'AMD Ryzen 5 5625U with Radeon Graphics', threads: 12, memGiB: 32, rootfsGiB: 94, mac: '58:47:ca:71:a0:12', ip: '192.168.1.11' },
  { name: 's500plus', cpuModel: 'AMD Ryzen 7 5825U with Radeon Graphics', threads: 16, memGiB: 64, rootfsGiB: 94, mac: '1c:83:41:3a:5e:07', ip: '192.168.1.12' },
  { name: 'gtr5', cpuModel: 'AMD Ryzen 9 5900HX with Radeon Graphics', threads: 16, memGiB: 64, rootfsGiB: 94, mac: '7c:83:34:b9:21:4d', ip: '192.168.1.13' },
];

export const homelabGuests: SimGuestSpec[] = [
  { vmid: 100, name: 'openwrt', type: 'qemu', node: 'um560', cpus: 1, memGiB: 1, diskGiB: 2, running: true, tags: ['router', 'backup'], ha: true , lanIp: '192.168.1.2', noAgent: true },
  { vmid: 101, name: 'win2022', type: 'qemu', node: 'um560', cpus: 2, memGiB: 8, diskGiB: 64, running: false, tags: ['labtray', 'windows'] , lanIp: '192.168.1.40' },
  { vmid: 102, name: 'docker-compose', type: 'qemu', node: 'um560', cpus: 4, memGiB: 8, diskGiB: 32, running: true, tags: ['nas', 'backup'] , lanIp: '192.168.1.20', snapshots: [{ name: 'before_jellyfin_10_10', description: 'before upgrading jellyfin', ageHours: 340 }] },
  { vmid: 103, name: 'k3s-main', type: 'qemu', node: 'um560', cpus: 2, memGiB: 4, diskGiB: 20, running: true, tags: ['k3s', 'backup'], ha: true , lanIp: '192.168.1.21', snapshots: [{ name: 'k3s_v1_31', description: '', ageHours: 90 }] },
  { vmid: 104, name: 'k3s-data-1', type: 'qemu', node: 'um560', cpus: 2, memGiB: 4, diskGiB: 20, running: true, tags: ['k3s', 'backup'] , lanIp: '192.168.1.22' },
  { vmid: 105, name: 'k8s-data-2', type: 'qemu', node: 'um560', cpus: 2, memGiB: 4, diskGiB: 20, running: true, tags: ['k8s', 'backup'] , lanIp: '192.168.1.23' },
  { vmid: 106, name: 'k3s-data-1-worker-1', type: 'qemu', node: 'um560', cpus: 4, memGiB: 8, diskGiB: 32, running: true, tags: ['k3s', 'monitoring'] , lanIp: '192.168.1.24' },
  { vmid: 110, name: 'tailscale-gateway', type: 'qemu', node: 's500plus', cpus: 1, memGiB: 1, diskGiB: 20, running: true, tags: ['network', 'backup'], ha: true , lanIp: '192.168.1.5', tailnetIp: '100.88.10.1' },
  { vmid: 111, name: 'home-assistant', type: 'qemu', node: 's500plus', cpus: 2, memGiB: 2, diskGiB: 20, running: true, tags: ['backup', 'home', 'labtray'] , lanIp: '192.168.1.30', snapshots: [{ name: 'pre_2024_12', description: 'before Home Assistant 2024.12', ageHours: 1210 }, { name: 'zigbee_ok', description: 'zigbee2mqtt paired, all sensors report', ageHours: 260 }] },
  { vmid: 112, name: 'k3s-data-1-worker-2', type: 'qemu', node: 's500plus', cpus: 4, memGiB: 16, diskGiB: 100, running: true, tags: ['k3s'] , lanIp: '192.168.1.25' },
  { vmid: 113, name: 'k8s-data-2-worker', type: 'qemu', node: 's500plus', cpus: 4, memGiB: 16, diskGiB: 100, running: true, tags: ['k8s'] , lanIp: '192.168.1.26' },
  { vmid: 114, name: 'uptime-kuma', type: 'lxc', node: 's500plus', cpus: 1, memGiB: 0.5, diskGiB: 8, running: true, tags: ['monitoring', 'backup'] , lanIp: '192.168.1.35' },
  { vmid: 120, name: 'k3s-data-1-worker-3', type: 'qemu', node: 'gtr5', cpus: 4, memGiB: 16, diskGiB: 100, running: true, tags: ['k3s'] , lanIp: '192.168.1.27' },
  { vmid: 121, name: 'k3s-data-1-worker-4', type: 'qemu', node: 'gtr5', cpus: 4, memGiB: 16, diskGiB: 100, running: true, tags: ['k3s'] , lanIp: '192.168.1.28' },
  { vmid: 122, name: 'k3s-data-1-worker-5', type: 'qemu', node: 'gtr5', cpus: 4, memGiB: 16, diskGiB: 100, running: true, tags: ['k3s'] , lanIp: '192.168.1.29' },
  { vmid: 123, name: 'ubuntu-test', type: 'qemu', node: 'gtr5', cpus: 2, memGiB: 8, diskGiB: 32, running: true, tags: ['test'], ignoresShutdown: true , lanIp: '192.168.1.50', noAgent: true },
  { vmid: 124, name: 'debian-ct', type: 'lxc', node: 'gtr5', cpus: 2, memGiB: 1, diskGiB: 8, running: false, tags: ['test'] , lanIp: '192.168.1.36' },
  { vmid: 9000, name: 'debian-12-cloudinit', type: 'qemu', node: 'gtr5', cpus: 2, memGiB: 2, diskGiB: 4, running: false, tags: [], template: true , lanIp: '192.168.1.99' },
];

export const homelabDisks: SimDiskSpec[] = [
  { node: 'um560', devpath: '/dev/nvme0n1', model: 'Samsung SSD 980 500GB', serial: 'S64DNL0T812345A', type: 'nvme', sizeBytes: 500107862016, health: 'PASSED', wearout: 94 },
  { node: 'um560', devpath: '/dev/sda', model: 'WDC WD40EFZX-68AWUN0', serial: 'WD-WX12D80ABCDE', type: 'hdd', sizeBytes: 4000787030016, health: 'PASSED', wearout: 'N/A' },
  { node: 'um560', devpath: '/dev/sdb', model: 'WDC WD40EFZX-68AWUN0', serial: 'WD-WX12D80FGHIJ', type: 'hdd', sizeBytes: 4000787030016, health: 'PASSED', wearout: 'N/A' },
  { node: 's500plus', devpath: '/dev/nvme0n1', model: 'WD_BLACK SN570 1TB', serial: '22140K800123', type: 'nvme', sizeBytes: 1000204886016, health: 'PASSED', wearout: 91 },
  // gtr5's replacement NVMe after the 2022 failure, already well used: the demo's disk warning.
  { node: 'gtr5', devpath: '/dev/nvme0n1', model: 'WD_BLACK SN570 1TB', serial: '22140K800456', type: 'nvme', sizeBytes: 1000204886016, health: 'PASSED', wearout: 17 },
];

export const homelabStorages: SimStorageSpec[] = [
  ...homelabNodes.flatMap((n): SimStorageSpec[] => [
    { storage: 'local', node: n.name, plugintype: 'dir', content: 'iso,vztmpl,backup', totalBytes: n.rootfsGiB * GiB, usedBytes: 21 * GiB, path: '/var/lib/vz' },
    { storage: 'local-lvm', node: n.name, plugintype: 'lvmthin', content: 'images,rootdir', totalBytes: (n.name === 'um560' ? 348 : 794) * GiB, usedBytes: (n.name === 'um560' ? 181 : 412) * GiB, path: '' },
  ]),
  { storage: 'usb-backup', node: 'um560', plugintype: 'dir', content: 'backup', totalBytes: 3.6 * 1024 * GiB, usedBytes: 1.1 * 1024 * GiB, path: '/mnt/usb-backup' },
  // The NAS VM (docker-compose, HDD box passed through) exports a share every node can back up to.
  { storage: 'nas-backup', node: 'um560', plugintype: 'nfs', content: 'backup', totalBytes: 3.6 * 1024 * GiB, usedBytes: 0.4 * 1024 * GiB, path: '/mnt/pve/nas-backup', shared: true },
];

/** Existing archives: some fresh, one old, several guests never backed up (the 2023 lesson). */
export const homelabBackups: SimBackupSpec[] = [
  { vmid: 100, storage: 'usb-backup', node: 'um560', ageHours: 30, sizeBytes: 412 * 1024 ** 2 },
  { vmid: 100, storage: 'usb-backup', node: 'um560', ageHours: 198, sizeBytes: 409 * 1024 ** 2, protected: true },
  { vmid: 102, storage: 'usb-backup', node: 'um560', ageHours: 30, sizeBytes: 9.7 * GiB },
  { vmid: 103, storage: 'usb-backup', node: 'um560', ageHours: 30, sizeBytes: 3.4 * GiB },
  { vmid: 104, storage: 'usb-backup', node: 'um560', ageHours: 30, sizeBytes: 3.6 * GiB },
  { vmid: 105, storage: 'usb-backup', node: 'um560', ageHours: 30, sizeBytes: 3.5 * GiB },
  { vmid: 110, storage: 'usb-backup', node: 'um560', ageHours: 30, sizeBytes: 1.9 * GiB },
  { vmid: 111, storage: 'usb-backup', node: 'um560', ageHours: 200, sizeBytes: 3.1 * GiB },
  { vmid: 114, storage: 'local', node: 's500plus', ageHours: 52, sizeBytes: 310 * 1024 ** 2 },
];

/** The owner's cron-style job, as a PVE scheduled job: important guests, nightly, to the HDD box. */
export const homelabJobs = [
  { id: 'backup-5e1c0a7d-9f3b', type: 'vzdump', schedule: '02:30', storage: 'usb-backup', vmid: '100,102,103,104,105,110', enabled: 1, mode: 'snapshot', compress: 'zstd', 'notes-template': '{{guestname}}', 'mailnotification': 'failure' },
];
