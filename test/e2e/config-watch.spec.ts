import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { callLab, screenshot } from './helpers';
import { startPreviewProcess } from './own-lab';
import type { Snapshot } from '../../shared/snapshot';

// Its own preview on its own config file (the shared demo preview has no file to edit).
const hostKey = 'SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s';

/** A host of `hosts:` whose SSH port answers nothing (port 9 on loopback): it shows as unreachable, by name. */
function hostYaml(name: string): string {
  return `  - name: ${name}\n    ssh: { host: 127.0.0.1, port: 9, user: labtray, hostKey: "${hostKey}" }\n`;
}

let dir = '';
let configPath = '';
let stopPreview: (() => Promise<void>) | undefined;
let url = '';

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'labtray-config-watch-'));
  configPath = join(dir, 'config.yaml');
  writeFileSync(configPath, `hosts:\n${hostYaml('orangepi5')}`);
  const preview = await startPreviewProcess(['--config', configPath], { ...process.env, HOME: dir });
  stopPreview = preview.stop;
  url = preview.url;
});

test.afterAll(async () => {
  await stopPreview?.();
  rmSync(dir, { recursive: true, force: true });
});

const hostNames = async (page: Parameters<typeof callLab>[0]): Promise<string[]> => (await callLab<Snapshot>(page, 'getSnapshot')).hosts.map((h) => h.name).sort();

test('an edit of the config file shows in the window; a broken edit is named and the last good config stays', async ({ page }) => {
  await page.goto(url);
  await expect(page.locator('.rollup-text')).not.toHaveText(/Loading|正在加载/);
  await expect(page.locator('#hosts')).toContainText('orangepi5');

  // The owner adds a host in an editor: it appears without a restart.
  writeFileSync(configPath, `hosts:\n${hostYaml('orangepi5')}${hostYaml('rockpi5a')}`);
  await expect(page.locator('#hosts')).toContainText('rockpi5a');
  expect(await hostNames(page)).toEqual(['orangepi5', 'rockpi5a']);

  // A typo: the problem names the file and the line, and both hosts are still shown.
  writeFileSync(configPath, `hosts:\n${hostYaml('orangepi5')}${hostYaml('rock pi')}`);
  const problem = page.locator('.problem-summary', { hasText: 'Config not applied' });
  await expect(problem).toContainText(`${configPath}:4: hosts[1].name: use letters`);
  expect(await hostNames(page)).toEqual(['orangepi5', 'rockpi5a']);
  await screenshot(page, 'config-watch-broken-edit');

  // Fixed: the problem goes and the new config is used.
  writeFileSync(configPath, `hosts:\n${hostYaml('rockpi5a')}`);
  await expect(problem).toHaveCount(0);
  await expect.poll(() => hostNames(page)).toEqual(['rockpi5a']);
});
