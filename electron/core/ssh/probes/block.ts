/**
 * Which controller port each disk hangs off, from the host's /sys/block: the
 * kernel names a disk's trouble sometimes by the disk (`nvme1n1`, `sda`) and
 * sometimes by its controller or port (`nvme1`, `ata3`, `mmc0`); to the user
 * they are one disk.
 *
 * The probe prints one line per /sys/block entry: its name, the target of its
 * symlink (`../devices/pci0000:00/0000:00:17.0/ata3/host2/target2:0:0/2:0:0:0/block/sda`)
 * and, for an NVMe namespace shared by several controllers (native
 * multipath), the paths listed in its `multipath/` directory (`nvme1c1n1`).
 */
export interface BlockMap {
  /** Every disk name listed. */
  disks: ReadonlySet<string>;
  /** Controller ports by disk (usually one). */
  portsOf: ReadonlyMap<string, readonly string[]>;
  /** Disks by controller port. */
  disksOf: ReadonlyMap<string, readonly string[]>;
}

const PORT_IN_TARGET = [/\/(ata[0-9]+)\//, /\/nvme\/(nvme[0-9]+)\//, /\/mmc_host\/(mmc[0-9]+)\//];
/** An NVMe controller's PCI address (`0000:03:00.0`), how the kernel names it before the driver has named it `nvmeN`. */
const PCI_OF_NVME = /\/([0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-9a-f])\/nvme\//;

/**
 * A path of a shared NVMe namespace (native multipath), `nvme<subsystem>c<controller>n<namespace>`: listed in
 * /sys/block beside its namespace `nvme<subsystem>n<namespace>`, which is the disk. The kernel log names its
 * controller `nvme<controller>`, and its I/O errors may name the path itself.
 */
const NVME_PATH = /^nvme([0-9]+)c([0-9]+)n([0-9]+)$/;

function addTo(map: Map<string, string[]>, key: string, value: string): void {
  const cur = map.get(key) ?? [];
  if (!cur.includes(value)) map.set(key, [...cur, value]);
}

/** Parses the `blockdevs` section; an empty map when it is missing (older probe, no sysfs). */
export function parseBlockDevices(text: string | undefined): BlockMap {
  const disks = new Set<string>();
  const portsOf = new Map<string, string[]>();
  const disksOf = new Map<string, string[]>();
  for (const line of (text ?? '').split('\n')) {
    const [name, target = '', ...paths] = line.trim().split(/\s+/);
    // Also passes over blank lines and the `!unavailable …` line a probe prints when sysfs cannot be read.
    if (!/^[A-Za-z0-9_-]+$/.test(name)) continue;
    const asPath = NVME_PATH.exec(name);
    const disk = asPath ? `nvme${asPath[1]}n${asPath[3]}` : name;
    disks.add(disk);
    if (asPath) addTo(disksOf, name, disk);
    const ports = new Set<string>();
    for (const re of PORT_IN_TARGET) {
      const m = re.exec(target);
      if (m) ports.add(m[1]);
    }
    for (const p of paths) {
      const m = NVME_PATH.exec(p);
      if (m) ports.add(`nvme${m[2]}`);
    }
    const pci = PCI_OF_NVME.exec(target)?.[1];
    if (pci) addTo(disksOf, pci, disk);
    for (const p of ports) {
      addTo(portsOf, disk, p);
      addTo(disksOf, p, disk);
    }
  }
  return { disks, portsOf, disksOf };
}

/**
 * The disk a kernel log device name belongs to: the disk itself, the disk of
 * a partition (`sda1`, `nvme0n1p2`, `mmcblk0p1`), or the only disk on a port.
 * A name the map does not know (a port with several disks, `dm-0`) stays as it is.
 */
export function diskOf(map: BlockMap, dev: string): string {
  if (map.disks.has(dev)) return dev;
  const part = /^(.*[0-9])p[0-9]+$/.exec(dev) ?? /^(.*[a-z])[0-9]+$/.exec(dev);
  if (part && map.disks.has(part[1])) return part[1];
  const on = map.disksOf.get(dev);
  return on?.length === 1 ? on[0] : dev;
}

/** What to name next to a disk or port: its ports, or the disks on a port. */
export function relatedNames(map: BlockMap, name: string): readonly string[] {
  return map.portsOf.get(name) ?? map.disksOf.get(name) ?? [];
}
