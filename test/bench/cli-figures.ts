import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { BenchOptions } from './core-figures';
import { figure, notMeasured, type Figure } from './stats';

const G = 'cli (the built labtray command, one process per run)';
const root = resolve(import.meta.dirname, '../..');
const bin = join(root, 'out/cli/labtray.mjs');

/** Wall time of one process from spawn to exit; `ok` lists the exit codes that count as a run. */
function timed(args: string[], env: NodeJS.ProcessEnv, ok: number[] = [0]): Promise<number> {
  return new Promise((done, fail) => {
    const t0 = performance.now();
    execFile(process.execPath, args, { env, timeout: 120_000, maxBuffer: 64 << 20 }, (err) => {
      const ms = performance.now() - t0;
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      if (ok.includes(code)) done(ms);
      else fail(new Error(`${args.join(' ')} exited ${code}: ${err?.message ?? ''}`));
    });
  });
}

/** `labtray --help` beside a bare `node -e 0`, run alternately so both see the same machine; then `status --json --demo`. */
export default async function run(o: BenchOptions): Promise<Figure[]> {
  const help = { group: G, name: 'labtray --help (out/cli/labtray.mjs)', unit: 'ms', target: { op: '<=' as const, value: 4, on: 'ratio' as const, label: '≤ 4× node -e 0' } };
  if (!existsSync(bin)) return [notMeasured(help, 'out/cli is not built (npx electron-vite build)')];
  const dir = mkdtempSync(join(tmpdir(), 'labtray-bench-cli-'));
  const env = { ...process.env, HOME: join(dir, 'home'), XDG_CONFIG_HOME: join(dir, 'xdg'), LABTRAY_CONFIG: '', LABTRAY_DEMO_STATE: join(dir, 'demo'), NO_COLOR: '1' };
  try {
    const n = o.quick ? 5 : 21;
    const bare: number[] = [];
    const cli: number[] = [];
    for (let i = -2; i < n; i++) {
      if (i === 0) o.log(`cli: ${n} runs each of node -e 0 and labtray --help`);
      const b = await timed(['-e', '0'], env);
      const c = await timed([bin, '--help'], env);
      if (i >= 0) {
        bare.push(b);
        cli.push(c);
      }
    }
    const figures = [
      figure({ group: G, name: 'node -e 0 (bare Node start)', unit: 'ms', note: `${process.version}, the Node the bench runs on` }, bare),
      figure({ ...help, baseline: { name: 'node -e 0', runs: bare }, note: 'loads the launcher and the help chunks only: no package, no command' }, cli),
    ];
    const m = o.quick ? 2 : 5;
    o.log(`cli: ${m} runs of labtray status --json --demo`);
    const status: number[] = [];
    // Exit 1: the demo lab has critical checks by design.
    for (let i = 0; i < m; i++) status.push(await timed([bin, 'status', '--json', '--demo'], env, [0, 1]));
    figures.push(figure({ group: G, name: 'labtray status --json --demo', unit: 'ms', baseline: { name: 'node -e 0', runs: bare }, note: 'one process: start the demo simulators, poll every source once, print JSON' }, status));
    return figures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
