/** The parts of a Proxmox VE task id: `UPID:node:pid:pstart:starttime:type:id:user:`. */
export interface Upid {
  upid: string;
  node: string;
  pid: number;
  pstart: number;
  /** Unix seconds. */
  starttime: number;
  /** `qmstart`, `vzshutdown`, `vzdump`, `srvreload`, … */
  type: string;
  /** The task's object, e.g. the vmid; may be empty. */
  id: string;
  user: string;
}

const UPID_RE = /^UPID:([a-zA-Z0-9][a-zA-Z0-9.-]*):([0-9A-Fa-f]{8}):([0-9A-Fa-f]{8,9}):([0-9A-Fa-f]{8}):([^:\s]+):([^:\s]*):([^:\s]+):$/;

/** Parses a UPID; null when it is not one. */
export function parseUpid(upid: string): Upid | null {
  const m = UPID_RE.exec(upid.trim());
  if (!m) return null;
  return {
    upid: upid.trim(),
    node: m[1],
    pid: parseInt(m[2], 16),
    pstart: parseInt(m[3], 16),
    starttime: parseInt(m[4], 16),
    type: m[5],
    id: m[6],
    user: m[7],
  };
}

/** Builds a UPID the way pve-manager does (upper-case hex, fixed widths). */
export function formatUpid(p: Omit<Upid, 'upid'>): string {
  const hex = (n: number): string => n.toString(16).toUpperCase().padStart(8, '0');
  return `UPID:${p.node}:${hex(p.pid)}:${hex(p.pstart)}:${hex(p.starttime)}:${p.type}:${p.id}:${p.user}:`;
}
