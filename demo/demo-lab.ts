import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LabConfig } from '../shared/config';
import { demoSshConfig } from './ssh/demo-ssh-config';

/** One simulated part of the demo lab: config to add, secrets it needs, how to stop it. */
export interface DemoPart {
  config: LabConfig;
  secrets: Record<string, string>;
  stop(): Promise<void>;
  /** Proxmox VE: tells whether each guest runs, now and after every change (returns the unsubscribe). */
  watchGuests?(listener: (guests: { name: string; running: boolean }[]) => void): () => void;
  /** Tailscale: the machines that are PVE guests follow them (a stopped guest's peer goes offline). */
  followGuests?(guests: { name: string; running: boolean }[]): void;
  /** Proxmox VE: each node's load now (on or off, CPU use), read whenever asked. */
  nodeLoad?(node: string): { online: boolean; cpu: number } | null;
  /** Home Assistant: the plugs follow the nodes' load. */
  followLoad?(load: (node: string) => { online: boolean; cpu: number } | null): void;
}

export interface DemoLab {
  config: LabConfig;
  secrets: Record<string, string>;
  /** The demo owner's ~/.ssh/config (Settings offers its hosts for import). */
  sshConfigPath: string;
  stop(): Promise<void>;
}

export interface DemoOptions {
  /** Where guest power states are kept between runs (the CLI: one lab across commands). Absent: a fresh lab. */
  statePath?: string;
}

interface PartStarter {
  /** What it simulates, for an error that says which part failed. */
  name: string;
  start: () => Promise<DemoPart>;
}

/** Starters for each simulated integration (Proxmox, kube, tailscale, SSH hosts, VictoriaMetrics). */
async function starters(opts: DemoOptions): Promise<PartStarter[]> {
  const [pve, kube, tailscale, ssh, metrics, ha] = await Promise.all([
    import('./pve/demo'),
    import('./kube/demo'),
    import('./tailscale/demo'),
    import('./ssh/demo'),
    import('./metrics/demo'),
    import('./homeassistant/demo'),
  ]);
  return [
    { name: 'Proxmox VE simulator', start: () => pve.startDemo({ statePath: opts.statePath }) },
    { name: 'Kubernetes API servers', start: () => kube.startDemo() },
    { name: 'tailscaled LocalAPI', start: () => tailscale.startDemo() },
    { name: 'SSH hosts', start: () => ssh.startDemo() },
    { name: 'VictoriaMetrics', start: () => metrics.startDemo() },
    { name: 'Home Assistant', start: () => ha.startDemo() },
  ];
}

/**
 * Starts the reference homelab on 127.0.0.1: a Proxmox VE simulator with the
 * three nodes and their guests, the three kube clusters, tailscaled's LocalAPI,
 * the SSH hosts and the VictoriaMetrics that scrapes the nodes' node_exporter.
 * Returns the config that points LabTray at them.
 */
export async function startDemoLab(opts: DemoOptions = {}): Promise<DemoLab> {
  const list = await starters(opts);
  const started = await Promise.allSettled(list.map((p) => p.start()));
  const parts = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failed = started.flatMap((r, i) => (r.status === 'rejected' ? [`its ${list[i].name}: ${r.reason instanceof Error ? r.reason.message : String(r.reason)}`] : []));
  if (failed.length) {
    await Promise.allSettled(parts.map((p) => p.stop()));
    const first = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    throw new Error(`the demo lab could not start ${failed.join('; ')}`, { cause: first?.reason });
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
  // The tailnet follows the cluster: shut down tailscale-gateway's VM and its peer goes offline, start it and it is back.
  const follower = parts.find((p) => p.followGuests);
  const unwatch = follower ? parts.find((p) => p.watchGuests)?.watchGuests?.((g) => follower.followGuests?.(g)) : undefined;
  // The plugs follow the cluster: a node shut down draws about a watt, a busy one more.
  const loads = parts.find((p) => p.nodeLoad);
  if (loads) for (const p of parts) p.followLoad?.((node) => loads.nodeLoad?.(node) ?? null);
  const dir = mkdtempSync(join(tmpdir(), 'labtray-demo-home-'));
  const sshConfigPath = join(dir, 'ssh_config');
  writeFileSync(sshConfigPath, demoSshConfig(config.hosts ?? []), { mode: 0o600 });
  return {
    config,
    secrets,
    sshConfigPath,
    stop: async () => {
      unwatch?.();
      await Promise.allSettled(parts.map((p) => p.stop()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
