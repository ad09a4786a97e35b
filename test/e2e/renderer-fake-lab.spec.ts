import { installFakeLab, referenceSnapshot } from './fixtures/fake-lab';
import { expect, expectAccessible, openApp, openView, screenshot, test } from './helpers';

// These journeys drive the renderer against an in-page LabApi holding the reference homelab,
// so the views are exercised with full data whatever the demo lab holds today.

test('a guest list of 2,000 stays virtualised and searchable', async ({ page }) => {
  await installFakeLab(page, referenceSnapshot(Date.now(), 2000));
  await openApp(page);
  await openView(page, /^Guests/);
  await expect(page.getByText('2015 of 2015')).toBeVisible();
  const rendered = await page.locator('.tbody [role=row]').count();
  expect(rendered).toBeGreaterThan(5);
  expect(rendered).toBeLessThan(120);
  await page.getByRole('searchbox').fill('load-1999');
  await expect(page.getByText('1 of 2015')).toBeVisible();
  await expect(page.getByRole('row', { name: /load-1999/ })).toBeVisible();
});

test('filters narrow the guests by node, status and tag', async ({ page }) => {
  await installFakeLab(page, referenceSnapshot(Date.now()));
  await openApp(page);
  await openView(page, /^Guests/);
  await page.getByLabel('Node', { exact: true }).selectOption('gtr5');
  await page.getByLabel('Status', { exact: true }).selectOption('stopped');
  await expect(page.getByText('2 of 15')).toBeVisible();
  await page.getByLabel('Tag', { exact: true }).selectOption('test');
  await expect(page.getByText('1 of 15')).toBeVisible();
  await expect(page.getByRole('row', { name: /ubuntu-test/ })).toBeVisible();
});

test('a favourite guest is listed first', async ({ page }) => {
  await installFakeLab(page, referenceSnapshot(Date.now()));
  await openApp(page);
  await openView(page, /^Guests/);
  await page.getByRole('button', { name: 'Favourite win2022' }).click();
  await expect(page.locator('.tbody [role=row]').first()).toContainText('win2022');
  await expect(page.getByRole('button', { name: 'Favourite win2022' })).toHaveAttribute('aria-pressed', 'true');
});

test('stop asks for confirmation and does nothing when cancelled', async ({ page }) => {
  await installFakeLab(page, referenceSnapshot(Date.now()));
  await openApp(page);
  await openView(page, /^Guests/);
  const row = page.getByRole('row', { name: /home-assistant/ });
  await row.getByRole('button', { name: 'Stop home-assistant' }).click();
  const dialog = page.getByRole('dialog', { name: 'Force stop this guest?' });
  await expect(dialog).toBeVisible();
  await screenshot(page, 'guests-confirm-stop-en');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(row.getByTestId('guest-status')).toHaveText(/running/);
  await row.getByRole('button', { name: 'Stop home-assistant' }).click();
  await dialog.getByRole('button', { name: 'Stop' }).click();
  await expect(row.getByTestId('guest-status')).toHaveText(/stopped/);
});

test('start shows "starting…" until the guest runs', async ({ page }) => {
  await installFakeLab(page, referenceSnapshot(Date.now()));
  await openApp(page);
  await openView(page, /^Guests/);
  const row = page.getByRole('row', { name: /win2022/ });
  // The start task is held until "starting…" was seen: a loaded machine cannot skip past it.
  await page.evaluate(() => ((window as unknown as { __labtrayHoldTasks?: boolean }).__labtrayHoldTasks = true));
  await row.getByRole('button', { name: 'Start win2022' }).click();
  await expect(row.getByTestId('guest-status')).toHaveText(/starting…/);
  await page.evaluate(() => ((window as unknown as { __labtrayHoldTasks?: boolean }).__labtrayHoldTasks = false));
  await expect(row.getByTestId('guest-status')).toHaveText(/running/);
});

test('overview lists problems first and links each to its place', async ({ page }) => {
  await installFakeLab(page, referenceSnapshot(Date.now()));
  await openApp(page);
  const first = page.locator('.problem').first();
  await expect(first).toContainText('ubuntu-test (303) has never been backed up');
  await first.getByRole('button', { name: /Open in Guests/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Guests' })).toBeVisible();
  await expect(page.getByRole('searchbox')).toHaveValue('303');
});

test('network shows direct, relayed and idle peers', async ({ page }) => {
  await installFakeLab(page, referenceSnapshot(Date.now()));
  await openApp(page);
  await openView(page, /^Network/);
  await expect(page.getByRole('row', { name: /tailscale-gateway/ })).toContainText('direct');
  await expect(page.getByRole('row', { name: /tailscale-gateway/ })).toContainText('192.168.1.0/24');
  await expect(page.getByRole('row', { name: /orangepi5/ })).toContainText('relay (hkg)');
  await page.getByRole('button', { name: 'Ping tailscale-gateway' }).click();
  await expect(page.getByRole('row', { name: /tailscale-gateway/ })).toContainText('4 ms direct');
});

for (const lang of ['en', 'zh-CN'] as const) {
  test(`the reference homelab in every view (${lang})`, async ({ page }) => {
    await installFakeLab(page, referenceSnapshot(Date.now()));
    await openApp(page, lang);
    for (const v of ['overview', 'guests', 'network', 'kubernetes', 'backups', 'tasks'] as const) {
      await page.locator('.nav-item').nth(['overview', 'guests', 'network', 'kubernetes', 'backups', 'tasks'].indexOf(v)).click();
      await expect(page.locator('.view-title')).toBeVisible();
      await expectAccessible(page);
      await screenshot(page, `lab-${v}-${lang}`);
    }
  });
}
