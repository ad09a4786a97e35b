// The whole test command: lint, typecheck, build, node tests (unit, integration,
// fault), Playwright e2e. Each step's outcome is counted; the last line sums
// every suite as `N passed, N failed, N skipped`. Exits non-zero on any failure.
// `node scripts/test.mjs unit` (or node, e2e, lint, typecheck, build) runs a part.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const only = new Set(process.argv.slice(2));
const want = (name) => only.size === 0 || only.has(name);
const totals = { passed: 0, failed: 0, skipped: 0 };
const scratch = mkdtempSync(join(tmpdir(), 'labtray-test-'));

function run(cmd, args, opts = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: 'inherit', ...opts });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function step(name, cmd, args) {
  console.log(`\n=== ${name}: ${cmd} ${args.join(' ')}`);
  const code = await run(cmd, args);
  if (code === 0) totals.passed += 1;
  else totals.failed += 1;
  console.log(`=== ${name}: ${code === 0 ? 'ok' : `FAILED (exit ${code})`}`);
}

async function nodeTests() {
  const tap = join(scratch, 'node.tap');
  const files = process.env.LABTRAY_TEST_FILES ? process.env.LABTRAY_TEST_FILES.split(' ') : ['test/**/*.test.ts'];
  console.log(`\n=== node tests (${process.version})`);
  const code = await run('node', [
    '--import', 'tsx',
    '--test',
    '--test-concurrency=3',
    '--test-timeout=120000',
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=tap', `--test-reporter-destination=${tap}`,
    ...files,
  ]);
  const text = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
  const count = (k) => Number((text.match(new RegExp(`^# ${k} (\\d+)$`, 'm')) ?? [])[1] ?? 0);
  const passed = count('pass'), failed = count('fail') + count('cancelled'), skipped = count('skipped') + count('todo');
  totals.passed += passed;
  totals.skipped += skipped;
  totals.failed += failed;
  if (code !== 0 && failed === 0) totals.failed += 1; // the runner itself failed
  console.log(`=== node tests: ${passed} passed, ${failed} failed, ${skipped} skipped (exit ${code})`);
}

async function e2e() {
  const out = join(scratch, 'pw.json');
  console.log('\n=== e2e (Playwright, Chromium)');
  const code = await run('npx', ['playwright', 'test'], { env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: out } });
  let stats = null;
  try {
    stats = JSON.parse(readFileSync(out, 'utf8')).stats;
  } catch {
    stats = null;
  }
  if (stats) {
    totals.passed += stats.expected + (stats.flaky ?? 0);
    totals.failed += stats.unexpected;
    totals.skipped += stats.skipped;
  }
  if (code !== 0 && (!stats || stats.unexpected === 0)) totals.failed += 1;
  console.log(`=== e2e: ${stats ? `${stats.expected} passed, ${stats.unexpected} failed, ${stats.skipped} skipped` : 'no report'} (exit ${code})`);
}

if (want('lint')) await step('lint', 'npx', ['eslint', '.']);
if (want('typecheck')) await step('typecheck', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']);
if (want('build') || want('e2e') || want('node')) await step('build', 'npx', ['electron-vite', 'build']);
if (want('node') || want('unit')) await nodeTests();
if (want('e2e')) await e2e();

rmSync(scratch, { recursive: true, force: true });
console.log(`\n${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(totals.failed > 0 ? 1 : 0);
