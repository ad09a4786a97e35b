import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LabError } from '../../shared/api';
import { loadConfig } from '../core/config/load';
import { defaultConfigPath } from '../core/config/paths';
import { saveConfig } from '../core/config/save';
import { createLab } from '../core/create';
import type { Lab } from '../core/lab';
import { EnvSecretStore, MemorySecretStore } from '../core/secrets';
import { startDemoLab } from '../../test/sim/demo-lab';

export interface OpenLab {
  lab: Lab;
  close(): Promise<void>;
}

const stderrLog = {
  info: () => undefined,
  warn: () => undefined,
  error: (m: string) => process.stderr.write(`labtray: ${m}\n`),
};

/** The CLI's Lab: the demo lab's simulators, or the user's config with secrets from the environment. */
export async function openLab(opts: { demo: boolean; configPath?: string }): Promise<OpenLab> {
  if (opts.demo) {
    // One demo lab across CLI runs: `vm start 101` then `vm reboot 101` acts on the same guest.
    const demo = await startDemoLab({ statePath: join(tmpdir(), `labtray-demo-${process.getuid?.() ?? 'user'}`, 'pve-state.json') });
    const lab = createLab({ config: demo.config, secrets: new MemorySecretStore(demo.secrets), demo: true, log: stderrLog });
    return {
      lab,
      close: async () => {
        await lab.stop();
        await demo.stop();
      },
    };
  }
  const path = opts.configPath ?? defaultConfigPath();
  let loaded;
  try {
    loaded = await loadConfig(path);
  } catch (err) {
    if (err instanceof LabError && err.code === 'config-missing' && !opts.configPath) {
      throw new LabError('config-missing', `no config at ${path}: write one (see README, "Configuration"), pass --config FILE, or try --demo`);
    }
    throw err;
  }
  const lab = createLab({ config: loaded.config, secrets: new EnvSecretStore(), configPath: path, saveConfig: (c) => saveConfig(path, c), log: stderrLog });
  return { lab, close: () => lab.stop() };
}
