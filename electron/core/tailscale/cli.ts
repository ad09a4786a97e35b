import { execFile } from 'node:child_process';
import path from 'node:path';
import { LabError } from '../../../shared/api';

export interface CliOutput {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the tailscale CLI: arguments as a list, never through a shell. */
export type CliExec = (file: string, args: string[], opts: { signal?: AbortSignal; timeoutMs: number }) => Promise<CliOutput>;

/** execFile that resolves on a non-zero exit (tailscale prints its reasons) and rejects only when it could not run. */
export const execCli: CliExec = (file, args, opts) =>
  new Promise((resolve, reject) => {
    execFile(file, args, { signal: opts.signal, timeout: opts.timeoutMs, maxBuffer: 16 * 1024 * 1024, windowsHide: true, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (!err) return resolve({ code: 0, stdout, stderr });
      const e = err as NodeJS.ErrnoException & { code?: string | number; killed?: boolean; signal?: string };
      if (typeof e.code === 'number') return resolve({ code: e.code, stdout, stderr });
      if (e.code === 'ENOENT') return reject(new LabError('tailscale-cli-missing', `the tailscale CLI is not at ${file}; install Tailscale or set tailscale.cli in the config`, { cause: err }));
      if (e.code === 'EACCES') return reject(new LabError('tailscale-cli-missing', `${file} is not executable (EACCES); check tailscale.cli in the config`, { cause: err }));
      if (e.name === 'AbortError') return reject(opts.signal?.reason instanceof Error ? opts.signal.reason : new LabError('aborted', `tailscale ${args[0]} was cancelled`, { cause: err }));
      if (e.killed || e.signal) return reject(new LabError('timeout', `tailscale ${args[0]} did not finish within ${opts.timeoutMs / 1000} s`, { cause: err }));
      reject(new LabError('tailscale-cli', `could not run ${file}: ${err.message}`, { cause: err }));
    });
  });

/** Where each OS installs the CLI, most likely first. */
export function cliCandidates(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string[] {
  const fromPath = (name: string): string[] => (env.PATH ?? env.Path ?? '').split(platform === 'win32' ? ';' : ':').filter(Boolean).map((d) => (platform === 'win32' ? path.win32 : path.posix).join(d, name));
  if (platform === 'win32') {
    const pf = env.ProgramFiles ?? 'C:\\Program Files';
    return [path.win32.join(pf, 'Tailscale', 'tailscale.exe'), ...fromPath('tailscale.exe')];
  }
  if (platform === 'darwin') {
    return ['/Applications/Tailscale.app/Contents/MacOS/Tailscale', '/usr/local/bin/tailscale', '/opt/homebrew/bin/tailscale', ...fromPath('tailscale')];
  }
  return ['/usr/bin/tailscale', '/usr/local/bin/tailscale', '/usr/sbin/tailscale', '/snap/bin/tailscale', ...fromPath('tailscale')];
}

/** The configured CLI, or the first candidate that exists; null when none is installed. */
export function findCli(configured: string | undefined, platform: NodeJS.Platform, env: NodeJS.ProcessEnv, exists: (p: string) => boolean): string | null {
  if (configured) return configured;
  return cliCandidates(platform, env).find(exists) ?? null;
}

/** The first line tailscale wrote about a failure, for the error message. */
export function cliComplaint(out: CliOutput): string {
  const line = (out.stderr.trim() || out.stdout.trim()).split(/\r?\n/).find((l) => l.trim() && !l.startsWith('#'));
  return line?.trim().slice(0, 300) || `exit code ${out.code}`;
}
