import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from '@playwright/test';
import base from '../../playwright.config';

// Every e2e test on its own, in the reverse of the usual order, one after another against the one demo lab the
// global setup starts (see scripts/e2e-reverse.mjs, which lists the tests first). A test that passes only after
// another one (a lab state, a window or a preference it left behind) fails here.

interface Listed {
  file: string;
  titles: string[];
}

const listFile = process.env.LABTRAY_E2E_ORDER;
if (!listFile) throw new Error('LABTRAY_E2E_ORDER: run this config through `npm run test:e2e:reverse`');
const listed = (JSON.parse(readFileSync(listFile, 'utf8')) as Listed[]).toReversed();
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export default defineConfig({
  ...base,
  testDir: resolve('test/e2e'),
  globalSetup: resolve('test/e2e/global-setup.ts'),
  // One project per test, each depending on the one before: Playwright then runs them in exactly this order.
  projects: listed.map((t, i) => ({
    name: `${String(i + 1).padStart(3, '0')} ${t.file}`,
    testMatch: t.file,
    grep: new RegExp(`(^| )${escape(t.titles.join(' '))}$`),
    dependencies: i === 0 ? [] : [`${String(i).padStart(3, '0')} ${listed[i - 1].file}`],
  })),
});
