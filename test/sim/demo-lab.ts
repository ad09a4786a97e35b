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

export interface DemoOptions {
  /** Where guest power states are kept between runs (the CLI: one lab across commands). Absent: a fresh lab. */
  statePath?: string;
}

type PartStarter = () => Promise<DemoPart>;

/** Starters for each simulated integration (Proxmox, kube, tailscale, SSH hosts). */
async function starters(opts: DemoOptions): Promise<PartStarter[]> {
  const [pve, kube, tailscale, ssh] = await Promise.all([import('./pve/demo'), import('./kube/demo'), import('./tailscale/demo'), import('./ssh/demo')]);
  return [() => pve.startDemo({ statePath: opts.statePath }), kube.startDemo, tailscale.startDemo, ssh.startDemo];
}

/**
 * Starts the reference homelab on 127.0.0.1: a Proxmox VE simulator with the
 * three nodes and their guests, the three kube clusters, tailscaled's LocalAPI
 * and the SSH hosts. Returns the config that points LabTray at them.
 */
export async function startDemoLab(opts: DemoOptions = {}): Promise<DemoLab> {
  const started = await Promise.allSettled((await starters(opts)).map((start) => start()));
  const parts = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    await Promise.allSettled(parts.map((p) => p.stop()));
    throw failed.reason instanceof Error ? failed.reason : new Error(String(failed.reason));
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
