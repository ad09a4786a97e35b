import { homedir, platform } from 'node:os';
import nodePath, { join, type PlatformPath } from 'node:path';
import type { LabConfig } from '../../../shared/config';

/** The per-user config file: ~/.config/labtray on Linux, Application Support on macOS, %APPDATA% on Windows. */
export function defaultConfigPath(env: NodeJS.ProcessEnv = process.env, os: NodeJS.Platform = platform(), home = homedir()): string {
  if (env.LABTRAY_CONFIG) return env.LABTRAY_CONFIG;
  if (os === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'LabTray', 'config.yaml');
  if (os === 'darwin') return join(home, 'Library', 'Application Support', 'LabTray', 'config.yaml');
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'labtray', 'config.yaml');
}

/** The per-user state folder (what the app remembers that is not configuration, e.g. the first-run choice). */
export function defaultStateDir(env: NodeJS.ProcessEnv = process.env, os: NodeJS.Platform = platform(), home = homedir()): string {
  if (env.LABTRAY_STATE_DIR) return env.LABTRAY_STATE_DIR;
  if (os === 'win32') return join(env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'), 'LabTray');
  if (os === 'darwin') return join(home, 'Library', 'Application Support', 'LabTray');
  return join(env.XDG_STATE_HOME ?? join(home, '.local', 'state'), 'labtray');
}

/** Expands a leading `~/` (kubeconfig, identity files). */
export function expandHome(p: string, home = homedir()): string {
  return p === '~' ? home : p.startsWith('~/') || p.startsWith('~\\') ? join(home, p.slice(2)) : p;
}

function isHomeRelative(p: string): boolean {
  return p === '~' || p.startsWith('~/') || p.startsWith('~\\');
}

/**
 * A file named in the config: relative to the config file's folder (an app started from the Finder or the Start
 * menu runs in `/`, System32 or its install folder, never where the user wrote the file); absolute as written;
 * `~/…` left for its reader to expand. `path` is the OS's path flavour (passed in so each OS can be tested).
 */
export function resolveFromConfig(p: string, configFile: string, path: PlatformPath = nodePath): string {
  if (!p || isHomeRelative(p) || path.isAbsolute(p)) return p;
  return path.join(path.dirname(path.resolve(configFile)), p);
}

/**
 * The config with its file paths resolved against the config file's folder: `caFile` of each Proxmox cluster
 * and of metrics (`~` expanded too: nothing else reads it), and `kubernetes.kubeconfig` (`~` kept: kubeconfig.ts
 * expands it as kubectl does).
 */
export function resolveConfigPaths(config: LabConfig, configFile: string, home = homedir(), path: PlatformPath = nodePath): LabConfig {
  const caFile = (p: string | undefined): string | undefined => (p === undefined ? p : resolveFromConfig(isHomeRelative(p) ? path.join(home, p.slice(2)) : p, configFile, path));
  const out: LabConfig = { ...config };
  if (config.proxmox) out.proxmox = config.proxmox.map((c) => (c.caFile === undefined ? c : { ...c, caFile: caFile(c.caFile) }));
  if (config.metrics?.caFile !== undefined) out.metrics = { ...config.metrics, caFile: caFile(config.metrics.caFile) };
  const kube = config.kubernetes?.kubeconfig;
  if (config.kubernetes && kube !== undefined) {
    out.kubernetes = { ...config.kubernetes, kubeconfig: Array.isArray(kube) ? kube.map((k) => resolveFromConfig(k, configFile, path)) : resolveFromConfig(kube, configFile, path) };
  }
  return out;
}
