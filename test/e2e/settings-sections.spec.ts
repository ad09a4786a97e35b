import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callLab, expect, openApp, openView, screenshot, test } from './helpers';
import { startPreviewProcess } from './own-lab';
import type { SettingsView } from '../../shared/api';
import type { Snapshot } from '../../shared/snapshot';

/** The page does not scroll sideways (a table may scroll inside its own section). */
async function noSideScroll(page: Parameters<typeof screenshot>[0]): Promise<void> {
  const over = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(over).toBeLessThanOrEqual(0);
}

test.describe('first run: the welcome in a preview with no config', () => {
  let dir = '';
  let stopPreview: (() => Promise<void>) | undefined;
  let url = '';
  const configPath = () => join(dir, 'xdg-config', 'labtray', 'config.yaml');

  test.beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'labtray-welcome-e2e-'));
    const env: NodeJS.ProcessEnv = { ...process.env, HOME: dir, XDG_CONFIG_HOME: join(dir, 'xdg-config'), XDG_STATE_HOME: join(dir, 'xdg-state') };
    delete env.LABTRAY_CONFIG;
    delete env.LABTRAY_STATE_DIR;
    const preview = await startPreviewProcess([], env);
    stopPreview = preview.stop;
    url = preview.url;
  });

  test.afterAll(async () => {
    await stopPreview?.();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the welcome at 720×480; "Set up my lab" writes an empty config, leaves the demo and opens Settings → Lab', async ({ page }) => {
    await page.setViewportSize({ width: 720, height: 480 });
    await page.goto(url);
    const welcome = page.getByTestId('welcome');
    await expect(welcome).toBeVisible();
    await expect(welcome).toContainText('Welcome to LabTray');
    await expect(page.getByTestId('welcome-demo')).toHaveText('Explore the demo lab');
    await noSideScroll(page);
    await screenshot(page, 'welcome-720-en');
    expect(existsSync(configPath())).toBe(false);
    await page.getByTestId('welcome-setup').click();
    await expect(welcome).toBeHidden();
    await expect(page.locator('#proxmox-settings')).toBeVisible();
    await expect(page.locator('.view-settings')).toContainText(configPath());
    expect(readFileSync(configPath(), 'utf8')).toMatch(/^# LabTray configuration[^\n]*\n\{\}\n$/);
    const snap = await callLab<Snapshot>(page, 'getSnapshot');
    expect([snap.demo, snap.notSetUp, snap.welcome, snap.proxmox.length]).toEqual([false, true, undefined, 0]);
    await noSideScroll(page);
    // A reload does not bring the welcome back, and nothing of the demo is shown.
    await page.reload();
    await expect(page.locator('.rollup-text')).not.toHaveText(/Loading/);
    await expect(welcome).toHaveCount(0);
    await expect(page.locator('.tag-demo')).toHaveCount(0);
  });
});

test.describe('Settings → Tailscale and Kubernetes in the demo lab', () => {
  test('shows what was detected, the routers first, and saves the choices through the core', async ({ page }) => {
    await page.setViewportSize({ width: 720, height: 480 });
    await openApp(page);
    await openView(page, 'Settings');
    const ts = page.locator('#tailscale-settings');
    const before = (await callLab<SettingsView>(page, 'getSettings')).config.tailscale;
    await expect(ts).toContainText(before?.cli ?? 'no cli');
    await expect(ts).toContainText(before?.socket ?? 'no socket');
    await expect(ts).toContainText('change only in the config file');
    const select = page.getByTestId('subnet-router');
    await expect(select).toHaveValue('tailscale-gateway');
    // The first peer offered is one that routes a LAN.
    await expect(select.locator('option').nth(1)).toContainText('routes');
    for (const peer of before?.pinned ?? []) await expect(page.getByTestId(`ping-peer-${peer}`)).toBeChecked();
    await ts.scrollIntoViewIfNeeded();
    await screenshot(page, 'settings-tailscale-720-en');
    await noSideScroll(page);
    // Saved as it was: the core checks the peers and answers "Saved."; the config is the same.
    await page.getByTestId('tailscale-save').click();
    await expect(ts.getByRole('status')).toHaveText('Saved.');
    expect((await callLab<SettingsView>(page, 'getSettings')).config.tailscale).toEqual(before);

    const kube = page.locator('#kube-settings');
    const contexts = (await callLab<SettingsView>(page, 'getSettings')).config.kubernetes?.contexts ?? [];
    expect(contexts.length).toBeGreaterThan(0);
    for (const c of contexts) await expect(page.getByTestId(`kube-context-${c}`)).toBeChecked();
    await kube.scrollIntoViewIfNeeded();
    await screenshot(page, 'settings-kube-720-en');
    await page.getByTestId('kube-save').click();
    await expect(kube.getByRole('status')).toHaveText('Saved.');
    expect((await callLab<SettingsView>(page, 'getSettings')).config.kubernetes?.contexts).toEqual(contexts);
    await noSideScroll(page);
  });

  test('the cluster form offers tailnet peers named like PVE nodes as endpoints, added only when clicked', async ({ page }) => {
    await page.setViewportSize({ width: 720, height: 480 });
    await openApp(page);
    await openView(page, 'Settings');
    const before = (await callLab<SettingsView>(page, 'getSettings')).config;
    await page.locator('#proxmox-settings').getByRole('button', { name: 'Add cluster' }).click();
    const form = page.getByRole('form', { name: 'Add cluster' });
    await form.getByTestId('tailnet-find').click();
    const offer = form.getByTestId('tailnet-endpoint-gtr5');
    await expect(offer).toContainText(/Add https:\/\/gtr5\.[a-z0-9.-]+:8006/);
    await expect(form).toContainText('gtr5 is named like a node of your lab');
    const url = (await offer.textContent())?.replace(/^Add /, '') ?? '';
    await expect(form.locator(`input[value="${url}"]`)).toHaveCount(0);
    await offer.click();
    await expect(form.locator(`input[value="${url}"]`)).toHaveCount(1);
    await expect(offer).toHaveCount(0);
    await form.scrollIntoViewIfNeeded();
    await screenshot(page, 'cluster-tailnet-endpoint-720-en');
    await noSideScroll(page);
    await form.getByRole('button', { name: 'Cancel' }).click();
    expect((await callLab<SettingsView>(page, 'getSettings')).config).toEqual(before);
  });
});
