import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Node 24 (the Node that Electron ships), as npm test runs the core. */
export const nodeBin = resolve('node_modules/.bin/node');

// Records every module URL the process loads (ESM and CommonJS alike) and writes them at exit.
const tracer = `import { registerHooks } from 'node:module';
import { writeFileSync } from 'node:fs';
const seen = new Set();
registerHooks({ load(url, context, next) { seen.add(url); return next(url, context); } });
process.on('exit', () => writeFileSync(process.env.LABTRAY_MODULE_TRACE, [...seen].join('\\n')));
`;

export interface TracedRun {
  code: number;
  stdout: string;
  stderr: string;
  /** Every module URL the process loaded. */
  modules: string[];
  /** Whether a module whose URL contains `part` (e.g. `/node_modules/ssh2/`, `/demo/`) was loaded. */
  loaded(part: string): boolean;
}

/** Runs a TypeScript entry (through tsx, as npm scripts do; `tsx: false` for a built bundle) and reports which modules it loaded. */
export async function runTraced(entry: string, args: string[], opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number; tsx?: boolean } = {}): Promise<TracedRun> {
  const dir = mkdtempSync(join(tmpdir(), 'labtray-trace-'));
  try {
    const hook = join(dir, 'trace.mjs');
    const out = join(dir, 'modules.txt');
    writeFileSync(hook, tracer);
    const r = await new Promise<{ code: number; stdout: string; stderr: string }>((ok) => {
      execFile(
        nodeBin,
        [...(opts.tsx === false ? [] : ['--import', 'tsx']), '--import', pathToFileURL(hook).href, entry, ...args],
        { env: { ...process.env, ...opts.env, LABTRAY_MODULE_TRACE: out }, timeout: opts.timeoutMs ?? 60_000, encoding: 'utf8' },
        (err, stdout, stderr) => ok({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
      );
    });
    let modules: string[] = [];
    try {
      modules = readFileSync(out, 'utf8').split('\n').filter(Boolean);
    } catch {
      modules = [];
    }
    return { ...r, modules, loaded: (part) => modules.some((m) => m.includes(part)) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
