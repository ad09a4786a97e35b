import type { Page } from '@playwright/test';
import { expect, openApp, openView, previewUrl, test } from './helpers';

// The Electron main opens the window at `#focus=<target>` (from a notification or the tray);
// in the preview the hash also carries the bridge token, so both must work together.
async function openAt(page: Page, target: string): Promise<void> {
  await page.goto(`${previewUrl()}&focus=${encodeURIComponent(target)}`);
  await expect(page.locator('.rollup-text')).not.toHaveText(/Loading/);
}

test('#focus=guest:<cluster>/<vmid> opens Guests with that guest in view and marked', async ({ page }) => {
  await openApp(page, 'en');
  await openView(page, /^Guests/);
  const last = page.locator('.tbody [role=row]').last();
  const key = await last.getAttribute('data-guest');
  expect(key, 'a guest of the demo lab').toBeTruthy();

  await openView(page, /^Overview/);
  await openAt(page, `guest:${key}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Guests' })).toBeVisible();
  const row = page.locator(`.tbody [role=row][data-guest="${key}"]`);
  await expect(row).toHaveAttribute('data-focused', 'true');
  await expect(row).toBeInViewport();
  await expect(page.locator('.tbody [role=row][data-focused]')).toHaveCount(1);
});

test('#focus=node:<cluster>/<node> opens the overview at that node tile', async ({ page }) => {
  await openApp(page, 'en');
  const section = page.locator('section[id^="cluster-"]').last();
  const tile = section.locator('article[id^="node-"]').last();
  const id = await tile.getAttribute('id');
  const cluster = await section.getAttribute('id');
  expect(id && cluster).toBeTruthy();

  await openView(page, /^Tasks/);
  await openAt(page, `node:${cluster!.slice('cluster-'.length)}/${id!.slice('node-'.length)}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
  const focused = page.locator(`[id="${cluster}"] [id="${id}"]`);
  await expect(focused).toHaveAttribute('data-focused', 'true');
  await expect(focused).toBeInViewport();
});

test('#focus=tasks opens the Tasks view and the bridge token still connects', async ({ page }) => {
  await openApp(page, 'en');
  await openAt(page, 'tasks');
  await expect(page.getByRole('heading', { level: 1, name: 'Tasks' })).toBeVisible();
  await expect(page.locator('.tag-crit', { hasText: 'disconnected' })).toHaveCount(0);
});
