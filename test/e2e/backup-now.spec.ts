import { expect, openApp, openView, screenshot, test } from './helpers';

// Issue 9, Backups and Tasks journeys: back up a guest now against the demo lab's Proxmox simulator,
// watch the running backup with its progress, then its freshness turn recent and the task listed.
test('backing up a guest now shows the running backup, then a fresh backup and the finished task', async ({ page }) => {
  await openApp(page, 'en');
  await openView(page, /^Backups/);
  const stale = page.locator('#freshness tr[data-guest]:not([data-freshness="ok"])').filter({ hasText: 'um560' }).first();
  await expect(stale, 'a guest without a recent backup in the demo lab').toBeVisible();
  const key = await stale.getAttribute('data-guest');
  expect(key).toBeTruthy();
  const row = page.locator(`#freshness tr[data-guest="${key}"]`);
  const button = row.getByRole('button', { name: /^Back up .+ now$/ });
  const label = await button.getAttribute('aria-label');
  const name = label!.replace(/^Back up /, '').replace(/ now$/, '');

  await button.click();
  const running = page.locator('#running-backups');
  await expect(running.getByRole('progressbar').first()).toBeVisible();
  await screenshot(page, 'backups-running-en');
  await expect(running).toContainText('No backup is running.', { timeout: 45_000 });
  await expect(row).toHaveAttribute('data-freshness', 'ok', { timeout: 45_000 });
  await expect(row.getByRole('button', { name: `Back up ${name} now` })).toBeEnabled();

  await openView(page, /^Tasks/);
  await expect(page.locator('#tasks-recent')).toContainText(name);
});
