import type { SettingsView } from '../../shared/api';
import type { Snapshot } from '../../shared/snapshot';
import { callLab, expect, openApp, openView, test } from './helpers';

// Settings → polling and Settings → appearance, through the core of the shared demo preview. Each test puts back
// what it changed in `finally`, so the specs beside it see the demo as it was.

const settings = (page: Parameters<typeof callLab>[0]): Promise<SettingsView> => callLab<SettingsView>(page, 'getSettings');

test('polling: the intervals are saved in the config through the core and shown again after a reload; one under the minimum is not sent', async ({ page }) => {
  await openApp(page, 'en');
  const before = (await settings(page)).config;
  try {
    await openView(page, /^Settings/);
    const section = page.locator('#polling');
    await section.locator('#poll-fast').fill('5');
    await section.locator('#poll-slow').fill('120');
    await section.getByRole('button', { name: 'Save' }).click();
    await expect(section.getByText('Saved.')).toBeVisible();
    await expect.poll(async () => (await settings(page)).config.ui).toMatchObject({ fastInterval: 5000, slowInterval: 120_000 });

    await page.reload();
    await openView(page, /^Settings/);
    await expect(page.locator('#poll-fast')).toHaveValue('5');
    await expect(page.locator('#poll-slow')).toHaveValue('120');

    // Under the field's minimum the browser keeps the form from being sent: the config keeps 5 s.
    await page.locator('#poll-fast').fill('1');
    await page.locator('#polling').getByRole('button', { name: 'Save' }).click();
    expect(await page.locator('#poll-fast').evaluate((el) => (el as HTMLInputElement).validity.rangeUnderflow)).toBe(true);
    expect((await settings(page)).config.ui).toMatchObject({ fastInterval: 5000, slowInterval: 120_000 });
  } finally {
    await callLab(page, 'saveSettings', { config: before });
  }
  expect((await settings(page)).config.ui?.fastInterval).toBe(before.ui?.fastInterval);
});

test('appearance: Dark turns the window dark now and after a reload, and Follow the system gives it back to the OS', async ({ page }) => {
  await openApp(page, 'en');
  const themeBefore = (await callLab<Snapshot>(page, 'getSnapshot')).prefs.theme;
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const luminance = (rgb: string): number => {
    const [r, g, b] = (rgb.match(/\d+/g) ?? ['0', '0', '0']).map(Number);
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  try {
    await openView(page, /^Settings/);
    await page.getByLabel('Theme').selectOption('light');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
    const light = luminance(await background());
    await page.getByLabel('Theme').selectOption('dark');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await expect.poll(async () => (await callLab<Snapshot>(page, 'getSnapshot')).prefs.theme).toBe('dark');
    expect(luminance(await background())).toBeLessThan(light / 2);

    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await openView(page, /^Settings/);
    await expect(page.getByLabel('Theme')).toHaveValue('dark');

    await page.getByLabel('Theme').selectOption('system');
    await expect(page.locator('html')).not.toHaveAttribute('data-theme', /./);
    await expect.poll(async () => (await callLab<Snapshot>(page, 'getSnapshot')).prefs.theme).toBe('system');
  } finally {
    await callLab(page, 'savePrefs', { theme: themeBefore });
  }
});
