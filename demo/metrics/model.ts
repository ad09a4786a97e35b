import { homelabNodes } from '../pve/homelab';
import type { Series } from './promql';

const GiB = 1024 ** 3;

/** What node_exporter on one Proxmox node reports, and how its figures move. */
interface NodeSpec {
  name: string;
  /** The scrape target's `instance` label: a name for two nodes, the address for s500plus (as a static scrape config by IP gives). */
  instance: string;
  threads: number;
  memGiB: number;
  rootfsGiB: number;
  /** Sustained package power at the lab's usual load: the hotter the box, the higher its idle temperature. */
  watts: number;
  /** Load average around which the node breathes. */
  baseLoad: number;
  nvme: { model: string; crit: number; warn: number };
}

const nodes: NodeSpec[] = homelabNodes.map((n) => {
  const own: Record<string, Pick<NodeSpec, 'instance' | 'watts' | 'baseLoad' | 'nvme'>> = {
    um560: { instance: 'um560:9100', watts: 15, baseLoad: 2.1, nvme: { model: 'Samsung SSD 980 500GB', warn: 82.85, crit: 84.85 } },
    s500plus: { instance: `${n.ip}:9100`, watts: 18, baseLoad: 3.4, nvme: { model: 'WD_BLACK SN570 1TB', warn: 80.85, crit: 84.85 } },
    gtr5: { instance: 'gtr5:9100', watts: 35, baseLoad: 5.2, nvme: { model: 'WD_BLACK SN570 1TB', warn: 80.85, crit: 84.85 } },
  };
  return { name: n.name, threads: n.threads, memGiB: n.memGiB, rootfsGiB: n.rootfsGiB, ...(own[n.name] ?? { instance: `${n.name}:9100`, watts: 15, baseLoad: 1, nvme: { model: 'NVMe', warn: 80, crit: 85 } }) };
});

/**
 * The reference lab's node_exporter series as VictoriaMetrics holds them at
 * time `t` (ms): load breathes with the k3s workers, temperatures follow load
 * and each box's power, the NVMe runs warmer under the VMs' writes, memory
 * and the root filesystem fill slowly.
 */
export function labSeries(t: number, bootedAt: number): Series[] {
  const out: Series[] = [];
  const phase = t / 60_000;
  for (const [i, n] of nodes.entries()) {
    const base = { instance: n.instance, job: 'node' };
    const add = (name: string, value: number, labels: Record<string, string> = {}): void => void out.push({ labels: { __name__: name, ...base, ...labels }, value });
    const wave = (period: number, offset = 0): number => Math.abs(Math.sin(phase / period + i + offset));
    const load1 = n.baseLoad * (0.7 + wave(7) * 0.6);
    const load5 = n.baseLoad * (0.8 + wave(17) * 0.35);
    const load15 = n.baseLoad * (0.85 + wave(41) * 0.2);
    add('up', 1);
    add('node_load1', round(load1, 2));
    add('node_load5', round(load5, 2));
    add('node_load15', round(load15, 2));
    const memTotal = n.memGiB * GiB - 0.6 * GiB;
    add('node_memory_MemTotal_bytes', memTotal);
    add('node_memory_MemAvailable_bytes', Math.round(memTotal * (0.42 - wave(13) * 0.08)));
    add('node_memory_SwapTotal_bytes', 8 * GiB);
    add('node_memory_SwapFree_bytes', Math.round(8 * GiB * (0.96 - wave(53) * 0.03)));
    add('node_boot_time_seconds', Math.floor(bootedAt / 1000) - i * 3607);
    add('node_time_seconds', t / 1000);
    for (let c = 0; c < n.threads; c++) add('node_cpu_seconds_total', (t / 1000) * 0.8, { cpu: String(c), mode: 'idle' });
    const rootSize = n.rootfsGiB * GiB;
    const rootFree = rootSize * (0.78 - ((t / 86_400_000) % 1) * 0.01);
    for (const [name, value] of [['node_filesystem_size_bytes', rootSize], ['node_filesystem_free_bytes', rootFree], ['node_filesystem_avail_bytes', rootFree - rootSize * 0.05]] as const) {
      add(name, Math.round(value), { device: '/dev/mapper/pve-root', fstype: 'ext4', mountpoint: '/' });
      add(name, Math.round(name === 'node_filesystem_size_bytes' ? 511 * 1024 ** 2 : 500 * 1024 ** 2), { device: '/dev/nvme0n1p2', fstype: 'vfat', mountpoint: '/boot/efi' });
      add(name, Math.round(name === 'node_filesystem_size_bytes' ? 3.2 * GiB : 3.19 * GiB), { device: 'tmpfs', fstype: 'tmpfs', mountpoint: '/run' });
    }
    // Ryzen mobile parts: Tctl rises about 3 °C per busy thread-equivalent over an idle line set by the box's power.
    const tctl = 34 + n.watts * 0.45 + (load1 / n.threads) * 40 + Math.sin(phase) * 1.2;
    const nvme = 33 + n.watts * 0.3 + wave(9, 0.5) * 6;
    const cpuChip = 'pci0000:00_0000:00:18_3';
    add('node_hwmon_chip_names', 1, { chip: cpuChip, chip_name: 'k10temp' });
    add('node_hwmon_chip_names', 1, { chip: 'nvme_nvme0', chip_name: 'nvme' });
    add('node_hwmon_sensor_label', 1, { chip: cpuChip, sensor: 'temp1', label: 'Tctl' });
    add('node_hwmon_sensor_label', 1, { chip: 'nvme_nvme0', sensor: 'temp1', label: 'Composite' });
    add('node_hwmon_sensor_label', 1, { chip: 'nvme_nvme0', sensor: 'temp2', label: 'Sensor 1' });
    add('node_hwmon_temp_celsius', round(tctl, 3), { chip: cpuChip, sensor: 'temp1' });
    add('node_hwmon_temp_celsius', round(nvme, 2), { chip: 'nvme_nvme0', sensor: 'temp1' });
    add('node_hwmon_temp_celsius', round(nvme + 4, 2), { chip: 'nvme_nvme0', sensor: 'temp2' });
    add('node_hwmon_temp_crit_celsius', n.nvme.crit, { chip: 'nvme_nvme0', sensor: 'temp1' });
    add('node_hwmon_temp_max_celsius', n.nvme.warn, { chip: 'nvme_nvme0', sensor: 'temp1' });
    add('node_thermal_zone_temp', round(tctl - 6, 1), { type: 'acpitz', zone: '0' });
  }
  // VictoriaMetrics scrapes itself too: a target of another job that must never be taken for a node.
  out.push({ labels: { __name__: 'up', instance: 'victoria-metrics:8428', job: 'victoriametrics' }, value: 1 });
  return out;
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
