/** An IntegrationContext without a Lab, for driving one integration's actions in tests. */
import type { LabConfig } from '../../shared/config';
import { emptySnapshot, type Snapshot } from '../../shared/snapshot';
import { systemClock, type Clock } from '../../electron/core/clock';
import type { IntegrationContext } from '../../electron/core/lab/integration';
import type { Logger } from '../../electron/core/logger';
import { MemorySecretStore, type SecretStore } from '../../electron/core/secrets';
import { TaskRunner } from '../../electron/core/tasks';

export interface TestContextOptions {
  config: LabConfig;
  secrets?: SecretStore;
  clock?: Clock;
  snapshot?: Snapshot;
}

export function testContext(opts: TestContextOptions): IntegrationContext & { tasks: TaskRunner; logged: string[] } {
  const clock = opts.clock ?? systemClock;
  const logged: string[] = [];
  const log: Logger = { info: (m) => logged.push(m), warn: (m) => logged.push(m), error: (m) => logged.push(m) };
  let config = opts.config;
  return {
    get config() {
      return config;
    },
    clock,
    secrets: opts.secrets ?? new MemorySecretStore(),
    tasks: new TaskRunner(clock, () => undefined),
    snapshot: () => opts.snapshot ?? emptySnapshot(),
    refreshSource: () => undefined,
    updateConfig: async (mutate) => {
      config = mutate(structuredClone(config));
    },
    log,
    logged,
  };
}
