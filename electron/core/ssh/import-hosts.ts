import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { LabError, type SshConfigHosts } from '../../../shared/api';
import type { LabConfig } from '../../../shared/config';
import { importSshConfig } from './import-config';

/** An ssh config is a few kilobytes; anything this large is not one. */
const MAX_BYTES = 1 << 20;

export function defaultSshConfigPath(home: string = homedir()): string {
  return join(home, '.ssh', 'config');
}

/**
 * The hosts of an ssh config file as import candidates, each marked when the
 * LabTray config already has a host of that name. A missing file is an empty
 * list, not an error. Only what the file says is returned: identity files stay
 * paths, and no key is ever opened.
 */
export async function sshConfigHosts(path: string, config: LabConfig, read: (p: string) => Promise<string> = (p) => readFile(p, 'utf8')): Promise<SshConfigHosts> {
  let text: string;
  try {
    text = await read(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { path, found: false, hosts: [] };
    throw new LabError('ssh-config', `cannot read ${path}: ${(err as Error).message}`, { cause: err });
  }
  if (text.length > MAX_BYTES) throw new LabError('ssh-config', `${path} is larger than 1 MB; that is not an ssh config`);
  let hosts;
  try {
    hosts = importSshConfig(text);
  } catch (err) {
    throw new LabError('ssh-config', `${path} does not parse: ${(err as Error).message}`, { cause: err });
  }
  const have = new Set((config.hosts ?? []).map((h) => h.name));
  return { path, found: true, hosts: hosts.map((host) => ({ host, configured: have.has(host.name) })) };
}
