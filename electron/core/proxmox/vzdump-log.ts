/** What one guest's part of a vzdump task log says. */
export interface VzdumpGuestProgress {
  vmid: number;
  type: string | null;
  /** 0..1 from the last `NN% (x of y)` line. */
  fraction: number | null;
  done: boolean;
  error: string | null;
  archive: string | null;
  /** `9.00 GiB in 105 seconds (87.8 MiB/s)` when finished. */
  transferred: string | null;
  /** How long the guest's backup took, from its `Finished Backup of VM 111 (00:02:05)` line. */
  seconds: number | null;
}

export interface VzdumpProgress {
  guests: VzdumpGuestProgress[];
  /** 0..1 across all guests of the job. */
  fraction: number | null;
  /** The job's final line: `TASK OK`, `TASK ERROR: …`, or null while running. */
  end: string | null;
}

const START_RE = /^INFO: Starting Backup of VM (\d+) \((\w+)\)/;
const PCT_RE = /^INFO:\s+(\d{1,3})% \(([^)]*)\)/;
const ARCHIVE_RE = /creating (?:vzdump archive|Proxmox Backup Server archive|archive) '([^']+)'/;
const FINISH_RE = /^INFO: Finished Backup of VM (\d+)(?: \((\d+):(\d{2}):(\d{2})\))?/;
const FAIL_RE = /^ERROR: Backup of VM (\d+) failed - (.*)$/;
const TRANSFER_RE = /^INFO: transferred (.*)$/;
const ARCHIVE_SIZE_RE = /^INFO: archive file size: (.*)$/;

/** Reads progress out of a vzdump task log (the lines of `/nodes/{node}/tasks/{upid}/log`). */
export function parseVzdumpLog(lines: readonly string[], jobVmids: readonly number[] = []): VzdumpProgress {
  const guests: VzdumpGuestProgress[] = [];
  let cur: VzdumpGuestProgress | null = null;
  let end: string | null = null;
  const guest = (vmid: number): VzdumpGuestProgress => {
    let g = guests.find((x) => x.vmid === vmid);
    if (!g) {
      g = { vmid, type: null, fraction: null, done: false, error: null, archive: null, transferred: null, seconds: null };
      guests.push(g);
    }
    return g;
  };
  for (const line of lines) {
    let m: RegExpExecArray | null;
    if ((m = START_RE.exec(line))) {
      cur = guest(Number(m[1]));
      cur.type = m[2];
      cur.fraction = 0;
    } else if ((m = PCT_RE.exec(line)) && cur) {
      cur.fraction = Math.min(1, Number(m[1]) / 100);
    } else if ((m = ARCHIVE_RE.exec(line)) && cur) {
      cur.archive = m[1];
    } else if ((m = TRANSFER_RE.exec(line)) && cur) {
      cur.transferred = m[1];
    } else if ((m = ARCHIVE_SIZE_RE.exec(line)) && cur && !cur.transferred) {
      cur.transferred = m[1];
    } else if ((m = FINISH_RE.exec(line))) {
      const g = guest(Number(m[1]));
      g.done = true;
      g.fraction = 1;
      if (m[2] !== undefined) g.seconds = Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4]);
    } else if ((m = FAIL_RE.exec(line))) {
      const g = guest(Number(m[1]));
      g.done = true;
      g.error = m[2].trim();
    } else if (/^TASK (OK|ERROR|WARNINGS)/.test(line)) {
      end = line.trim();
    }
  }
  const total = Math.max(jobVmids.length, guests.length);
  const fraction = total === 0 ? null : guests.reduce((s, g) => s + (g.done ? 1 : g.fraction ?? 0), 0) / total;
  return { guests, fraction, end };
}

/** A one-line result for a finished backup, e.g. `OK: vzdump-qemu-101-….vma.zst, 2.00 GiB in 12 seconds (170 MiB/s)`. */
export function vzdumpSummary(p: VzdumpProgress): string {
  const parts = p.guests.map((g) => {
    const name = g.archive ? g.archive.split('/').pop() : `VM ${g.vmid}`;
    if (g.error) return `${g.vmid}: failed: ${g.error}`;
    return `${name}${g.transferred ? `, ${g.transferred}` : ''}`;
  });
  return parts.join('; ');
}
