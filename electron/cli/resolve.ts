import type { Guest } from '../../shared/proxmox';
import type { Snapshot } from '../../shared/snapshot';
import { part } from '../../shared/message';
import { UsageError } from './args';
import { CliFailure, explainWith } from './explain';
import type { Command } from './help';

/** Guests of one cluster that a command names. */
export interface ClusterGuests {
  cluster: string;
  guests: Guest[];
}

interface Candidate {
  cluster: string;
  guest: Guest;
}

const VMID = /^\d+$/;

/** `home/100`, `home/openwrt`, `100` or `openwrt`: the cluster part when there is one. */
function split(word: string): { cluster: string | null; ref: string } {
  const slash = word.indexOf('/');
  return slash > 0 ? { cluster: word.slice(0, slash), ref: word.slice(slash + 1) } : { cluster: null, ref: word };
}

function matches(g: Guest, ref: string): boolean {
  return VMID.test(ref) ? g.vmid === Number(ref) : g.name.toLowerCase() === ref.toLowerCase();
}

/** Names close to a mistyped one (same start, or one typo away), for "did you mean". */
function nearby(all: Candidate[], ref: string): Candidate[] {
  const r = ref.toLowerCase();
  const close = (a: string): boolean => a.startsWith(r) || r.startsWith(a) || editDistance(a, r) <= Math.max(1, Math.floor(r.length / 5));
  return all.filter((c) => !VMID.test(ref) && close(c.guest.name.toLowerCase())).slice(0, 4);
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

const label = (c: Candidate): string => `${c.cluster}/${c.guest.vmid} (${c.guest.name})`;

/**
 * The guests named on the command line, grouped by cluster. Each word is a
 * vmid, a guest name, or either after `cluster/`. A word that fits guests in
 * several clusters is refused, listing each candidate as cluster/vmid.
 */
export function resolveGuests(snap: Snapshot, words: string[], opts: { command: Command; cluster?: string }): ClusterGuests[] {
  if (words.length === 0) throw new UsageError(opts.command, 'name at least one guest (a name like openwrt, or a vmid like 100)');
  if (snap.proxmox.length === 0) throw new UsageError(opts.command, 'no Proxmox VE cluster is configured');
  if (opts.cluster && !snap.proxmox.some((c) => c.name === opts.cluster)) {
    throw new UsageError(opts.command, `no cluster named "${opts.cluster}" (configured: ${snap.proxmox.map((c) => c.name).join(', ')})`);
  }
  const all: Candidate[] = snap.proxmox.flatMap((c) => c.guests.map((guest) => ({ cluster: c.name, guest })));
  const picked: Candidate[] = [];
  for (const word of words) {
    const { cluster, ref } = split(word);
    const within = cluster ?? opts.cluster ?? null;
    if (within && !snap.proxmox.some((c) => c.name === within)) throw new UsageError(opts.command, `"${word}": no cluster named "${within}" (configured: ${snap.proxmox.map((c) => c.name).join(', ')})`);
    const pool = within ? all.filter((c) => c.cluster === within) : all;
    const hits = pool.filter((c) => matches(c.guest, ref));
    if (hits.length === 1) {
      if (!picked.some((p) => p.cluster === hits[0].cluster && p.guest.vmid === hits[0].guest.vmid)) picked.push(hits[0]);
      continue;
    }
    if (hits.length > 1) {
      throw new UsageError(opts.command, `"${word}" is ambiguous: ${hits.map(label).join(', ')}; name one as cluster/vmid, e.g. ${hits[0].cluster}/${hits[0].guest.vmid}`);
    }
    const unread = snap.proxmox.filter((c) => (!within || c.name === within) && c.guests.length === 0).flatMap((c) => {
      const error = snap.sources.find((m) => m.id === `proxmox:${c.name}`)?.error;
      return error ? [{ cluster: c.name, error }] : [];
    });
    // The first cluster that could not be read says why; its raw error is kept as detail.
    if (unread.length) throw new CliFailure(explainWith(unread[0].error, (why) => part('cli.cannotFind', { word, cluster: unread[0].cluster, why })));
    const where = within ? ` in cluster ${within}` : '';
    const near = nearby(pool, ref);
    const notAVmid = !VMID.test(ref) && /^\d/.test(ref) ? ' (a vmid is a whole number)' : '';
    throw new UsageError(opts.command, `no guest ${VMID.test(ref) ? 'with vmid' : 'named'} "${ref}"${where}${notAVmid}${near.length ? `; did you mean ${near.map(label).join(', ')}?` : ''}`);
  }
  const clusters = [...new Set(picked.map((p) => p.cluster))];
  return clusters.map((cluster) => ({ cluster, guests: picked.filter((p) => p.cluster === cluster).map((p) => p.guest) }));
}
