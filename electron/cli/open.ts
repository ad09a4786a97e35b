import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfigPath } from '../core/config/paths';
import type { Lab } from '../core/lab/lab';
import { openLab as openAnyLab } from '../core/open-lab';
import { EnvSecretStore } from '../core/secrets';

export interface OpenLab {
  lab: Lab;
  demo: boolean;
  /** Always settles, within a deadline: a client that never finishes closing cannot keep the answer from the user. */
  close(): Promise<void>;
}

/** How long closing may take before the CLI gives up on it and exits with the answer it has. */
export const CLOSE_DEADLINE_MS = 5_000;

const stderrLog = {
  info: () => undefined,
  warn: () => undefined,
  error: (m: string) => process.stderr.write(`labtray: ${m}\n`),
};

/**
 * Where the demo lab keeps its state between CLI runs (guest power states,
 * backups, storage use): LABTRAY_DEMO_STATE names the directory, so each test
 * or shell can have its own; by default one per user in the temp directory.
 */
export function demoStateDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.LABTRAY_DEMO_STATE) return env.LABTRAY_DEMO_STATE;
  return join(tmpdir(), `labtray-demo-${process.getuid?.() ?? 'user'}`);
}

export function demoStatePath(env: NodeJS.ProcessEnv = process.env): string {
  return join(demoStateDir(env), 'pve-state.json');
}

/** Forgets what earlier demo runs did: the next run starts from the reference lab. */
export function resetDemoState(env: NodeJS.ProcessEnv = process.env): void {
  rmSync(demoStatePath(env), { force: true });
}

/** Resolves when `work` settles or after `ms`, whichever is first; the timer holds the process open meanwhile. */
export async function within(work: Promise<unknown>, ms: number, onLate: () => void): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), ms);
  });
  try {
    const r = await Promise.race([work.then(() => 'done' as const), late]);
    if (r === 'late') onLate();
  } finally {
    clearTimeout(timer);
  }
}

/** The CLI's Lab: the user's config with secrets from the environment, or the demo lab for --demo only. */
export async function openLab(opts: { demo: boolean; configPath?: string }): Promise<OpenLab> {
  const opened = await openAnyLab({
    source: opts.demo ? 'demo' : 'config',
    configPath: opts.configPath ?? defaultConfigPath(),
    explicit: opts.configPath !== undefined,
    secrets: new EnvSecretStore(),
    log: stderrLog,
    // One demo lab across CLI runs: `vm start 101` then `status` sees the guest running, `backup 111` then `status` sees the backup.
    demoStatePath: demoStatePath(),
  });
  return {
    lab: opened.lab,
    demo: opened.demo,
    close: () => within(opened.close(), CLOSE_DEADLINE_MS, () => stderrLog.error(`closing the connections took longer than ${CLOSE_DEADLINE_MS / 1000} s; exiting anyway`)),
  };
}
