import { expect, openApp, screenshot, test } from './helpers';

test('the demo lab’s guests that were never backed up are one counted line that lists them on request', async ({ page }) => {
  await openApp(page, 'en');
  const group = page.locator('#problems li[data-group="group:pve.backupNever:crit"]');
  await expect(group.locator('.problem-summary')).toHaveText(/^\d+ guests have never been backed up$/);
  const count = Number((await group.locator('.problem-summary').textContent())?.split(' ')[0]);
  expect(count).toBeGreaterThanOrEqual(3);
  // Only one line of that kind: the rest of the top of the list is other problems.
  await expect(page.locator('#problems li.problem', { hasText: 'has never been backed up' })).toHaveCount(0);
  await expect(page.locator('#problems li.problem', { hasText: 'k3s-data-1-worker-3 is NotReady' })).toBeVisible();

  const toggle = group.getByRole('button', { name: `List all ${count}` });
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await toggle.click();
  await expect(group.getByRole('button', { name: 'Hide the list' })).toHaveAttribute('aria-expanded', 'true');
  await expect(group.locator('.problem-members li')).toHaveCount(count);
  await expect(group.locator('.problem-members li').first()).toHaveText(/has never been backed up/);
  await screenshot(page, 'overview-problem-group-en');

  await group.getByRole('button', { name: 'Open in Backups' }).click();
  await expect(page.locator('h1.view-title')).toHaveText('Backups');
});
