// `npm run bench`: LabTray's figures (issue 10). Prints a table; `--json FILE`
// writes the same figures. `--quick` shortens every window (for trying the
// harness, not for quoting); `--only a,b` runs some groups.
import { writeFile } from 'node:fs/promises';
import { cpus, platform, release } from 'node:os';
import { performance } from 'node:perf_hooks';
import { quietIdleGc } from '../../electron/core/idle-gc';
import { idleCost, memory, startup, type BenchOptions } from './core-figures';
import { pveCluster } from './scale';
import { figure, notMeasured, repeat, table, type Figure } from './stats';

// The core runs with the V8 setting the app and the preview use (see electron/core/idle-gc.ts).
quietIdleGc();

type Group = (o: BenchOptions) => Promise<Figure[]>;

/** A fixed CPU task, so figures from different machines and runs can be compared. */
const machine: Group = async () => {
  const c = pveCluster('calib', 3000);
  const runs = await repeat(7, () => {
    const t0 = performance.now();
    for (let i = 0; i < 5; i++) JSON.parse(JSON.stringify(c));
    return performance.now() - t0;
  }, 2);
  return [figure({ group: 'machine', name: 'calibration: 5 × JSON round trip of 3,000 guests', unit: 'ms', note: 'divide timings by this to compare machines' }, runs)];
};

const lazy = (load: () => Promise<{ default: Group }>): Group => async (o) => (await load()).default(o);

const groups: [string, Group][] = [
  ['machine', machine],
  ['idle', idleCost],
  ['memory', memory],
  ['startup', startup],
  ['idle-real', lazy(async () => ({ default: (await import('./real-figures')).idleReal }))],
  ['startup-real', lazy(async () => ({ default: (await import('./real-figures')).startupReal }))],
  ['proxmox', lazy(() => import('./pve-figures'))],
  ['power', lazy(() => import('./power-figures'))],
  ['blackhole', lazy(() => import('./blackhole'))],
  ['click', lazy(() => import('./click'))],
  ['scale', lazy(() => import('./scale-figures'))],
  ['renderer', lazy(() => import('./renderer'))],
  ['history', lazy(() => import('./history-figures'))],
  ['cli', lazy(() => import('./cli-figures'))],
];

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const jsonAt = args.indexOf('--json');
  const jsonFile = jsonAt >= 0 ? args[jsonAt + 1] : null;
  const onlyAt = args.indexOf('--only');
  const only = onlyAt >= 0 ? new Set(args[onlyAt + 1].split(',')) : null;
  const quick = args.includes('--quick');
  if (!(globalThis as { gc?: unknown }).gc) {
    console.error('run with node --expose-gc --import tsx test/bench/run.ts (npm run bench does)');
    process.exit(2);
  }
  const o: BenchOptions = { quick, log: (m) => console.error(`  … ${m}`) };
  // The core's timers are unref'd (a tray app never holds a CLI open): hold the process open while measuring.
  const keepAlive = setInterval(() => undefined, 2 ** 30);
  const started = performance.now();
  const figures: Figure[] = [];
  for (const [name, run] of groups) {
    if (only && !only.has(name)) continue;
    console.error(`bench: ${name}`);
    const t0 = performance.now();
    try {
      figures.push(...(await run(o)));
    } catch (err) {
      const why = err instanceof Error ? err.message.split('\n')[0] : String(err);
      console.error(`bench: ${name} failed: ${err instanceof Error ? err.stack : why}`);
      figures.push(notMeasured({ group: name, name: '(whole group)', unit: '' }, why));
    }
    console.error(`bench: ${name} took ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  clearInterval(keepAlive);
  const seconds = (performance.now() - started) / 1000;
  const head = `LabTray bench — ${new Date().toISOString()} — node ${process.version}, ${platform()} ${release()}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}${quick ? ' — QUICK (not for quoting)' : ''}`;
  console.log(`\n${head}\n\n${table(figures)}\n\ntook ${seconds.toFixed(0)} s`);
  if (jsonFile) {
    await writeFile(jsonFile, JSON.stringify({ startedAt: new Date(Date.now() - seconds * 1000).toISOString(), seconds, quick, node: process.version, platform: platform(), cpus: cpus().length, cpuModel: cpus()[0]?.model ?? null, figures }, null, 2) + '\n');
    console.error(`bench: figures written to ${jsonFile}`);
  }
}

await main();
