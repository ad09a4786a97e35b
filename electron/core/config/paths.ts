import { homedir, platform } from 'node:os';
import { join } from 'node:path';

/** The per-user config file: ~/.config/labtray on Linux, Application Support on macOS, %APPDATA% on Windows. */
export function defaultConfigPath(env: NodeJS.ProcessEnv = process.env, os: NodeJS.Platform = platform(), home = homedir()): string {
  if (env.LABTRAY_CONFIG) return env.LABTRAY_CONFIG;
  if (os === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'LabTray', 'config.yaml');
  if (os === 'darwin') return join(home, 'Library', 'Application Support', 'LabTray', 'config.yaml');
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'labtray', 'config.yaml');
}

/** Expands a leading `~/` (kubeconfig, identity files). */
export function expandHome(p: string, home = homedir()): string {
  return p === '~' ? home : p.startsWith('~/') || p.startsWith('~\\') ? join(home, p.slice(2)) : p;
}
