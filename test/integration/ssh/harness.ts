import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HostConfig, LabConfig } from '../../../shared/config';
import { emptySnapshot } from '../../../shared/snapshot';
import { systemClock, type Clock } from '../../../electron/core/clock';
import type { Integration, IntegrationContext, LocationService, SshExecutor } from '../../../electron/core/lab/integration';
import { MemorySecretStore } from '../../../electron/core/secrets';
import { systemAuthEnv, type AuthEnv } from '../../../electron/core/ssh/auth';
import { createSshIntegration, type SshIntegrationDeps } from '../../../electron/core/ssh/integration';
import type { TaskRunner } from '../../../electron/core/tasks';

export interface Harness {
  integration: Integration;
  ctx: IntegrationContext;
  /** The executor the integration offers Wake-on-LAN relays. */
  ssh: SshExecutor;
  /** The config as last saved through ctx.updateConfig. */
  saved: LabConfig[];
  home: string;
  cleanup(): void;
}

/** Builds the SSH integration outside a Lab, with an empty home dir (own ~/.ssh) and no agent unless given. */
export async function harness(hosts: HostConfig[], o: { secrets?: Record<string, string>; env?: NodeJS.ProcessEnv; clock?: Clock; deps?: SshIntegrationDeps; location?: LocationService } = {}): Promise<Harness> {
  const home = mkdtempSync(join(tmpdir(), 'labtray-home-'));
  mkdirSync(join(home, '.ssh'));
  const authEnv: AuthEnv = { ...systemAuthEnv(), env: o.env ?? {}, home };
  const saved: LabConfig[] = [];
  const ctx: IntegrationContext = {
    config: { hosts },
    clock: o.clock ?? systemClock,
    secrets: new MemorySecretStore(o.secrets ?? {}),
    tasks: undefined as unknown as TaskRunner,
    snapshot: () => emptySnapshot(),
    refreshSource: () => undefined,
    updateConfig: async (mutate) => {
      saved.push(mutate(structuredClone(ctx.config)));
    },
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
  };
  const integration = await createSshIntegration({ authEnv, probeTimeoutMs: 20_000, ...o.deps, connection: { connectTimeoutMs: 5_000, ...o.deps?.connection } }).build(ctx, { location: o.location });
  if (!integration?.services?.ssh) throw new Error('no ssh integration for these hosts');
  return {
    integration,
    ctx,
    ssh: integration.services.ssh,
    saved,
    home,
    cleanup: () => {
      void integration.dispose?.();
      rmSync(home, { recursive: true, force: true });
    },
  };
}
