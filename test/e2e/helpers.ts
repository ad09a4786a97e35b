import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test as base, type Page } from '@playwright/test';
import type { LabMethod } from '../../shared/api';
import type { Language } from '../../shared/language';
import type { Snapshot, UserPrefs } from '../../shared/snapshot';

export { expect };

export const shotsDir = join('test', 'artifacts', 'screenshots');

/** The preview URL with its token, from the global setup. */
export function previewUrl(): string {
  const url = process.env.LABTRAY_PREVIEW_URL;
  if (!url) throw new Error('LABTRAY_PREVIEW_URL is not set: the global setup did not start the preview');
  return url;
}

// Every spec shares one demo preview, and preferences live in its config: what a test
// changes (the language through openApp, a star, a Settings choice) is put back after it.
let prefsBefore: Pick<UserPrefs, 'favourites' | 'language' | 'theme'> | null = null;
let inTest = false;

/** Playwright's `test`, putting the demo lab's preferences back after each test that changed them. */
export const test = base.extend<{ restorePrefs: void }>({
  restorePrefs: [
    async ({ page }, use) => {
      prefsBefore = null;
      inTest = true;
      await use();
      inTest = false;
      const before = prefsBefore;
      prefsBefore = null;
      if (!before) return;
      if (!page.url().startsWith(new URL(previewUrl()).origin)) await page.goto(previewUrl());
      await callLab(page, 'savePrefs', before);
    },
    { auto: true },
  ],
});

/** Remembers the demo lab's preferences before a test first changes them. */
async function rememberPrefs(page: Page): Promise<void> {
  if (!inTest) throw new Error("this spec changes the demo lab's preferences: import `test` from './helpers', which puts them back");
  if (prefsBefore) return;
  // What the window saves (the favourite tag is the config file's).
  const { favourites, language, theme } = (await callLab<Snapshot>(page, 'getSnapshot')).prefs;
  prefsBefore = { favourites, language, theme };
}

/**
 * Opens the app and waits until the first snapshot is painted, in `language`:
 * chosen through the core (the config's ui.language, as Settings does).
 */
export async function openApp(page: Page, language: Language = 'en'): Promise<void> {
  await page.goto(previewUrl());
  await expect(page.locator('.rollup-text')).not.toHaveText(/Loading|正在加载/);
  await setLanguage(page, language);
}

/** Saves the UI language as a user choice and waits until the window speaks it. */
export async function setLanguage(page: Page, language: Language): Promise<void> {
  await rememberPrefs(page);
  await callLab(page, 'savePrefs', { language });
  await expect(page.locator('html')).toHaveAttribute('lang', language);
}

export async function openView(page: Page, name: RegExp | string): Promise<void> {
  await page.getByRole('navigation').getByRole('button', { name }).click();
}

/** Reloads the page (what was saved must come back from the core) and opens the view again. */
export async function reopenView(page: Page, name: RegExp | string): Promise<void> {
  await page.reload();
  await expect(page.locator('.rollup-text')).not.toHaveText(/Loading|正在加载/);
  await openView(page, name);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(shotsDir, { recursive: true });
  await page.screenshot({ path: join(shotsDir, `${name}.png`), fullPage: false });
}

/** Fails on any WCAG A/AA violation, listing each rule and the first nodes it hit. */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const summary = results.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('\n  ')}`);
  expect(summary, summary.join('\n')).toEqual([]);
}

/** One LabApi call over the preview's own bridge, from the page (same origin, same token). */
export async function callLab<T>(page: Page, method: LabMethod, params?: unknown): Promise<T> {
  const reply = await page.evaluate(
    async ([m, p]) => {
      const token = new URLSearchParams(location.hash.slice(1)).get('token') ?? '';
      const ws = new WebSocket(`ws://${location.host}/bridge?token=${encodeURIComponent(token)}`);
      await new Promise((ok, fail) => {
        ws.onopen = ok;
        ws.onerror = fail;
      });
      const r = await new Promise<{ ok: boolean; value?: unknown; error?: { message: string } }>((ok) => {
        ws.onmessage = (e: MessageEvent<string>) => {
          const d = JSON.parse(e.data) as { id?: unknown };
          if (d.id === 'e2e') ok(d as never);
        };
        ws.send(JSON.stringify({ id: 'e2e', method: m, params: p }));
      });
      ws.close();
      return r;
    },
    [method, params] as const,
  );
  if (!reply.ok) throw new Error(`${method}: ${reply.error?.message}`);
  return reply.value as T;
}
