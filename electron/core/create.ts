import type { LabConfig } from '../../shared/config';
import type { Snapshot } from '../../shared/snapshot';
import type { Clock } from './clock';
import type { IntegrationFactory, Logger } from './integration';
import { allIntegrations } from './integrations';
import { Lab } from './lab';
import type { SecretStore } from './secrets';

export interface CreateLabOptions {
  config: LabConfig;
  secrets: SecretStore;
  demo?: boolean;
  configPath?: string | null;
  /** The ssh config Settings offers to import from; default ~/.ssh/config. */
  sshConfigPath?: string;
  saveConfig?: (c: LabConfig) => Promise<void>;
  clock?: Clock;
  log?: Logger;
  factories?: IntegrationFactory[];
  cache?: { load(): Snapshot | null; save(s: Snapshot): void };
}

/** The Lab with every integration, as each shell starts it. */
export function createLab(opts: CreateLabOptions): Lab {
  return new Lab({ ...opts, factories: opts.factories ?? allIntegrations });
}
