import { execFile } from 'node:child_process';
import { nodeBin } from '../../helpers/module-trace';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** The variables a run inherits would make its output depend on who runs the tests: colour and config come only from `env`. */
const inherited = (): NodeJS.ProcessEnv => {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (k === 'NO_COLOR' || k === 'FORCE_COLOR' || k.startsWith('LABTRAY_')) delete env[k];
  return env;
};

/**
 * Runs `labtray` as a child process (through tsx on the Node that Electron ships, as `npm run labtray` does).
 * Every run names its own demo state directory: tests never share the demo lab's state with each other or with a user.
 */
export function runCli(args: string[], opts: { env?: NodeJS.ProcessEnv; demoState: string; timeoutMs?: number }): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      nodeBin,
      ['--import', 'tsx', 'electron/cli/index.ts', ...args],
      { env: { ...inherited(), LABTRAY_DEMO_STATE: opts.demoState, ...opts.env }, timeout: opts.timeoutMs ?? 90_000, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr }),
    );
  });
}
