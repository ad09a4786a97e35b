import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { systemClock } from '../../electron/core/clock';
import { Lab } from '../../electron/core/lab/lab';
import { MemorySecretStore } from '../../electron/core/secrets';
import { startPreviewServer } from '../../electron/preview/server';
import { firstLive, type BenchOptions } from './core-figures';
import { scaledSources, SCALE } from './scale';
import { figure, notMeasured, type Figure } from './stats';

const G = 'renderer (Chromium, preview bridge)';
const CHROMIUM = process.env.LABTRAY_CHROMIUM ?? '/usr/bin/chromium';

// Runs in the page before the app: records when each bridge message arrives and
// when rows first show, measured to the next animation frame (the paint).
const probe = `(() => {
  const w = window;
  w.__bench = { lastMessageAt: 0, firstRowsAt: 0, messageBeforeRowsAt: 0, onMessage: null };
  const Native = w.WebSocket;
  w.WebSocket = class extends Native {
    constructor(url, p) {
      super(url, p);
      // Registered before the app's own listener, so it runs first.
      this.addEventListener('message', () => {
        w.__bench.lastMessageAt = performance.now();
        const f = w.__bench.onMessage;
        w.__bench.onMessage = null;
        if (f) f();
      });
    }
  };
  const look = () => {
    if (document.querySelector('.tbody [role=row]')) { w.__bench.firstRowsAt = performance.now(); w.__bench.messageBeforeRowsAt = w.__bench.lastMessageAt; return; }
    requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
})();`;

// The popover: navigation start → the first frame that shows the lab's data (its Wake list or its problems).
const popoverProbe = `(() => {
  const w = window;
  w.__bench = { popoverAt: 0, onMessage: null };
  const Native = w.WebSocket;
  w.WebSocket = class extends Native {
    constructor(url, p) {
      super(url, p);
      this.addEventListener('message', () => {
        const f = w.__bench.onMessage;
        w.__bench.onMessage = null;
        if (f) f(performance.now());
      });
    }
  };
  const look = () => {
    // The lab's own items (what can be woken, the problems) come only with a snapshot that has data.
    if (document.querySelector('.popover [data-id="wake"], .popover [data-id^="problem:"]')) { requestAnimationFrame(() => { w.__bench.popoverAt = performance.now(); }); return; }
    requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
})();`;

/** A snapshot arrives → the animation frame after it was handled (the store's update renders before the next frame). */
const messageToFrame = `new Promise((resolve) => {
  const t = setTimeout(() => resolve(-1), 3000);
  window.__bench.onMessage = (at) => requestAnimationFrame(() => { clearTimeout(t); resolve(performance.now() - at); });
})`;

/**
 * A tray click, cold (the first, or after the hidden popover was destroyed): the popover route at its size against
 * the bench-scale lab, navigation → the first frame with the lab's data. Warm (a kept popover shown again): the
 * snapshot the shell hands it as it shows → the next frame.
 */
async function openPopover(browser: Browser, url: string, lab: Lab, warmRuns: number): Promise<{ cold: number; warm: number[] }> {
  const page = await browser.newPage({ viewport: { width: 380, height: 560 } });
  try {
    await page.addInitScript(popoverProbe);
    await page.goto(url.replace('#', '#surface=popover&'));
    for (let i = 0; !(await page.evaluate<boolean>('window.__bench.popoverAt > 0')); i++) {
      if (i > 1500) throw new Error('the popover showed no data within 30 s');
      await page.waitForTimeout(10);
    }
    const cold = await page.evaluate<number>('window.__bench.popoverAt');
    const warm: number[] = [];
    for (let k = 0; k < warmRuns; k++) {
      const done = page.evaluate<number>(messageToFrame);
      done.catch(() => undefined);
      await page.waitForTimeout(50);
      lab.refreshAll();
      const ms = await done;
      if (ms >= 0) warm.push(ms);
    }
    return { cold, warm };
  } finally {
    await page.close();
  }
}

function guestLab(guests: number): Lab {
  const clusters = Math.max(1, Math.round(guests / 1000));
  const sources = scaledSources({ ...SCALE, clusters, guests: Math.round(guests / clusters), hosts: 0, kube: 0, peers: 0 });
  return new Lab({ config: {}, factories: [() => ({ kind: 'proxmox', sources })], secrets: new MemorySecretStore(), clock: systemClock });
}

async function openGuests(browser: Browser, url: string): Promise<{ page: Page; firstRowsMs: number; renderMs: number }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.addInitScript(`window.localStorage.setItem('labtray.window', ${JSON.stringify(JSON.stringify({ view: 'guests' }))})`);
  await page.addInitScript(probe);
  await page.goto(url);
  // Polled from here: the app's CSP (rightly) forbids the eval that waitForFunction needs.
  for (let i = 0; !(await page.evaluate<boolean>('window.__bench.firstRowsAt > 0')); i++) {
    if (i > 1500) throw new Error('no guest rows within 30 s');
    await page.waitForTimeout(20);
  }
  const firstRowsMs = await page.evaluate<number>('window.__bench.firstRowsAt');
  const renderMs = await page.evaluate<number>('window.__bench.firstRowsAt - window.__bench.messageBeforeRowsAt');
  return { page, firstRowsMs, renderMs };
}

// Page-side scripts are strings: the TypeScript loader decorates functions with helpers the page lacks.
// Each watches the DOM only from its trigger on, then waits for the next animation frame (the paint).
const afterKeystroke = `new Promise((resolve) => {
  const t = setTimeout(() => resolve(-1), 3000);
  window.addEventListener('keydown', (e) => {
    const downAt = e.timeStamp;
    const mo = new MutationObserver(() => { mo.disconnect(); clearTimeout(t); requestAnimationFrame(() => resolve(performance.now() - downAt)); });
    mo.observe(document.body, { childList: true, subtree: true, characterData: true });
  }, { capture: true, once: true });
})`;
const afterUpdate = `new Promise((resolve) => {
  const t = setTimeout(() => resolve(-1), 3000);
  window.__bench.onMessage = () => {
    const at = performance.now();
    const mo = new MutationObserver(() => { mo.disconnect(); clearTimeout(t); requestAnimationFrame(() => resolve(performance.now() - at)); });
    mo.observe(document.body, { childList: true, subtree: true, characterData: true });
  };
})`;

const oneFrame = `new Promise((resolve) => { const t = performance.now(); requestAnimationFrame(() => resolve(performance.now() - t)); })`;

/** keydown → the next frame after the list changed. */
async function keystrokeToPaint(page: Page, key: string): Promise<number> {
  const done = page.evaluate<number>(afterKeystroke);
  done.catch(() => undefined);
  await page.waitForTimeout(50);
  await page.keyboard.press(key);
  return done;
}

/** A snapshot arrives on the bridge → the next frame after the list changed. */
async function updateToPaint(page: Page, lab: Lab): Promise<number> {
  const done = page.evaluate<number>(afterUpdate);
  done.catch(() => undefined);
  await page.waitForTimeout(50);
  lab.refreshAll();
  return done;
}

export default async function run(o: BenchOptions): Promise<Figure[]> {
  const root = resolve('out/renderer');
  const names = ['first render of 2,000 guests (navigation → rows painted)', 'filter keystroke → paint', 'snapshot update → paint (2,000 guests)'];
  if (!existsSync(resolve(root, 'index.html'))) return names.map((n) => notMeasured({ group: G, name: n, unit: 'ms' }, 'out/renderer is not built (npx electron-vite build)'));
  if (!existsSync(CHROMIUM)) return names.map((n) => notMeasured({ group: G, name: n, unit: 'ms' }, `${CHROMIUM} is missing`));
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  const runs = o.quick ? 3 : 5;
  try {
    const measureFirst = async (guests: number): Promise<{ first: number[]; render: number[]; frames: number[]; keys: number[]; updates: number[] }> => {
      const lab = guestLab(guests);
      await lab.start();
      await firstLive(lab);
      const server = await startPreviewServer({ root, lab, log: () => undefined });
      const first: number[] = [];
      const render: number[] = [];
      const frames: number[] = [];
      const keys: number[] = [];
      const updates: number[] = [];
      try {
        for (let i = 0; i < runs; i++) {
          o.log(`renderer: ${guests} guests, page ${i + 1}/${runs}`);
          const { page, firstRowsMs, renderMs } = await openGuests(browser, server.url);
          first.push(firstRowsMs);
          render.push(renderMs);
          if (i === 0) {
            for (let f = 0; f < runs; f++) frames.push(await page.evaluate<number>(oneFrame));
            await page.getByRole('searchbox').click();
            // Each keystroke changes the list: "1" narrows it, Backspace widens it again.
            for (let k = 0; k < runs; k++) for (const key of ['1', 'Backspace']) keys.push(await keystrokeToPaint(page, key));
            await page.getByRole('searchbox').fill('');
            for (let u = 0; u < runs; u++) updates.push(await updateToPaint(page, lab));
          }
          await page.close();
        }
      } finally {
        await server.stop();
        await lab.stop();
      }
      const painted = (xs: number[], what: string): number[] => {
        if (xs.some((x) => x < 0)) o.log(`renderer: ${xs.filter((x) => x < 0).length} ${what} never changed the list within 3 s (left out)`);
        return xs.filter((x) => x >= 0);
      };
      return { first, render, frames, keys: painted(keys, 'keystrokes'), updates: painted(updates, 'updates') };
    };
    const small = await measureFirst(200);
    const big = await measureFirst(2000);
    const scaleLab = new Lab({ config: {}, factories: [() => ({ kind: 'proxmox', sources: scaledSources(SCALE) })], secrets: new MemorySecretStore(), clock: systemClock });
    await scaleLab.start();
    await firstLive(scaleLab);
    const popoverServer = await startPreviewServer({ root, lab: scaleLab, log: () => undefined });
    const cold: number[] = [];
    const warm: number[] = [];
    try {
      // The first page warms the browser's cache of the app, as the packaged app has it on disk.
      await openPopover(browser, popoverServer.url, scaleLab, 0);
      for (let i = 0; i < runs; i++) {
        const r = await openPopover(browser, popoverServer.url, scaleLab, runs);
        cold.push(r.cold);
        warm.push(...r.warm);
      }
    } finally {
      await popoverServer.stop();
      await scaleLab.stop();
    }
    return [
      figure({ group: G, name: 'tray click → popover painted with current data (kept popover, 380×560, bench scale)', unit: 'ms', target: { op: '<', value: 150 }, note: 'a click within 10 min of the last: the shell hands the hidden popover the current snapshot and shows it; snapshot message → the next frame' }, warm),
      figure({ group: G, name: 'tray click → popover painted, cold (first click, or after 10 min hidden)', unit: 'ms', note: 'navigation start of the popover page → the first frame with the lab’s data: load the app, connect the bridge, get and paint the snapshot; the app adds making its frameless window' }, cold),
      figure({ group: G, name: 'first render of 2,000 guests (last bridge message → rows painted)', unit: 'ms', target: { op: '<', value: 200 }, baseline: { name: '200 guests', runs: small.render }, note: 'the snapshot that brought the guests arrives → the first frame with guest rows' }, big.render),
      figure({ group: G, name: names[0], unit: 'ms', baseline: { name: '200 guests', runs: small.first }, note: 'from navigation start: loading the app, connecting the bridge, the first snapshot, the first paint' }, big.first),
      figure({ group: G, name: names[1], unit: 'ms', target: { op: '<', value: 16 }, baseline: { name: 'one idle frame', runs: big.frames }, note: 'keydown event time → the animation frame after the list changed, typing "1" and deleting it, alternately; baseline = an idle requestAnimationFrame wait on the same page' }, big.keys),
      figure({ group: G, name: names[2], unit: 'ms', baseline: { name: '200 guests', runs: small.updates }, note: 'bridge message received → the animation frame after the list changed' }, big.updates),
    ];
  } finally {
    await browser.close();
  }
}
