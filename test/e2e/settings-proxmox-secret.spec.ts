import type { SettingsView } from '../../shared/api';
import { callLab, expect, expectAccessible, openApp, openView, screenshot, test } from './helpers';

// Issue 9, Settings journey (Proxmox): a cluster whose token secret was never stored gets one from
// its row; the value goes to the core once and is never shown back.
test('a cluster without its token secret gets one from Settings, and the row then says it is stored', async ({ page }) => {
  await openApp(page, 'en');
  const before = await callLab<SettingsView>(page, 'getSettings');
  const home = before.config.proxmox?.[0];
  expect(home, 'the demo lab has a Proxmox cluster').toBeTruthy();
  // The same cluster once more under a name whose secret this lab has never seen.
  const office = { ...home!, name: 'office', tokenSecret: 'secret:pve-office' };
  await callLab(page, 'saveSettings', { config: { ...before.config, proxmox: [...(before.config.proxmox ?? []), office] } });
  try {
    await openView(page, /^Settings/);
    const section = page.locator('#proxmox-settings');
    const homeRow = section.locator('.settings-item').filter({ has: page.getByText('home', { exact: true }) });
    await expect(homeRow.getByTestId('secret-state')).toContainText('secret stored');
    await expect(homeRow.getByRole('button', { name: 'Replace secret' })).toBeVisible();

    const row = section.locator('.settings-item').filter({ has: page.getByText('office', { exact: true }) });
    await expect(row.getByTestId('secret-state')).toContainText('secret missing');
    await row.getByRole('button', { name: 'Set secret' }).click();
    const secret = '5a1c0b7e-93d2-4f8e-a0c4-6e2d9b1f7a35';
    const field = row.getByLabel('New secret for office');
    await expect(field).toHaveAttribute('type', 'password');
    await expect(row.getByRole('button', { name: 'Store secret' })).toBeDisabled();
    await field.fill(secret);
    await screenshot(page, 'settings-set-secret-en');
    await expectAccessible(page);
    await row.getByRole('button', { name: 'Store secret' }).click();

    await expect(row.getByTestId('secret-state')).toContainText('secret stored');
    await expect(row.getByRole('status')).toHaveText('Secret stored. It is not shown again.');
    await expect(row.getByRole('button', { name: 'Replace secret' })).toBeVisible();
    await expect(field).toHaveCount(0);
    const after = await callLab<SettingsView>(page, 'getSettings');
    expect(after.secrets).toContainEqual({ name: 'pve-office', stored: true });
    expect(JSON.stringify(after), 'the core never answers with the secret').not.toContain(secret);
    expect(await page.content(), 'the page never shows it').not.toContain(secret);
  } finally {
    await callLab(page, 'saveSettings', { config: before.config });
  }
});
