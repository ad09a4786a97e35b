import { expect, expectAccessible, openApp, openView, screenshot, test } from './helpers';

const views = [
  { id: 'overview', en: 'Overview', zh: '总览' },
  { id: 'guests', en: 'Guests', zh: '虚拟机' },
  { id: 'network', en: 'Network', zh: '网络' },
  { id: 'kubernetes', en: 'Kubernetes', zh: 'Kubernetes' },
  { id: 'backups', en: 'Backups', zh: '备份' },
  { id: 'tasks', en: 'Tasks', zh: '任务' },
  { id: 'power', en: 'Power', zh: '电费' },
  { id: 'settings', en: 'Settings', zh: '设置' },
];

for (const lang of ['en', 'zh-CN'] as const) {
  test.describe(`every view in ${lang}`, () => {
    for (const v of views) {
      test(`${v.id} renders, passes the accessibility check and is screenshotted`, async ({ page }) => {
        await openApp(page, lang);
        const label = lang === 'en' ? v.en : v.zh;
        await openView(page, new RegExp(`^${label}`));
        await expect(page.getByRole('heading', { level: 1, name: label })).toBeVisible();
        await expectAccessible(page);
        await screenshot(page, `${v.id}-${lang}`);
      });
    }
  });
}

test('the dark theme follows the OS', async ({ browser }) => {
  const context = await browser.newContext({ colorScheme: 'dark' });
  const page = await context.newPage();
  await openApp(page, 'en');
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(bg).toBe('rgb(21, 24, 29)');
  await expectAccessible(page);
  await screenshot(page, 'overview-en-dark');
  await context.close();
});

test('views are reachable with the keyboard alone', async ({ page }) => {
  await openApp(page, 'en');
  await page.keyboard.press('Tab');
  const focused = page.locator(':focus');
  await expect(focused).toHaveText(/Overview/);
  await page.keyboard.press('Tab');
  await expect(focused).toHaveText(/Guests/);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Guests' })).toBeVisible();
});
