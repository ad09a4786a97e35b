import { expect, openApp, openView, test } from './helpers';

// Issue 9, Network journey: ping an idle peer of the demo tailnet; the ping upgrades it to a direct path.
test('pinging a peer shows its latency and path', async ({ page }) => {
  await openApp(page, 'en');
  await openView(page, /^Network/);
  const button = page.getByRole('button', { name: 'Ping s500plus' });
  await expect(button).toBeEnabled();
  await button.click();
  const row = page.getByRole('row').filter({ has: button });
  // s500plus starts on DERP and turns direct after two disco pings: one click pings until the path is direct.
  await expect(row).toContainText(/\d+(\.\d+)?\s*ms direct/);
  await expect(row).not.toContainText('via DERP');
  await expect(row.locator('.badge-direct')).toBeVisible();
});
