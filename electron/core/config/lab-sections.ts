import { existsSync } from 'node:fs';
import type { KubeconfigFileView, TailscaleDetected } from '../../../shared/api';
import type { LabConfig } from '../../../shared/config';
import { msg } from '../../../shared/message';
import type { Snapshot } from '../../../shared/snapshot';
import { peerMatches } from '../../../shared/tailscale';
import { findCli } from '../tailscale/cli';
import { defaultSocketPath } from '../tailscale/localapi';
import { ConfigRejected, type ConfigIssue } from './check';

/** What Settings shows of Tailscale: the CLI and the LocalAPI socket as the core would use them (changed only in the config file). */
export function tailscaleDetected(config: LabConfig, platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env, exists: (p: string) => boolean = existsSync): TailscaleDetected {
  const cfg = config.tailscale;
  const cli = findCli(cfg?.cli, platform, env, exists);
  const socket = cfg?.socket ?? defaultSocketPath(platform);
  // A named pipe cannot be looked for like a file: on Windows the CLI speaks for the daemon being installed.
  const socketFound = platform === 'win32' ? null : exists(socket);
  return { cli, socket, socketFound, detected: cli !== null || socketFound === true };
}

export interface TailscaleChoice {
  subnetRouter?: string;
  pinned: string[];
}

/**
 * Settings' Tailscale choice as a config change: the subnet router and the peers to ping, each a peer the tailnet
 * has now (a name typed by hand belongs in the config file). Adds the section when there is none ("Use Tailscale");
 * the CLI and socket stay as the file has them.
 */
export function putTailscale(choice: TailscaleChoice, snapshot: Snapshot): (c: LabConfig) => LabConfig {
  const peers = snapshot.tailscale?.peers ?? [];
  const known = (name: string) => peers.some((p) => peerMatches(p, name));
  const issues: ConfigIssue[] = [];
  if (choice.subnetRouter !== undefined && !known(choice.subnetRouter)) issues.push({ path: 'tailscale.subnetRouter', said: msg('config.unknownPeer', { name: choice.subnetRouter }) });
  choice.pinned.forEach((name, i) => {
    if (!known(name)) issues.push({ path: `tailscale.pinned[${i}]`, said: msg('config.unknownPeer', { name }) });
  });
  return (c) => {
    if (issues.length) throw new ConfigRejected(issues);
    const section = { ...c.tailscale };
    delete section.subnetRouter;
    delete section.pinned;
    return {
      ...c,
      tailscale: { ...section, ...(choice.subnetRouter !== undefined ? { subnetRouter: choice.subnetRouter } : {}), ...(choice.pinned.length ? { pinned: choice.pinned } : {}) },
    };
  };
}

/**
 * Settings' choice of kube contexts as a config change: each one a context of the kubeconfig files read now.
 * Adding a context whose user runs a program to log in is refused by the locked-fields rule (locked.ts).
 */
export function putKubernetes(contexts: readonly string[], files: readonly KubeconfigFileView[]): (c: LabConfig) => LabConfig {
  const all = new Set(files.flatMap((f) => f.contexts.map((x) => x.name)));
  const issues: ConfigIssue[] = [];
  contexts.forEach((name, i) => {
    if (!all.has(name)) issues.push({ path: `kubernetes.contexts[${i}]`, said: msg('config.unknownContext', { name }) });
  });
  return (c) => {
    // No contexts listed would mean every context: choosing none removes the section, unless it names its files (the config file's part).
    if (!contexts.length && c.kubernetes?.kubeconfig !== undefined) issues.push({ path: 'kubernetes.contexts', said: msg('config.noContextChosen') });
    if (issues.length) throw new ConfigRejected(issues);
    if (!contexts.length) {
      const next = { ...c };
      delete next.kubernetes;
      return next;
    }
    return { ...c, kubernetes: { ...c.kubernetes, contexts: [...contexts] } };
  };
}
