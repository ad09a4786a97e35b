import type { Locator, Page } from '@playwright/test';
import { expect, expectAccessible, openApp, screenshot, setLanguage, test } from './helpers';

/** Every card's colour, and the worst status it lists (ok when it lists none). */
async function cardColours(page: Page): Promise<{ name: string; colour: string; worstListed: string; notes: number }[]> {
  return page.locator('article.tile[data-status]').evaluateAll((tiles) =>
    tiles.map((t) => {
      const listed = [...t.querySelectorAll('.mini-checks:not(.card-notes) li[data-status]')].map((li) => li.getAttribute('data-status') ?? '');
      const order = ['ok', 'unknown', 'warn', 'crit'];
      const worstListed = listed.reduce((w, s) => (order.indexOf(s) > order.indexOf(w) ? s : w), t.querySelector('.card-empty') ? 'unknown' : 'ok');
      return { name: t.querySelector('h3')?.textContent ?? '', colour: t.getAttribute('data-status') ?? '', worstListed, notes: t.querySelectorAll('.card-notes li').length };
    }),
  );
}

const node = (page: Page, name: string): Locator => page.locator(`article#node-${name}`);

test.describe('the Overview tells the truth at a glance', () => {
  test('in English: card colours equal what they list, node temperatures say where they came from, storages have bars, sizes have units', async ({ page }) => {
    await openApp(page, 'en');
    // The metrics source answers on its first poll: every node gets its CPU temperature.
    for (const name of ['um560', 's500plus', 'gtr5']) await expect(node(page, name).locator('.temp').first()).toHaveText(/^CPU \d+ °C$/);

    const cards = await cardColours(page);
    expect(cards.length).toBeGreaterThanOrEqual(4);
    for (const c of cards) expect(c.colour, `${c.name} is coloured ${c.colour} but lists at worst ${c.worstListed}`).toBe(c.worstListed);

    // orangepi5's SD card has no SMART: a note, and the card keeps the colour of what is known.
    const opi = cards.find((c) => c.name === 'orangepi5');
    expect(opi?.colour).not.toBe('unknown');
    expect(opi?.notes).toBe(1);
    await expect(page.locator('#host-orangepi5 .card-notes')).toContainText('SD card');
    // rockpi5a is asleep: its one check is a warning, and so is the card.
    expect(cards.find((c) => c.name === 'rockpi5a')?.colour).toBe('warn');
    // Hosts that are Proxmox nodes (node_exporter by name or address) are on the node cards, not cards of their own.
    await expect(page.locator('#hosts article')).toHaveCount(2);

    // Hover says where a temperature came from.
    const um560Cpu = node(page, 'um560').locator('.temp').first();
    await expect(um560Cpu).toHaveAttribute('title', /^k10temp Tctl: from node_exporter via http:\/\/127\.0\.0\.1:\d+ \(instance “um560:9100”\), /);
    await expect(node(page, 's500plus').locator('.temp').first()).toHaveAttribute('title', /instance “192\.168\.1\.12:9100”/);
    await expect(node(page, 'gtr5').locator('.temp').nth(1)).toHaveText(/^nvme0 \d+ °C$/);
    await expect(page.locator('#host-orangepi5 .temp').first()).toHaveAttribute('title', /from the SSH probe of orangepi5/);

    // Each node's storages with usage bars; um560 has the USB disk and the NAS share too.
    await expect(node(page, 'um560').locator('.storages .meter-label')).toHaveText(['local', 'local-lvm', 'nas-backup', 'usb-backup']);
    await expect(node(page, 'gtr5').locator('.storages .meter-label')).toHaveText(['local', 'local-lvm']);
    await expect(node(page, 'um560').locator('.storages [role="meter"]').first()).toHaveAttribute('aria-valuetext', /^\d+(\.\d)? GiB \/ \d+(\.\d)? GiB$/);

    // No raw byte counts anywhere on the page, backup details included.
    await page.locator('#problems .problems-more button').click();
    const text = await page.locator('main').innerText();
    expect(text).not.toMatch(/\d{6,}\s*bytes|\b\d{9,}\b/);
    await page.locator('#problems .problems-more button').click();
    await expectAccessible(page);
    await screenshot(page, 'overview-truth-en');
    await page.locator('#cluster-home').scrollIntoViewIfNeeded();
    await screenshot(page, 'overview-truth-en-nodes');
  });

  test('in Chinese: the same cards, storages and temperatures, and the core-built details in Chinese', async ({ page }) => {
    await openApp(page, 'en');
    await setLanguage(page, 'zh-CN');
    await expect(node(page, 'um560').locator('.temp').first()).toHaveText(/^CPU \d+ °C$/);
    await expect(node(page, 'um560').locator('.storages')).toHaveAttribute('aria-label', '存储');
    await expect(node(page, 'um560').locator('.temp').first()).toHaveAttribute('title', /^k10temp Tctl：来自 node_exporter，经 http:\/\/127\.0\.0\.1:\d+（instance “um560:9100”），/);
    await expect(page.locator('#host-orangepi5 .card-notes')).toContainText('SD');
    for (const c of await cardColours(page)) expect(c.colour, c.name).toBe(c.worstListed);
    // Details the core builds (a backup's archive and size, limits, where figures came from) are Chinese sentences.
    await page.locator('#problems .problems-more button').click();
    const details = await page.locator('#problems .problem-detail:not(.quoted)').allTextContents();
    expect(details.length).toBeGreaterThan(0);
    const english = details.filter((d) => /\b(on|from|warn at|bytes|notes|protected|covered by)\b/.test(d));
    expect(english, english.join('\n')).toEqual([]);
    await page.locator('#problems .problems-more button').click();
    await expectAccessible(page);
    await screenshot(page, 'overview-truth-zh-CN');
    await page.locator('#cluster-home').scrollIntoViewIfNeeded();
    await screenshot(page, 'overview-truth-zh-CN-nodes');
  });
});
