import { defineConfig } from '@playwright/test';

// e2e tests drive the real renderer in Chromium through the preview bridge against the demo lab.
// The global setup starts `electron/preview` with --demo and hands the URL (with its token) to the tests.
export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  // A guard against a hung test, not a performance limit (those live in `npm run bench`): a test that scans
  // seven views with axe needs well over a minute on two cores shared with a busy machine.
  timeout: 180_000,
  expect: { timeout: 20_000 },
  globalSetup: './test/e2e/global-setup.ts',
  reporter: [['list'], ['json', { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ?? 'test-results/e2e.json' }]],
  use: {
    browserName: 'chromium',
    viewport: { width: 1280, height: 800 },
    locale: 'en-US',
    colorScheme: 'light',
    launchOptions: {
      executablePath: process.env.LABTRAY_CHROMIUM ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
    trace: 'retain-on-failure',
  },
});
