import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfigPath } from '../core/config/paths';
import type { Lab } from '../core/lab/lab';
import { openLab as openAnyLab } from '../core/open-lab';
import { EnvSecretStore } from '../core/secrets';

export interface OpenLab {
  lab: Lab;
  close(): Promise<void>;
}

const stderrLog = {
  info: () => undefined,
  warn: () => undefined,
  error: (m: string) => process.stderr.write(`labtray: ${m}\n`),
};

/** The CLI's Lab: the user's config with secrets from the environment, or the demo lab for --demo only. */
export async function openLab(opts: { demo: boolean; configPath?: string }): Promise<OpenLab> {
  const opened = await openAnyLab({
    source: opts.demo ? 'demo' : 'config',
    configPath: opts.configPath ?? defaultConfigPath(),
    explicit: opts.configPath !== undefined,
    secrets: new EnvSecretStore(),
    log: stderrLog,
    // One demo lab across CLI runs: `vm start 101` then `vm reboot 101` acts on the same guest.
    demoStatePath: join(tmpdir(), `labtray-demo-${process.getuid?.() ?? 'user'}`, 'pve-state.json'),
  });
  return { lab: opened.lab, close: opened.close };
}
