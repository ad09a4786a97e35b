import { expect, openApp, openView, screenshot, test } from './helpers';

// Issue 3 acceptance: through the preview bridge, against the demo lab's Proxmox simulator.
test('clicking Start on a stopped guest shows it starting and then running', async ({ page }) => {
  await openApp(page, 'en');
  await openView(page, /^Guests/);
  await page.getByLabel('Status', { exact: true }).selectOption('stopped');
  const firstStopped = page.locator('.tbody [role=row]').first();
  await expect(firstStopped).toBeVisible();
  const key = await firstStopped.getAttribute('data-guest');
  const name = (await firstStopped.locator('.guest-name').textContent())?.trim();
  expect(key, 'a stopped guest in the demo lab').toBeTruthy();
  expect(name).toBeTruthy();

  await page.getByLabel('Status', { exact: true }).selectOption('');
  const row = page.locator(`.tbody [role=row][data-guest="${key}"]`);
  const status = row.getByTestId('guest-status');
  await expect(status).toHaveText(/stopped/);
  await row.getByRole('button', { name: `Start ${name}` }).click();
  await expect(status).toHaveText(/starting…/);
  await screenshot(page, 'guests-starting-en');
  await expect(status).toHaveText(/running/, { timeout: 45_000 });
  await expect(row.getByRole('button', { name: `Shutdown ${name}` })).toBeEnabled();

  await openView(page, /^Tasks/);
  await expect(page.locator('#tasks-recent')).toContainText(name!);
});
