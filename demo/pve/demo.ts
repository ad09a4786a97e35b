import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { DemoPart } from '../demo-lab';
import { PveSim, type PveSimOptions, type SimBackupVolume, type SimGuest } from './sim';
import { now } from './model';
import { guestStartMemory, nodeCpu, nodeMemory, usage } from './views';

/** What one run leaves for the next: guest power states, the backups made, how full each storage is. */
interface SavedState {
  guests: Record<string, SimGuest['status']>;
  backups?: SimBackupVolume[];
  /** `node/storage` → bytes used. */
  storages?: Record<string, number>;
}

const powerStates: readonly SimGuest['status'][] = ['running', 'stopped', 'paused'];

function isBackup(b: unknown): b is SimBackupVolume {
  if (!b || typeof b !== 'object') return false;
  const v = b as Record<string, unknown>;
  return typeof v.volid === 'string' && typeof v.storage === 'string' && typeof v.node === 'string' && typeof v.vmid === 'number' && (v.subtype === 'qemu' || v.subtype === 'lxc') && typeof v.ctime === 'number' && typeof v.size === 'number' && typeof v.format === 'string' && typeof v.notes === 'string' && typeof v.protected === 'boolean';
}

/** Restores what an earlier run saved, so CLI commands act on one lab; a node's memory is never driven past 100 %. */
async function restore(sim: PveSim, path: string): Promise<void> {
  let saved: SavedState;
  try {
    saved = JSON.parse(await readFile(path, 'utf8')) as SavedState;
  } catch {
    return; // no earlier run, or an unreadable file: the fresh reference state
  }
  const entries = Object.entries(saved.guests ?? {});
  // Stopped guests first, so memory freed by a stop counts before a start is judged.
  for (const [vmid, status] of [...entries].sort(([, a], [, b]) => Number(a !== 'stopped') - Number(b !== 'stopped'))) {
    const g = sim.guests.get(Number(vmid));
    if (!g || !powerStates.includes(status) || g.template) continue;
    if (status !== 'stopped' && g.status === 'stopped') {
      const m = nodeMemory(sim, g.node);
      if (m.used + guestStartMemory(g) > m.total) continue;
    }
    g.status = status;
    g.startedAt = status === 'stopped' ? null : now();
  }
  // Backups as a whole or not at all: a list with one entry that is not a backup is not the list a run saved.
  if (Array.isArray(saved.backups) && saved.backups.every(isBackup)) {
    sim.backups.splice(0, sim.backups.length, ...saved.backups.filter((b) => sim.guests.has(b.vmid)));
  }
  for (const s of sim.storages) {
    const used = saved.storages?.[`${s.node}/${s.storage}`];
    if (typeof used === 'number' && used >= 0 && used <= s.totalBytes) s.usedBytes = used;
  }
}

async function save(sim: PveSim, path: string): Promise<void> {
  const state: SavedState = {
    guests: Object.fromEntries([...sim.guests].map(([vmid, g]) => [String(vmid), g.status])),
    backups: sim.backups,
    storages: Object.fromEntries(sim.storages.map((s) => [`${s.node}/${s.storage}`, s.usedBytes])),
  };
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(state));
  await rename(tmp, path);
}

/** The reference homelab's PVE cluster as the `home` cluster of the demo lab, pinned by fingerprint, token from the secrets map. */
export async function startDemo(opts: PveSimOptions & { statePath?: string } = {}): Promise<DemoPart & { sim: PveSim }> {
  const { statePath, ...simOpts } = opts;
  const sim = await PveSim.start(simOpts);
  if (statePath) await restore(sim, statePath);
  const token = sim.tokens.find((t) => t.privileges === 'all')!;
  return {
    sim,
    config: {
      proxmox: [
        {
          name: 'home',
          endpoints: [sim.url],
          tokenId: token.id,
          tokenSecret: 'secret:pve-home',
          fingerprint: sim.fingerprint,
          interval: 5_000,
          timeout: 8_000,
        },
      ],
      // The laptop is "at home" in the demo: um560 answers on the LAN with its pinned certificate.
      home: { probes: [{ host: '127.0.0.1', port: Number(new URL(sim.url).port), fingerprint: sim.fingerprint }] },
      // openwrt is the home LAN's gateway: stopping it cuts the way home, so the tray asks first.
      ui: {
        protected: ['home/100'],
        // Web UIs the guest panel links to, at the guests' LAN addresses (homelab.ts).
        links: {
          'home/100': [{ name: 'LuCI', url: 'http://192.168.1.2/cgi-bin/luci' }],
          'home/102': [{ name: 'Jellyfin', url: 'http://192.168.1.20:8096' }, { name: 'File Browser', url: 'http://192.168.1.20:8080' }],
          'home/111': [{ name: 'Home Assistant', url: 'http://192.168.1.30:8123' }],
          'home/114': [{ name: 'Uptime Kuma', url: 'http://192.168.1.35:3001' }],
        },
      },
      backup: { storage: 'nas-backup', mode: 'snapshot', compress: 'zstd', notesTemplate: '{{guestname}}', warnAfterHours: 48, critAfterHours: 24 * 7, sets: [{ name: 'important', tag: 'backup' }] },
    },
    secrets: { 'pve-home': token.secret },
    watchGuests: (listener) => sim.watchGuests(listener),
    nodeLoad: (name) => {
      const n = sim.nodes.get(name);
      if (!n) return null;
      const t = now();
      const guests = [...sim.guests.values()].filter((g) => g.node === name && g.status === 'running').reduce((s, g) => s + usage(g, t).cpu * g.cpus, 0);
      return { online: n.online, cpu: Math.min(1, nodeCpu(n) + guests / n.threads) };
    },
    stop: async () => {
      try {
        if (statePath) await save(sim, statePath);
      } finally {
        await sim.stop();
      }
    },
  };
}
