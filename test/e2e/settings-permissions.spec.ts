import { expect, test } from '@playwright/test';
import { openView, screenshot } from './helpers';
import { homeClusterConfig, openOwnLab, startOwnLab, type OwnLab } from './own-lab';

// A token whose rights differ per guest (PVE's ACLs are per path): Test in Settings says on how many guests a feature
// holds, instead of "no power control" or nothing at all. Its own preview on a PVE simulator, with that token.

let own: OwnLab;

test.beforeAll(async () => {
  own = await startOwnLab({ config: (sims) => homeClusterConfig(sims, '', sims.pve.perGuest) });
});

test.afterAll(async () => {
  await own?.stop();
});

test('Test names a feature the token holds on one guest of all, and what the others lack, in both languages', async ({ page }) => {
  const { guests, nodes } = own.sims.pve;
  await openOwnLab(page, own);
  await openView(page, /^Settings/);
  const homeRow = page.locator('#proxmox-settings .settings-item').filter({ has: page.getByText('home', { exact: true }) });
  await homeRow.getByRole('button', { name: 'Test connection' }).click();
  const result = homeRow.locator('.test-result');
  await expect(result).toContainText(`${nodes.length} nodes found: `);
  await expect(result).toContainText(`Only on 1 of ${guests} guests: power control; the others lack VM.PowerMgmt.`);
  await expect(result).not.toContainText('No power control');
  await expect(result).toContainText('No snapshots: lacks VM.Snapshot.');
  await expect(result).toContainText('No waking and shutting down nodes: lacks Sys.PowerMgmt.');
  await homeRow.evaluate((e) => e.scrollIntoView({ block: 'start' }));
  await screenshot(page, 'settings-test-per-guest-en');

  await openOwnLab(page, own, 'zh-CN');
  try {
    await openView(page, /^设置/);
    const row = page.locator('#proxmox-settings .settings-item').filter({ has: page.getByText('home', { exact: true }) });
    await row.getByRole('button', { name: '测试连接' }).click();
    await expect(row.locator('.test-result')).toContainText(`${guests} 台虚拟机中仅 1 台可以控制电源：其余缺少 VM.PowerMgmt。`);
  } finally {
    await openOwnLab(page, own, 'en');
  }
});
