import { expect, openApp, openView, test } from './helpers';

// Issue 9, Network journey: ping an idle peer of the demo tailnet; the ping upgrades it to a direct path.
test('pinging a peer shows its latency and path', async ({ page }) => {
  await openApp(page, 'en');
  await openView(page, /^Network/);
  const button = page.getByRole('button', { name: 'Ping s500plus' });
  await expect(button).toBeEnabled();
  await button.click();
  const row = page.getByRole('row').filter({ has: button });
  await expect(row).toContainText(/\d+(\.\d+)?\s*ms (direct|via DERP)/);
});
