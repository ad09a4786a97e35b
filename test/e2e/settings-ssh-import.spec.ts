import type { SettingsView } from '../../shared/api';
import { callLab, expect, expectAccessible, openApp, openView, screenshot, test } from './helpers';

// Issue 9, Settings journey (SSH hosts): import a host from the demo owner's ~/.ssh/config (the core
// reads the file; the page never names it), see it listed, then trust the host key LabTray was offered.
test('a host imported from ~/.ssh/config is listed and its host key can be trusted', async ({ page }) => {
  await openApp(page, 'en');
  await openView(page, /^Settings/);
  // The demo lab is shared by the specs that follow: put its config back afterwards.
  const before = await callLab<SettingsView>(page, 'getSettings');
  try {
    const section = page.locator('#host-settings');
    await section.getByRole('button', { name: 'Import from ~/.ssh/config' }).click();

    const form = section.locator('#ssh-import');
    await expect(form.getByRole('heading', { name: /^Hosts in \/.+ssh_config$/ })).toBeVisible();
    const known = form.getByRole('checkbox', { name: 'Import orangepi5', exact: true });
    await expect(known, 'a host LabTray already watches cannot be added twice').toBeDisabled();
    await expect(form.locator('tr[data-candidate="orangepi5"]')).toContainText('already added');
    const candidate = form.locator('tr[data-candidate="orangepi5-tailnet"]');
    await expect(candidate).toContainText(/orangepi@127\.0\.0\.1:\d+/);
    await expect(candidate.locator('td').nth(3), 'the identity file is shown by path').toHaveText(/^\/.+\/id_ed25519$/);
    await expect(candidate.locator('td').nth(4)).toHaveText('new');
    await expect(form.getByRole('button', { name: 'Add the ticked hosts' })).toBeDisabled();
    await expectAccessible(page);
    await screenshot(page, 'settings-ssh-import-en');

    await form.getByRole('checkbox', { name: 'Import orangepi5-tailnet' }).check();
    await form.getByRole('button', { name: 'Add 1 host' }).click();
    await expect(section.getByRole('status')).toContainText('Added 1 host.');
    await expect(form).toBeHidden();

    const row = section.locator('tr[data-host="orangepi5-tailnet"]');
    await expect(row).toBeVisible();
    await expect(row.locator('td').nth(1)).toHaveText(/^orangepi@127\.0\.0\.1:\d+$/);
    // LabTray connects, is shown a key it does not know, and refuses to log in until the user trusts it.
    await expect(row.locator('td').nth(2)).toHaveText(/^offered SHA256:\S+ \(not trusted yet\)$/);
    await row.getByRole('button', { name: 'Trust host key' }).click();
    await expect(row.locator('td').nth(2)).toHaveText(/^SHA256:[A-Za-z0-9+/]{43}$/);
    await expect(row.getByRole('button', { name: 'Trust host key' })).toHaveCount(0);
    await expect(row).toContainText('trusted');
  } finally {
    await callLab(page, 'saveSettings', { config: before.config });
  }
});

test('the import list, secrets and quiet hours read well in Chinese', async ({ page }) => {
  await openApp(page, 'zh-CN');
  await openView(page, /^设置/);
  await expect(page.locator('#proxmox-settings').getByRole('button', { name: '更换密钥' })).toBeVisible();
  const section = page.locator('#host-settings');
  await section.getByRole('button', { name: '从 ~/.ssh/config 导入' }).click();
  const form = section.locator('#ssh-import');
  await expect(form.locator('tr[data-candidate="openwrt"] td').nth(4)).toHaveText('新主机');
  await form.getByRole('checkbox', { name: '导入 openwrt' }).check();
  await expect(form.getByRole('button', { name: '添加 1 台主机' })).toBeEnabled();
  await expectAccessible(page);
  await section.scrollIntoViewIfNeeded();
  await screenshot(page, 'settings-ssh-import-zh-CN');
  const quiet = page.locator('#quiet-hours');
  await quiet.getByLabel('每天的免打扰时段').check();
  await quiet.scrollIntoViewIfNeeded();
  await expect(quiet.locator('#quiet-help')).toHaveText('跨越午夜：从 22:00 起免打扰，直到次日 07:00。');
  await screenshot(page, 'settings-quiet-hours-zh-CN');
});
