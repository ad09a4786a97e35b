/**
 * rrddata requests per refresh (issue 20): history is read by the window only for the cards on screen, never by
 * the poller, and never while the window is hidden. Runs the demo lab's PVE simulator behind a Lab and the built
 * renderer in Chromium (the preview bridge), counts the simulator's rrddata requests while the Overview is shown,
 * over refreshes, and with the window hidden (the page's visibility set to hidden, as a hidden Electron window has it).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { startPreviewServer } from '../../electron/preview/server';
import type { PveSim } from '../../demo/pve/sim';
import { startPveLab, until } from '../helpers/pve';
import type { BenchOptions } from './core-figures';
import { figure, notMeasured, type Figure } from './stats';

const G = 'history (rrddata, PVE simulator + Chromium)';
const CHROMIUM = process.env.LABTRAY_CHROMIUM ?? '/usr/bin/chromium';
const rrd = (sim: PveSim): number => sim.requests.filter((r) => r.path.endsWith('/rrddata')).length;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

// The page's visibility, switched by the bench: what a hidden (or shown again) Electron window tells the renderer.
// Also counts the window's history calls on the bridge: the core's one-minute cache would hide a renderer that asked again.
const visibility = `(() => {
  window.__hidden = false;
  window.__historyCalls = 0;
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) {
    if (typeof data === 'string' && data.includes('"method":"history"')) window.__historyCalls++;
    return send.call(this, data);
  };
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (window.__hidden ? 'hidden' : 'visible') });
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => window.__hidden });
})();`;
const setHidden = (page: Page, hidden: boolean): Promise<void> => page.evaluate(`window.__hidden = ${hidden}; document.dispatchEvent(new Event('visibilitychange'));`);

/** Sparklines drawn on the page. */
const loaded = (page: Page): Promise<number> => page.locator('.sparkline[data-loaded=true]').count();

export default async function run(o: BenchOptions): Promise<Figure[]> {
  const root = resolve(process.env.LABTRAY_PREVIEW_ROOT ?? 'out/renderer');
  const names = ['Overview shown (1280×800): rrddata requests on opening', 'per refresh, window shown', 'per refresh, window hidden', 'Overview shown (720×480): rrddata requests on opening'];
  if (!existsSync(resolve(root, 'index.html'))) return names.map((n) => notMeasured({ group: G, name: n, unit: 'req' }, `${root} is not built (npx electron-vite build)`));
  if (!existsSync(CHROMIUM)) return names.map((n) => notMeasured({ group: G, name: n, unit: 'req' }, `${CHROMIUM} is missing`));
  const refreshes = o.quick ? 3 : 10;
  const { sim, lab, stop } = await startPveLab();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  const server = await startPreviewServer({ root, lab, log: () => undefined });
  try {
    await until(lab, (s) => (s.proxmox[0]?.nodes.length ?? 0) > 0);
    const nodes = lab.snapshot.proxmox[0].nodes.filter((n) => n.status === 'online').length;
    /** Opens the Overview at a size and waits until the sparklines of the cards on screen have drawn (or 5 s passed). */
    const open = async (width: number, height: number): Promise<{ page: Page; requests: number; drawn: number }> => {
      const before = rrd(sim);
      const page = await browser.newPage({ viewport: { width, height } });
      await page.addInitScript(`window.localStorage.setItem('labtray.window', ${JSON.stringify(JSON.stringify({ view: 'overview' }))})`);
      await page.addInitScript(visibility);
      await page.goto(server.url);
      await page.locator('.tile').first().waitFor();
      for (let i = 0; i < 50 && rrd(sim) - before < 1; i++) await sleep(100);
      await sleep(1500);
      return { page, requests: rrd(sim) - before, drawn: await loaded(page) };
    };
    const small = await open(720, 480);
    await small.page.close();
    // The 720×480 page's answers are cached in the core for a minute: a fresh cluster cache for the big window.
    await sleep(o.quick ? 0 : 61_000);
    const big = await open(1280, 800);
    o.log(`history: opening drew ${big.drawn} sparklines with ${big.requests} rrddata requests (${nodes} online nodes); 720×480: ${small.requests}`);
    const calls = (): Promise<number> => big.page.evaluate<number>('window.__historyCalls');
    const perRefresh = async (): Promise<{ req: number[]; calls: number }> => {
      const req: number[] = [];
      const c0 = await calls();
      for (let i = 0; i < refreshes; i++) {
        const before = rrd(sim);
        lab.refreshAll();
        await sleep(1200);
        req.push(rrd(sim) - before);
      }
      return { req, calls: (await calls()) - c0 };
    };
    const shown = await perRefresh();
    await setHidden(big.page, true);
    const hidden = await perRefresh();
    // Hidden past the cache's minute, then shown again: the cards on screen are read once more.
    const again = rrd(sim);
    await sleep(o.quick ? 0 : 61_000);
    await setHidden(big.page, false);
    await sleep(2000);
    const back = rrd(sim) - again;
    await big.page.close();
    return [
      figure({ group: G, name: names[0], unit: 'req', target: { op: '<=', value: nodes, label: `<= ${nodes} (one per node card)` }, note: `${big.drawn} sparklines drawn; shown again after more than the cache's minute hidden: ${back} req` }, [big.requests]),
      figure({ group: G, name: names[1], unit: 'req', target: { op: '=', value: 0, label: '0 (never polled)' }, note: `${refreshes} refreshes, 1.2 s apart; the window asked for history ${shown.calls} times over the bridge` }, shown.req),
      figure({ group: G, name: names[2], unit: 'req', target: { op: '=', value: 0 }, note: `${refreshes} refreshes with the page's visibility hidden; history asked ${hidden.calls} times over the bridge` }, hidden.req),
      figure({ group: G, name: names[3], unit: 'req', note: `only the cards on screen: ${small.drawn} sparklines drawn of ${nodes} nodes` }, [small.requests]),
    ];
  } finally {
    await server.stop();
    await browser.close();
    await stop();
  }
}
