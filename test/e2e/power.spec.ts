import type { Page } from '@playwright/test';
import type { Snapshot } from '../../shared/snapshot';
import { callLab, expect, expectAccessible, openApp, openView, screenshot, test } from './helpers';

/** gtr5's running guests now: other specs start and stop guests of the shared demo lab. */
async function gtr5Guests(page: Page): Promise<number> {
  const snap = await callLab<Snapshot>(page, 'getSnapshot');
  return snap.proxmox.flatMap((c) => c.guests).filter((g) => g.node === 'gtr5' && g.status === 'running' && !g.template).length;
}

// Issue 20: what the lab costs, from the demo lab's Home Assistant (plugs at the owner's measured draw, 1.5 CNY/kWh).
test('the Power view shows each plug, the total, the month’s cost, 30 days and the advice for gtr5 (EN)', async ({ page }) => {
  await openApp(page, 'en');
  await openView(page, /^Power/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Power');
  for (const name of ['um560', 's500plus', 'gtr5', 'router', 'disk enclosure']) await expect(page.locator(`tr[data-machine="${name}"]`)).toBeVisible();
  await expect(page.locator('tr[data-machine="gtr5"] td.num').first()).toHaveText(/^3[5-9](\.\d)?$/);
  await expect(page.locator('tr[data-machine="router"] td.num').first()).toHaveText('10');
  await expect(page.getByTestId('power-total')).toContainText(/^Drawing now(8[89]|9\d)(\.\d)? W$/);
  await expect(page.getByTestId('power-month')).toContainText(/\d+\.\d kWh · CN¥\d+(\.\d+)?/);
  await expect(page.getByTestId('power-month')).toContainText('at CN¥1.5 per kWh');
  await expect(page.locator('.power-chart[data-days="30"] canvas')).toHaveCount(1);
  const advice = page.locator('li.power-advice[data-node="gtr5"]');
  const n = await gtr5Guests(page);
  expect(n, 'gtr5 runs guests').toBeGreaterThan(1);
  await expect(advice).toContainText(new RegExp(`gtr5 costs CN¥3\\d(\\.\\d+)? a month at low load; its ${n} guests fit on (s500plus and um560|um560 and s500plus) — move them and let it sleep`));
  await expect(advice.locator('.power-arithmetic')).toHaveText(/^3\d(\.\d)? W × 720 h = 2\d\.\d kWh × CN¥1\.5 = CN¥3\d(\.\d+)?$/);
  await expect(page.locator('#power-guests tr')).toHaveCount(8);
  await screenshot(page, 'power-advice-en');
  await expectAccessible(page);
});

test('the Power view in Chinese at 720×480: yuan, the advice, no sideways scrolling', async ({ page }) => {
  await page.setViewportSize({ width: 720, height: 480 });
  await openApp(page, 'zh-CN');
  await openView(page, /^电费/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('电费');
  await expect(page.getByTestId('power-month')).toContainText(/\d+\.\d 度 · ¥\d+(\.\d+)?/);
  const n = await gtr5Guests(page);
  await expect(page.locator('li.power-advice[data-node="gtr5"]')).toContainText(new RegExp(`gtr5 低负载时每月电费 ¥3\\d(\\.\\d+)?；它的 ${n} 台虚拟机可以放到 (s500plus和um560|um560和s500plus) 上——迁移后让它休眠`));
  await expect(page.locator('.power-arithmetic')).toHaveText(/^3\d(\.\d)? 瓦 × 720 小时 = 2\d\.\d 度 × ¥1\.5 = ¥3\d(\.\d+)?$/);
  await expect(page.locator('.power-chart canvas')).toHaveCount(1);
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
  expect(await page.locator('main.content').evaluate((m) => m.scrollWidth <= m.clientWidth)).toBe(true);
  await screenshot(page, 'power-zh-CN-720');
});
