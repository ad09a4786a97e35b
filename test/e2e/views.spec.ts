import { expect, expectAccessible, openApp, openView, screenshot, test } from './helpers';

// Each view with what the demo lab always puts on it (names are the same in both languages): a view that renders
// only its heading fails.
/** A name as a word of the element's text ("106 k3s-data-1-worker-1" shows k3s-data-1-worker-1, "k3s-data-1-worker-10" does not). */
const word = (t: string | RegExp): RegExp => (t instanceof RegExp ? t : new RegExp(`(^|[\\s(])${t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[\\s),:;·])`));

const views: { id: string; en: string; zh: string; shows: (string | RegExp)[] }[] = [
  { id: 'overview', en: 'Overview', zh: '总览', shows: ['um560', 's500plus', 'gtr5', 'k3s-main', 'orangepi5'] },
  { id: 'guests', en: 'Guests', zh: '虚拟机', shows: ['openwrt', 'tailscale-gateway', 'home-assistant', 'uptime-kuma'] },
  { id: 'network', en: 'Network', zh: '网络', shows: ['tailscale-gateway', 's500plus'] },
  { id: 'kubernetes', en: 'Kubernetes', zh: 'Kubernetes', shows: ['k3s-main', 'k3s-data-1', 'k3s-data-1-worker-3', 'orangepi5'] },
  { id: 'backups', en: 'Backups', zh: '备份', shows: ['k3s-data-1-worker-1', 'uptime-kuma', 'openwrt'] },
  { id: 'tasks', en: 'Tasks', zh: '任务', shows: ['vzdump', 'qmstart', 'root@pam'] },
  { id: 'power', en: 'Power', zh: '电费', shows: ['gtr5', 's500plus', 'um560', /^\d+\.\d$/] },
  { id: 'settings', en: 'Settings', zh: '设置', shows: ['home', 'root@pam!labtray', 'orangepi5', 'rockpi5a'] },
];

for (const lang of ['en', 'zh-CN'] as const) {
  test.describe(`every view in ${lang}`, () => {
    for (const v of views) {
      test(`${v.id} renders, passes the accessibility check and is screenshotted`, async ({ page }) => {
        await openApp(page, lang);
        const label = lang === 'en' ? v.en : v.zh;
        await openView(page, new RegExp(`^${label}`));
        await expect(page.getByRole('heading', { level: 1, name: label })).toBeVisible();
        const main = page.getByRole('main');
        for (const text of v.shows) await expect(main.getByText(word(text)).filter({ visible: true }).first(), `${v.id} shows ${String(text)}`).toBeVisible();
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
