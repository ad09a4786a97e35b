import type { Snapshot } from '../../shared/snapshot';
import { callLab, expect, openApp, openView, screenshot, test } from './helpers';

// Favourites, language and theme live in the config's ui section (the tray and notifications read
// them there): the window saves them through the core and reads them back from every snapshot.

const savedPrefs = async (page: Parameters<typeof callLab>[0]): Promise<Snapshot['prefs']> => (await callLab<Snapshot>(page, 'getSnapshot')).prefs;

test('starring a guest in Guests saves it in the config: the core reports it in prefs.favourites', async ({ page }) => {
  await openApp(page, 'en');
  await openView(page, /^Guests/);
  await page.getByRole('searchbox').fill('openwrt');
  const row = page.locator('.tbody [role=row]', { has: page.locator('.guest-name', { hasText: /^openwrt$/ }) });
  const key = await row.getAttribute('data-guest');
  expect(key, 'openwrt is in the demo lab').toMatch(/^[\w.-]+\/100$/);
  expect(await savedPrefs(page)).toMatchObject({ favourites: [] });

  const star = row.getByRole('button', { name: 'Favourite openwrt' });
  await star.click();
  await expect(star).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(async () => (await savedPrefs(page)).favourites).toEqual([key]);
  // The window keeps no copy of its own: after a reload the star comes from the core.
  expect(await page.evaluate(() => JSON.stringify(window.localStorage))).not.toContain(key);
  await page.reload();
  await openView(page, /^Guests/);
  // Favourites are listed first.
  await expect(page.locator('.tbody [role=row]').first()).toHaveAttribute('data-guest', key!);
  await expect(page.locator(`.tbody [role=row][data-guest="${key}"]`).getByRole('button', { name: 'Favourite openwrt' })).toHaveAttribute('aria-pressed', 'true');

  await page.locator(`.tbody [role=row][data-guest="${key}"]`).getByRole('button', { name: 'Favourite openwrt' }).click();
  await expect.poll(async () => (await savedPrefs(page)).favourites).toEqual([]);
});

test('switching to 简体中文 in Settings shows the UI in Chinese, and again after a reload', async ({ page }) => {
  await openApp(page, 'en');
  await openView(page, /^Settings/);
  await page.getByLabel('Language').selectOption('zh-CN');
  await expect(page.getByRole('heading', { level: 1, name: '设置' })).toBeVisible();
  await expect.poll(async () => (await savedPrefs(page)).language).toBe('zh-CN');

  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByRole('navigation').getByRole('button', { name: /^总览/ })).toBeVisible();
  await expect(page.locator('.rollup-text')).toHaveText(/^(一切正常|需要关注|有服务宕机|等待数据)$/);
  expect(await page.evaluate(() => window.localStorage.getItem('labtray.window') ?? '')).not.toContain('zh-CN');
  await openView(page, /^总览/);
  await expect(page.getByRole('heading', { level: 1, name: '总览' })).toBeVisible();
  await screenshot(page, 'prefs-overview-zh-CN');
});

test('favourites and language an earlier version kept in localStorage move into the config once', async ({ page }) => {
  await openApp(page, 'en');
  await callLab(page, 'savePrefs', { language: 'system' });
  const guests = (await callLab<Snapshot>(page, 'getSnapshot')).proxmox.flatMap((c) => c.guests.filter((g) => !g.template).map((g) => `${c.name}/${g.vmid}`));
  const key = guests[0];
  await page.evaluate((k) => {
    window.localStorage.removeItem('labtray.window');
    window.localStorage.setItem('labtray.prefs', JSON.stringify({ view: 'guests', language: 'zh-CN', theme: 'system', favourites: [k], guestSort: { key: 'name', dir: 'asc' } }));
  }, key);
  await page.reload();

  await expect.poll(() => savedPrefs(page)).toMatchObject({ favourites: [key], language: 'zh-CN' });
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByRole('heading', { level: 1, name: '虚拟机' })).toBeVisible();
  await expect.poll(() => page.evaluate(() => window.localStorage.getItem('labtray.prefs'))).toBeNull();
});
