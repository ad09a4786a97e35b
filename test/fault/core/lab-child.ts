/**
 * The long-running core in a process of its own, for tests that measure it
 * from outside: opens the Lab on the config file given as the first argument,
 * prints one JSON line per snapshot (each source's id, error and last update),
 * answers "ping" on stdin with "pong", and stops on "stop".
 */
import { createInterface } from 'node:readline';
import { loadConfig } from '../../../electron/core/config/load';
import type { Logger } from '../../../electron/core/logger';
import { createLab } from '../../../electron/core/open-lab';
import { MemorySecretStore } from '../../../electron/core/secrets';

const log: Logger = { info: () => undefined, warn: () => undefined, error: (m) => process.stderr.write(`${m}\n`) };
const { config } = await loadConfig(process.argv[2]);
const lab = createLab({ config, secrets: new MemorySecretStore(), log });
const say = (o: unknown): boolean => process.stdout.write(`${JSON.stringify(o)}\n`);
lab.on('snapshot', (s) => say({ sources: s.sources.map((m) => ({ id: m.id, error: m.error, updatedAt: m.updatedAt })) }));
createInterface({ input: process.stdin }).on('line', (line) => {
  if (line === 'ping') say({ pong: true });
  if (line === 'stop') void lab.stop().then(() => process.exit(0));
});
await lab.start();
say({ started: true });
