import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { callLab, expect, previewUrl, screenshot, setLanguage, test } from './helpers';
import type { Snapshot } from '../../shared/snapshot';
import { startPreviewProcess } from './own-lab';

// Issue 18: the tray popover is a renderer route at the popover's own size (380×560), showing the
// tray's model as buttons against the demo lab: the way home, favourites from stars and the
// `labtray` tag, Wake with the way a wake-up goes, and a guarded shutdown that asks first.
test.use({ viewport: { width: 380, height: 560 } });

async function openPopover(page: Page): Promise<void> {
  await page.goto(previewUrl().replace('#', '#surface=popover&'));
  await expect(page.locator('.popover [data-id="summary"]')).not.toHaveText(/Waiting|正在等待/);
}

const item = (page: Page, id: string) => page.locator(`.popover [data-id="${id}"]`);

test('the popover shows the lab at 380×560 without sideways scrolling, in English and Chinese', async ({ page }) => {
  await openPopover(page);
  await setLanguage(page, 'en');
  await expect(item(page, 'way-home')).toHaveText(/^At home · tailscale-gateway up$/);
  // win2022 and home-assistant carry the labtray tag in the demo: favourites without a star.
  await expect(item(page, 'fav:home/101')).toContainText('win2022 (101) — stopped');
  await expect(item(page, 'fav:home/111')).toContainText('home-assistant (111) — running');
  await expect(item(page, 'wake:rockpi5a')).toHaveText('rockpi5a — asleep · from here');
  await expect(item(page, 'wake:orangepi5')).toHaveText('orangepi5 — awake · from here');
  await expect(item(page, 'fav:home/111').getByRole('button', { name: 'Start', exact: true }), 'a running guest offers no Start').toHaveCount(0);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, 'no horizontal scroll').toBeLessThanOrEqual(0);
  await screenshot(page, 'popover-en');
  await setLanguage(page, 'zh-CN');
  await expect(item(page, 'way-home')).toHaveText('在家 · tailscale-gateway 在线');
  await screenshot(page, 'popover-zh-CN');
  await setLanguage(page, 'en');
});

test('starting a favourite from the popover shows it starting, then running', async ({ page }) => {
  await openPopover(page);
  await setLanguage(page, 'en');
  const win = item(page, 'fav:home/101');
  await win.getByRole('button', { name: 'Start', exact: true }).click();
  await expect(win).toContainText(/win2022 \(101\) — (starting…|running)/);
  await expect(win).toContainText('win2022 (101) — running', { timeout: 30_000 });
  // Put the demo back as it was.
  await win.getByRole('button', { name: 'Shut down', exact: true }).click();
  await expect(win).toContainText('win2022 (101) — stopped', { timeout: 30_000 });
});

test('shutting down the subnet router asks first; once confirmed the way home shows it down', async ({ page }) => {
  await openPopover(page);
  await setLanguage(page, 'en');
  await callLab(page, 'savePrefs', { favourites: ['home/110'] });
  const gw = item(page, 'fav:home/110');
  await gw.getByRole('button', { name: 'Shut down — asks first' }).click();
  const ask = page.getByRole('alertdialog');
  await expect(ask).toContainText("tailscale-gateway is the tailnet's subnet router into your home LAN.");
  await expect(ask.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await screenshot(page, 'popover-guard-en');
  await ask.getByRole('button', { name: 'Cancel' }).click();
  expect((await callLab<Snapshot>(page, 'getSnapshot')).tasks.filter((t) => t.targetRef === 'guest:home/110'), 'Cancel sent nothing').toEqual([]);

  await gw.getByRole('button', { name: 'Shut down — asks first' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Shutdown anyway' }).click();
  await expect(item(page, 'way-home')).toHaveText('At home · tailscale-gateway down', { timeout: 30_000 });

  // In the window at its minimum size, the Network view shows the way home and the gateway down too.
  await page.setViewportSize({ width: 720, height: 480 });
  await page.goto(previewUrl().replace('#', '#focus=network&'));
  await expect(page.locator('#way-home')).toContainText('At home · tailscale-gateway down');
  const row = page.locator('#peers tr').filter({ hasText: 'tailscale-gateway' });
  await expect(row.getByRole('img', { name: 'offline' })).toBeVisible();
  await screenshot(page, 'network-gateway-down-en');
  // Then the demo is put back.
  await callLab(page, 'guestAction', { cluster: 'home', vmids: [110], action: 'start' });
  await expect.poll(async () => (await callLab<Snapshot>(page, 'getSnapshot')).wayHome?.router?.path, { timeout: 30_000 }).not.toBe('offline');
  await callLab(page, 'savePrefs', { favourites: [] });
});

test('Open in the popover shows the window at the place asked for (the preview has no second window)', async ({ page }) => {
  await openPopover(page);
  await setLanguage(page, 'en');
  await item(page, 'way-home').click();
  await expect(page.getByRole('navigation').getByRole('button', { name: /^Network/ })).toHaveAttribute('aria-current', 'page');
});

test('the window asks before shutting down the LAN gateway, at its minimum size, and Cancel sends nothing', async ({ page }) => {
  await page.setViewportSize({ width: 720, height: 480 });
  await page.goto(previewUrl().replace('#', '#focus=guests&'));
  await setLanguage(page, 'en');
  await page.getByRole('searchbox').fill('openwrt');
  const row = page.locator('[data-guest="home/100"]');
  // Other specs act on openwrt in the shared demo lab (a snapshot): Cancel must add no task to those.
  const tasksOf = async () => (await callLab<Snapshot>(page, 'getSnapshot')).tasks.filter((t) => t.targetRef === 'guest:home/100').map((t) => t.id);
  const before = await tasksOf();
  await row.getByRole('button', { name: 'Shutdown openwrt' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('openwrt is marked as carrying the way home (ui.protected in the config).');
  await expect(dialog).toContainText('Away from home, you cannot reach the lab without it.');
  await expect(dialog.getByRole('button', { name: 'Shutdown anyway' })).toBeVisible();
  await screenshot(page, 'guests-guard-720-en');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  expect(await tasksOf(), 'Cancel sent nothing').toEqual(before);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, 'no horizontal scroll of the page at 720×480').toBeLessThanOrEqual(0);
});

// Backing up and waking change the lab for good (a backup cannot be undone from here): a demo lab of this test's own,
// so the backup histories other specs read stay as the demo lab starts them.
test.describe('on a demo lab of its own', () => {
  let dir = '';
  let own: { url: string; stop(): Promise<void> } | undefined;
  test.beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'labtray-e2e-act-'));
    const env: NodeJS.ProcessEnv = { ...process.env, HOME: dir, XDG_CONFIG_HOME: join(dir, 'xdg-config'), XDG_STATE_HOME: join(dir, 'xdg-state') };
    for (const k of Object.keys(env)) if (k.startsWith('LABTRAY_')) delete env[k];
    own = await startPreviewProcess(['--demo', '--state', join(dir, 'app-state')], env);
  });
  test.afterAll(async () => {
    await own?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('acting where the problem is, in the window at 720×480: back up from a backup finding, wake a sleeping host from its card', async ({ page }) => {
    await page.setViewportSize({ width: 720, height: 480 });
    await page.goto((own?.url ?? '').replace('#', '#focus=overview&'));
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    const finding = page.locator('#problems li.problem').filter({ hasText: '111 (home-assistant): last backup is 8 days old' });
    await finding.getByRole('button', { name: 'Back up now' }).click();
    await expect(finding.getByRole('button', { name: 'Backup started' })).toBeDisabled();
    await expect.poll(async () => (await callLab<Snapshot>(page, 'getSnapshot')).tasks.some((t) => t.kind === 'backup' && t.targetRef === 'guest:home/111'), { timeout: 10_000 }).toBe(true);
    await expect(page.locator('#problems')).not.toContainText('111 (home-assistant): last backup is 8 days old', { timeout: 60_000 });

    const card = page.locator('#host-rockpi5a');
    await card.scrollIntoViewIfNeeded();
    await card.getByRole('button', { name: 'Wake rockpi5a' }).click();
    await expect(card.getByRole('button', { name: 'Wake rockpi5a' })).toHaveText('waking…');
    await screenshot(page, 'overview-wake-720-en');
    const wake = (await callLab<Snapshot>(page, 'getSnapshot')).tasks.find((t) => t.kind === 'wake' && t.targetRef === 'host:rockpi5a');
    expect(wake?.log.join('\n')).toContain('at home: sending the magic packet to 127.0.0.1');
    expect(await page.locator('#host-orangepi5').getByRole('button', { name: 'Wake orangepi5' }).count(), 'an awake host has no Wake').toBe(0);
  });
});

test('a node shut down from its card (asks, naming its guests) is woken from the same card, and its guests come back', async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 720, height: 480 });
  await page.goto(previewUrl().replace('#', '#focus=node:home/gtr5&'));
  await setLanguage(page, 'en');
  const card = page.locator('#node-gtr5');
  await card.getByRole('button', { name: 'Shut down node gtr5' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText(/Its \d+ running guests stop with it: .*ubuntu-test/);
  await screenshot(page, 'node-shutdown-ask-720-en');
  await dialog.getByRole('button', { name: 'Shut down gtr5' }).click();
  await expect(card).toContainText('offline', { timeout: 60_000 });
  const wake = card.getByRole('button', { name: 'Wake gtr5' });
  await wake.click();
  await expect(card).toContainText(/up \d/, { timeout: 60_000 });
  await expect(wake).toHaveCount(0);
  await expect.poll(async () => (await callLab<Snapshot>(page, 'getSnapshot')).proxmox[0].guests.find((g) => g.name === 'ubuntu-test')?.status, { timeout: 30_000 }).toBe('running');
});
