import { expect, openApp, openView, test } from './helpers';

// Issue 9, Settings journey (Proxmox): fetch the demo cluster's certificate, see its SHA-256
// fingerprint match the pinned one, and test the connection. Nothing is saved.
test('fetching a cluster certificate shows its fingerprint and the connection test succeeds', async ({ page }) => {
  await openApp(page, 'en');
  await openView(page, /^Settings/);
  const section = page.locator('#proxmox-settings');
  const item = section.locator('.settings-item').first();
  await expect(item).toBeVisible();
  const pinned = (await item.locator('dd').first().textContent())?.trim() ?? '';
  expect(pinned, 'the demo cluster is pinned by fingerprint').toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/i);

  await item.getByRole('button', { name: 'Fetch certificate' }).click();
  const cert = item.getByRole('group', { name: 'Server certificate' });
  await expect(cert).toBeVisible();
  await expect(cert.locator('dd').first()).toHaveText(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/i);
  await expect(cert).toHaveClass(/cert-same/);
  await expect(cert).toContainText('This is the certificate LabTray trusts.');

  await item.getByRole('button', { name: 'Test connection' }).click();
  await expect(item.locator('.button-row .test-result')).toContainText(/connected to https:\/\//);
  await expect(item.locator('.button-row .test-result .text-crit')).toHaveCount(0);
});
