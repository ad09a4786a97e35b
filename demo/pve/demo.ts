import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { DemoPart } from '../demo-lab';
import { PveSim, type PveSimOptions, type SimGuest } from './sim';

type SavedState = { guests: Record<string, SimGuest['status']> };

/** Restores guest power states saved by an earlier run, so CLI commands act on one lab. */
async function restore(sim: PveSim, path: string): Promise<void> {
  let saved: SavedState;
  try {
    saved = JSON.parse(await readFile(path, 'utf8')) as SavedState;
  } catch {
    return; // no earlier run, or an unreadable file: the fresh reference state
  }
  for (const [vmid, status] of Object.entries(saved.guests ?? {})) {
    const g = sim.guests.get(Number(vmid));
    if (!g || !['running', 'stopped', 'paused'].includes(status)) continue;
    g.status = status;
    g.startedAt = status === 'stopped' ? null : Date.now();
  }
}

async function save(sim: PveSim, path: string): Promise<void> {
  const state: SavedState = { guests: Object.fromEntries([...sim.guests].map(([vmid, g]) => [String(vmid), g.status])) };
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
      backup: { storage: 'nas-backup', mode: 'snapshot', compress: 'zstd', notesTemplate: '{{guestname}}', warnAfterHours: 48, critAfterHours: 24 * 7, sets: [{ name: 'important', tag: 'backup' }] },
    },
    secrets: { 'pve-home': token.secret },
    stop: async () => {
      if (statePath) await save(sim, statePath);
      await sim.stop();
    },
  };
}
