import type { LabConfig } from '../../shared/config';

/** One simulated part of the demo lab: config to add, secrets it needs, how to stop it. */
export interface DemoPart {
  config: LabConfig;
  secrets: Record<string, string>;
  stop(): Promise<void>;
}

export interface DemoLab {
  config: LabConfig;
  secrets: Record<string, string>;
  stop(): Promise<void>;
}

type PartStarter = () => Promise<DemoPart>;

/** Starters for each simulated integration (Proxmox, kube, tailscale, SSH hosts). */
async function starters(): Promise<PartStarter[]> {
  const mods = await Promise.all([
    import('./pve/demo'),
    import('./kube/demo'),
    import('./tailscale/demo'),
    import('./ssh/demo'),
  ]);
  return mods.map((m) => m.startDemo);
}

/**
 * Starts the reference homelab on 127.0.0.1: a Proxmox VE simulator with the
 * three nodes and their guests, the three kube clusters, tailscaled's LocalAPI
 * and the SSH hosts. Returns the config that points LabTray at them.
 */
export async function startDemoLab(): Promise<DemoLab> {
  const parts: DemoPart[] = [];
  try {
    for (const start of await starters()) parts.push(await start());
  } catch (err) {
    await Promise.allSettled(parts.map((p) => p.stop()));
    throw err;
  }
  const config: LabConfig = {};
  const secrets: Record<string, string> = {};
  for (const p of parts) {
    Object.assign(secrets, p.secrets);
    for (const [k, v] of Object.entries(p.config) as [keyof LabConfig, unknown][]) {
      const cur = config[k] as unknown;
      (config as Record<string, unknown>)[k] = Array.isArray(cur) && Array.isArray(v) ? [...(cur as unknown[]), ...v] : cur && typeof cur === 'object' ? { ...cur, ...(v as object) } : v;
    }
  }
  return {
    config,
    secrets,
    stop: async () => {
      await Promise.allSettled(parts.map((p) => p.stop()));
    },
  };
}
