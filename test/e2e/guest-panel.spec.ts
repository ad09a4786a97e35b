import { expect, expectAccessible, openApp, openView, screenshot, test } from './helpers';
import type { Page } from '@playwright/test';

async function openPanel(page: Page, name: string, label: RegExp): Promise<ReturnType<Page['locator']>> {
  await openView(page, /^(Guests|虚拟机)/);
  await page.getByRole('searchbox').fill(name);
  await page.getByRole('button', { name: label }).click();
  const panel = page.locator('dialog.guest-panel');
  await expect(panel).toBeVisible();
  return panel;
}

// Issue 20: a guest's whole story in one panel, read on demand from the demo lab's Proxmox simulator.
test('home-assistant\'s panel shows its address, charts, snapshots, backups and links (EN)', async ({ page }) => {
  await openApp(page, 'en');
  const panel = await openPanel(page, 'home-assistant', /^Details of home-assistant$/);
  await expect(panel.getByRole('heading', { level: 2 })).toHaveText('home-assistant (111)');
  await expect(panel.getByTestId('guest-state')).toContainText(/running · s500plus · up /);
  await expect(panel.getByTestId('addresses')).toContainText('192.168.1.30');
  await expect(panel.getByRole('button', { name: 'Copy 192.168.1.30' })).toBeVisible();
  await expect(panel.getByTestId('config')).toHaveText(/2 cores · 2(\.0)? GiB · scsi0 20G/);
  await expect(panel.getByTestId('snapshots')).toContainText('zigbee_ok');
  await expect(panel.getByTestId('backups')).toContainText('usb-backup');
  await expect(panel.getByTestId('next-backup')).toHaveText('No scheduled backup job includes this guest');
  await expect(panel.getByRole('link', { name: 'Home Assistant' })).toHaveAttribute('href', 'http://192.168.1.30:8123');
  await expect(panel.getByRole('link', { name: 'Console in Proxmox VE' })).toHaveAttribute('href', /console=kvm.*vmid=111/);
  // Four uPlot charts for the hour, each with a drawn canvas; the day is another read.
  await expect(panel.locator('.history-grid[data-timeframe=hour] .history-chart canvas')).toHaveCount(4);
  await panel.getByRole('button', { name: 'Day', exact: true }).click();
  await expect(panel.locator('.history-grid[data-timeframe=day] .history-chart canvas')).toHaveCount(4);
  await screenshot(page, 'guest-panel-en');
  await expectAccessible(page);
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();
});

test('tailscale-gateway shows its tailnet address and next backup; ubuntu-test says its agent is not running', async ({ page }) => {
  await openApp(page, 'en');
  let panel = await openPanel(page, 'tailscale-gateway', /^Details of tailscale-gateway$/);
  await expect(panel.getByTestId('addresses')).toContainText('100.88.10.1');
  await expect(panel.getByTestId('next-backup')).toContainText(/^Next backup: /);
  await page.keyboard.press('Escape');
  panel = await openPanel(page, 'ubuntu-test', /^Details of ubuntu-test$/);
  await expect(panel.getByTestId('address-gap')).toHaveText(/QEMU guest agent is not running/);
  await expect(panel.getByTestId('config')).toContainText('2 cores');
});

test('the panel in Chinese fits a 720×480 window', async ({ page }) => {
  await page.setViewportSize({ width: 720, height: 480 });
  await openApp(page, 'zh-CN');
  const panel = await openPanel(page, 'home-assistant', /^home-assistant 的详情$/);
  await expect(panel.getByTestId('addresses')).toContainText('192.168.1.30');
  await expect(panel.getByRole('button', { name: '复制 192.168.1.30' })).toBeVisible();
  await expect(panel.getByRole('heading', { name: '历史' })).toBeVisible();
  await expect(panel.locator('.history-chart canvas')).toHaveCount(4);
  await expect(panel.getByTestId('next-backup')).toHaveText('没有包含此虚拟机的定时备份任务');
  const box = await panel.boundingBox();
  expect(box && box.width <= 720 && box.height <= 480).toBe(true);
  // No sideways scrolling inside the panel.
  expect(await panel.evaluate((d) => d.scrollWidth <= d.clientWidth)).toBe(true);
  await screenshot(page, 'guest-panel-zh-CN-720');
});

test('the node cards on screen draw an hour of CPU as a sparkline', async ({ page }) => {
  await openApp(page, 'en');
  await openView(page, /^Overview/);
  const line = page.locator('#node-um560 .sparkline');
  await expect(line).toHaveAttribute('data-loaded', 'true');
  await expect(line.locator('canvas')).toHaveCount(1);
  await expect(line).toHaveAccessibleName('CPU of um560 over the last hour');
  await screenshot(page, 'overview-sparklines-en');
});
