// `npm run test:e2e:reverse`: runs every e2e test on its own, last test first, on one worker and one shared demo lab,
// to show that no test depends on what an earlier one left behind. Needs the built renderer, as `npm test` does.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const playwright = join('node_modules', '.bin', process.platform === 'win32' ? 'playwright.cmd' : 'playwright');
const dir = mkdtempSync(join(tmpdir(), 'labtray-e2e-order-'));
const listFile = join(dir, 'list.json');
const listing = spawnSync(playwright, ['test', '--list', '--reporter=json'], {
  encoding: 'utf8',
  env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: listFile },
  shell: process.platform === 'win32',
});
if (listing.status !== 0) {
  process.stderr.write(listing.stderr);
  rmSync(dir, { recursive: true, force: true });
  process.exit(listing.status ?? 1);
}
const tests = [];
const walk = (suite, titles) => {
  for (const spec of suite.specs ?? []) tests.push({ file: spec.file, titles: [...titles, spec.title] });
  for (const child of suite.suites ?? []) walk(child, [...titles, child.title]);
};
for (const file of JSON.parse(readFileSync(listFile, 'utf8')).suites) walk(file, []);
const order = join(dir, 'order.json');
writeFileSync(order, JSON.stringify(tests));
process.stdout.write(`${tests.length} e2e tests, run last first\n`);
const run = spawnSync(playwright, ['test', '-c', 'test/e2e/reverse.config.ts', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, LABTRAY_E2E_ORDER: order },
  shell: process.platform === 'win32',
});
rmSync(dir, { recursive: true, force: true });
process.exit(run.status ?? 1);
