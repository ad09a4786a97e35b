import type { Page } from '@playwright/test';
import type { Snapshot } from '../../shared/snapshot';
import { callLab, expect, expectAccessible, openApp, openView, screenshot, test } from './helpers';

async function guestPanel(page: Page, name: string, label: RegExp): Promise<ReturnType<Page['locator']>> {
  await openView(page, /^(Guests|虚拟机)/);
  await page.getByRole('searchbox').fill(name);
  await page.getByRole('button', { name: label }).click();
  const panel = page.getByTestId('guest-panel');
  await expect(panel).toBeVisible();
  return panel;
}

// Issue 20: take a snapshot from a guest's panel (guarded guests ask first), a guest's backup history, and the same
// panel for nodes and SSH hosts, against the demo lab's simulators.
test('openwrt carries the way home: its snapshot asks first, then runs as a task and appears in the list (EN)', async ({ page }) => {
  await openApp(page, 'en');
  const snap = await callLab<Snapshot>(page, 'getSnapshot');
  expect(snap.wayHome?.guarded.map((g) => g.name)).toContain('openwrt');
  const panel = await guestPanel(page, 'openwrt', /^Details of openwrt$/);
  await panel.getByRole('button', { name: 'Take snapshot' }).click();
  const form = panel.getByRole('form', { name: 'Take snapshot' });
  const nameBox = form.getByRole('textbox', { name: 'Name' });
  await expect(nameBox).toHaveValue(/^labtray_\d{8}_\d{4}$/);
  // PVE's pve-configid takes no '-': the form says the rule and will not send it.
  await nameBox.fill('before-upgrade');
  await expect(form.getByRole('alert')).toContainText('letters, digits and _ only');
  await expect(form.getByRole('button', { name: 'Take snapshot' })).toBeDisabled();
  const name = `e2e_${Date.now().toString(36)}`;
  await nameBox.fill(name);
  await form.getByRole('textbox', { name: 'Description (optional)' }).fill('taken by the e2e journey');
  await form.getByRole('button', { name: 'Take snapshot' }).click();
  const ask = page.getByRole('dialog', { name: 'Take a snapshot of openwrt?' });
  await expect(ask).toBeVisible();
  await expect(ask).toContainText('openwrt is marked as carrying the way home');
  await screenshot(page, 'snapshot-guard-en');
  await ask.getByRole('button', { name: 'Take snapshot anyway' }).click();
  await expect(panel.getByTestId('snapshot-task')).toHaveText(`Snapshot ${name} taken`, { timeout: 30_000 });
  await expect(panel.getByTestId('snapshots')).toContainText(name);
  await expect(panel.getByTestId('snapshots')).toContainText('taken by the e2e journey');
  await screenshot(page, 'snapshot-taken-en');
});

test('a name already used: the task fails with Proxmox VE\'s words; an unguarded guest is not asked about', async ({ page }) => {
  await openApp(page, 'en');
  const panel = await guestPanel(page, 'docker-compose', /^Details of docker-compose$/);
  await panel.getByRole('button', { name: 'Take snapshot' }).click();
  await panel.getByRole('textbox', { name: 'Name' }).fill('before_jellyfin_10_10');
  await panel.getByRole('form').getByRole('button', { name: 'Take snapshot' }).click();
  await expect(page.getByRole('dialog', { name: /Take a snapshot of/ })).toBeHidden();
  await expect(panel.getByTestId('snapshot-task')).toContainText("snapshot name 'before_jellyfin_10_10' already used", { timeout: 30_000 });
});

test('home-assistant\'s backup history marks the newest as much smaller; docker-compose\'s marks a slow night', async ({ page }) => {
  await openApp(page, 'en');
  let panel = await guestPanel(page, 'home-assistant', /^Details of home-assistant$/);
  const rows = panel.getByTestId('backup-history').getByRole('listitem');
  await expect(rows).toHaveCount(4);
  await expect(rows.first()).toHaveAttribute('data-odd', 'true');
  await expect(rows.first()).toContainText(/less than half the usual size \(6\.\d GiB\)/);
  await expect(rows.first()).toContainText(/took \d+ (s|min)/);
  await expect(panel.locator('[data-odd]')).toHaveCount(1);
  await panel.getByTestId('backup-history').scrollIntoViewIfNeeded();
  await screenshot(page, 'guest-panel-backups-en');
  await page.keyboard.press('Escape');
  panel = await guestPanel(page, 'docker-compose', /^Details of docker-compose$/);
  await expect(panel.getByTestId('backup-history').getByRole('listitem')).toHaveCount(14);
  await expect(panel.locator('[data-odd]')).toHaveCount(1);
  await expect(panel.locator('[data-odd]')).toContainText(/took 2\.\d× the usual time/);
});

test('a node\'s panel: state, history, its disks with their story, its guests, Shut down (EN)', async ({ page }) => {
  await openApp(page, 'en');
  await openView(page, /^Overview/);
  await page.getByRole('button', { name: 'Details of gtr5' }).click();
  const panel = page.getByTestId('node-panel');
  await expect(panel.getByRole('heading', { level: 2 })).toHaveText('Node gtr5');
  await expect(panel.getByTestId('machine-state')).toContainText(/^up /);
  await expect(panel.getByTestId('disk-list')).toContainText('nvme0n1 WD_BLACK SN570 1TB');
  await expect(panel.getByTestId('disk-list')).toContainText('17 % life left');
  await expect(panel.getByTestId('disk-story').getByRole('listitem').first()).toHaveAttribute('data-status', /warn|crit/);
  await expect(panel.getByTestId('node-guests')).toContainText('123 ubuntu-test');
  await expect(panel.getByRole('button', { name: /Shut down/ })).toBeVisible();
  await expect(panel.locator('.history-chart canvas').first()).toBeVisible();
  await screenshot(page, 'node-panel-en');
  await expectAccessible(page);
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();
});

test('a node\'s and an SSH host\'s panel in Chinese fit a 720×480 window', async ({ page }) => {
  await page.setViewportSize({ width: 720, height: 480 });
  await openApp(page, 'zh-CN');
  await openView(page, /^总览/);
  await page.getByRole('button', { name: 'gtr5 的详情' }).click();
  const panel = page.getByTestId('node-panel');
  await expect(panel.getByRole('heading', { level: 2 })).toHaveText('节点 gtr5');
  await expect(panel.getByRole('heading', { name: '磁盘', exact: true })).toBeVisible();
  await expect(panel.getByTestId('disk-list')).toContainText('剩余寿命 17%');
  const box = await panel.boundingBox();
  expect(box && box.width <= 720 && box.height <= 480).toBe(true);
  expect(await panel.evaluate((d) => d.scrollWidth <= d.clientWidth)).toBe(true);
  await screenshot(page, 'node-panel-zh-CN-720');
  await page.keyboard.press('Escape');
  const hostButton = page.locator('[data-open-host]').first();
  const host = await hostButton.getAttribute('data-open-host');
  await hostButton.click();
  const hp = page.getByTestId('host-panel');
  await expect(hp.getByRole('heading', { level: 2 })).toHaveText(`主机 ${host}`);
  await expect(hp.getByTestId('host-findings')).toBeVisible();
  expect(await hp.evaluate((d) => d.scrollWidth <= d.clientWidth)).toBe(true);
  await screenshot(page, 'host-panel-zh-CN-720');
});
