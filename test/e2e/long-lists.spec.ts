import { expect, test } from '@playwright/test';
import { expectAccessible, openView, screenshot } from './helpers';
import { homeClusterConfig, openOwnLab, startOwnLab, type OwnLab } from './own-lab';

// Issue 9, quality: long lists stay virtualised (2,000 guests) yet keyboard reachable, and no tag is lost to truncation.
// Its own preview on a PVE simulator holding the reference homelab and 2,000 more guests, none of them backed up.

const tags = ['k3s', 'monitoring', 'victoria-metrics', 'grafana', 'loki', 'eclipse-che', 'ebpf'];
const tagged = 'k3s-data-1-worker-1';

let own: OwnLab;

test.beforeAll(async () => {
  own = await startOwnLab({ sims: { extraGuests: 2000, tags: { [tagged]: tags } }, config: (sims) => homeClusterConfig(sims) });
});

test.afterAll(async () => {
  await own?.stop();
});

test('a guest list of 2,000 stays virtualised and searchable', async ({ page }) => {
  const { guests, extraGuests } = own.sims.pve;
  expect(extraGuests).toHaveLength(2000);
  await openOwnLab(page, own);
  await openView(page, /^Guests/);
  await expect(page.getByText(`${guests} of ${guests}`)).toBeVisible();
  const rendered = await page.locator('.tbody [role=row]').count();
  expect(rendered).toBeGreaterThan(5);
  expect(rendered).toBeLessThan(120);
  const last = extraGuests[extraGuests.length - 1];
  await page.getByRole('searchbox').fill(last);
  await expect(page.getByText(`1 of ${guests}`)).toBeVisible();
  await expect(page.getByRole('row', { name: new RegExp(last) })).toBeVisible();
});

test('the backup freshness table of 2,000 guests renders a window of rows and scrolls with the keyboard', async ({ page }) => {
  const { guests } = own.sims.pve;
  await openOwnLab(page, own);
  await openView(page, /^Backups/);
  const region = page.getByRole('region', { name: `Backup freshness of ${guests} guests` });
  await expect(region).toBeVisible();
  await expect(region.getByRole('table')).toHaveAttribute('aria-rowcount', String(guests + 1));
  const rendered = await region.locator('tr[data-guest]').count();
  expect(rendered).toBeGreaterThan(5);
  expect(rendered).toBeLessThan(60);
  await expectAccessible(page);

  await region.focus();
  await page.keyboard.press('End');
  const last = region.locator(`tr[aria-rowindex="${guests + 1}"]`);
  await expect(last).toBeVisible();
  await expect(last.getByRole('button', { name: /^Back up .+ now$/ })).toBeVisible();
  expect(await region.locator('tr[data-guest]').count()).toBeLessThan(60);
  await screenshot(page, 'backups-2000-en');
});

test('a guest with many tags keeps its row height and shows every tag on hover or focus', async ({ page }) => {
  await openOwnLab(page, own);
  await openView(page, /^Guests/);
  const row = page.getByRole('row', { name: new RegExp(`${tagged}\\b`) }).first();
  const cell = row.getByRole('cell', { name: `Tags: ${tags.join(', ')}` });
  await expect(cell).toBeVisible();
  await expect(cell).toHaveAttribute('title', tags.join(', '));
  const inner = cell.locator('.tags-inner');
  const clipped = (): Promise<boolean> => inner.evaluate((el) => el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1);
  expect(await clipped(), 'seven tags do not fit the column').toBe(true);

  await cell.focus();
  const pop = cell.locator('.tags-pop');
  await expect(pop).toBeVisible();
  await expect(pop).toHaveCSS('white-space', 'normal');
  const popClipped = await pop.evaluate((el) => el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1);
  expect(popClipped, 'focused, every tag is laid out in full').toBe(false);
  expect((await row.boundingBox())?.height, 'the row keeps the height the virtualiser expects').toBe(36);
  // The popover opens under the cell and spreads left: no action button of this row or the next is covered.
  const box = await pop.boundingBox();
  expect(box).not.toBeNull();
  const actionBoxes = await page.locator('[role="row"][data-guest] .c-actions button').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as { x: number; y: number; width: number; height: number }));
  expect(actionBoxes.length).toBeGreaterThan(0);
  const overlaps = (a: { x: number; y: number; width: number; height: number }, b: typeof a): boolean => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
  expect(actionBoxes.filter((b) => box && overlaps(box, b)), 'action buttons under the tag popover').toEqual([]);
  await screenshot(page, 'guests-tags-en');
  await expectAccessible(page);
});
