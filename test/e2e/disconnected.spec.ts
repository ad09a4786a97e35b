import type { WebSocketRoute } from '@playwright/test';
import { expect, openApp, screenshot, test } from './helpers';

test('when the bridge to the core closes, the header says since when and every figure is marked stale; it recovers by itself', async ({ page }) => {
  // The window's socket to the preview goes through this route: open, it talks to the real core; cut, it is closed and refused.
  let cut = false;
  const live: WebSocketRoute[] = [];
  await page.routeWebSocket(/token=/, (ws) => {
    if (cut) {
      void ws.close({ code: 1001, reason: 'the core went away' });
      return;
    }
    ws.connectToServer();
    live.push(ws);
  });
  await openApp(page, 'en');
  const header = page.locator('.topbar-right');
  await expect(header).toHaveText(/^Updated /);
  await expect(page.locator('.app')).not.toHaveAttribute('data-stale', 'true');
  await expect(page.locator('article.tile .stale')).toHaveCount(0);

  cut = true;
  for (const ws of live.splice(0)) await ws.close({ code: 1001, reason: 'the core went away' });
  await expect(page.locator('.connection-lost')).toHaveText(/^Disconnected · last update /);
  await expect(page.locator('.app')).toHaveAttribute('data-stale', 'true');
  // Every card on the Overview carries the stale mark while the core is away.
  const tiles = await page.locator('article.tile').count();
  expect(tiles).toBeGreaterThanOrEqual(4);
  await expect(page.locator('article.tile .stale')).toHaveCount(tiles);
  await screenshot(page, 'overview-disconnected-en');

  cut = false;
  await expect(header).toHaveText(/^Updated /, { timeout: 20_000 });
  await expect(page.locator('.connection-lost')).toHaveCount(0);
  await expect(page.locator('.app')).not.toHaveAttribute('data-stale', 'true');
  await expect(page.locator('article.tile .stale')).toHaveCount(0);
});
