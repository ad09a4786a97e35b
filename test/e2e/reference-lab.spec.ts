import { expect, test, type Page } from '@playwright/test';
import type { Snapshot } from '../../shared/snapshot';
import { homelabBackups, homelabGuests } from '../../demo/pve/homelab';
import { demoTailnet } from '../../demo/tailscale/model';
import { callLab, expectAccessible, openView, screenshot } from './helpers';
import { homeClusterConfig, openOwnLab, startOwnLab, type OwnLab } from './own-lab';

// The reference homelab through the core: its own preview on the simulators (the PVE simulator with tasks eight times
// as long as PVE's, so a guest is seen starting even on a loaded machine; the kube fakes, a fake tailscaled).
// A fresh lab for this file; a journey that changes it puts it back in `finally`, so no test sees another's leftovers.

let own: OwnLab;

test.beforeAll(async () => {
  own = await startOwnLab({
    sims: { speed: 8 },
    // No SSH host: its probes would read this (shared, busy) machine, whose load would make the problems vary.
    config: (sims) => {
      const q = (s: string): string => JSON.stringify(s);
      const more = `tailscale: { subnetRouter: ${q(sims.tailscale.subnetRouter)} }\nkubernetes: { contexts: [${sims.kube.contexts.map(q).join(', ')}] }\n`;
      return homeClusterConfig(sims, more);
    },
  });
});

test.afterAll(async () => {
  await own?.stop();
});

const snapshot = (page: Page): Promise<Snapshot> => callLab<Snapshot>(page, 'getSnapshot');
const guestNamed = (s: Snapshot, name: string): Snapshot['proxmox'][number]['guests'][number] | undefined => s.proxmox.flatMap((c) => c.guests).find((g) => g.name === name);

/** Puts a guest back into `status` through the core (not the window), and waits until the core reports it so. */
async function putBack(page: Page, name: string, status: 'running' | 'stopped'): Promise<void> {
  const g = guestNamed(await snapshot(page), name);
  if (!g) throw new Error(`no guest ${name} in the lab`);
  if (g.status !== status) await callLab(page, 'guestAction', { cluster: 'home', vmids: [g.vmid], action: status === 'running' ? 'start' : 'stop' });
  await expect.poll(async () => guestNamed(await snapshot(page), name)?.status, { timeout: 90_000 }).toBe(status);
}

test('filters narrow the guests by node, status and tag', async ({ page }) => {
  await openOwnLab(page, own);
  await openView(page, /^Guests/);
  const total = own.sims.pve.guests;
  const guests = (await snapshot(page)).proxmox.flatMap((c) => c.guests).filter((g) => !g.template);
  expect(guests).toHaveLength(total);
  const byNode = guests.filter((g) => g.node === 'um560' && g.status === 'running');
  const byTag = byNode.filter((g) => g.tags.includes('k3s'));
  // Each filter narrows: the journey would pass unnoticed if one of them were ignored.
  expect(byTag.length).toBeGreaterThan(0);
  expect(byTag.length).toBeLessThan(byNode.length);
  expect(byNode.length).toBeLessThan(total);
  await page.getByLabel('Node', { exact: true }).selectOption('um560');
  await page.getByLabel('Status', { exact: true }).selectOption('running');
  await expect(page.getByText(`${byNode.length} of ${total}`)).toBeVisible();
  await page.getByLabel('Tag', { exact: true }).selectOption('k3s');
  await expect(page.getByText(`${byTag.length} of ${total}`)).toBeVisible();
  for (const g of byTag) await expect(page.locator(`.tbody [role=row][data-guest="home/${g.vmid}"]`)).toContainText(g.name);
  const dropped = byNode.find((g) => !g.tags.includes('k3s'));
  await expect(page.locator(`.tbody [role=row][data-guest="home/${dropped?.vmid}"]`)).toHaveCount(0);
});

test('a favourite guest is listed first', async ({ page }) => {
  await openOwnLab(page, own);
  const before = (await snapshot(page)).prefs.favourites;
  try {
    await openView(page, /^Guests/);
    await expect(page.locator('.tbody [role=row]').first()).not.toContainText('win2022');
    await page.getByRole('button', { name: 'Favourite win2022' }).click();
    await expect(page.locator('.tbody [role=row]').first()).toContainText('win2022');
    await expect(page.getByRole('button', { name: 'Favourite win2022' })).toHaveAttribute('aria-pressed', 'true');
    // Kept by the core: it comes back after a reload.
    await page.reload();
    await openView(page, /^Guests/);
    await expect(page.locator('.tbody [role=row]').first()).toContainText('win2022');
  } finally {
    await callLab(page, 'savePrefs', { favourites: before });
  }
});

test('stop asks for confirmation and does nothing when cancelled', async ({ page }) => {
  await openOwnLab(page, own);
  try {
    await openView(page, /^Guests/);
    const row = page.getByRole('row', { name: /home-assistant/ });
    await expect(row.getByTestId('guest-status')).toHaveText(/running/);
    await row.getByRole('button', { name: 'Stop home-assistant' }).click();
    const dialog = page.getByRole('dialog', { name: 'Force stop this guest?' });
    await expect(dialog).toBeVisible();
    await screenshot(page, 'guests-confirm-stop-en');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();
    await expect(row.getByTestId('guest-status')).toHaveText(/running/);
    expect(guestNamed(await snapshot(page), 'home-assistant')?.status, 'cancelled: the core was not asked').toBe('running');
    await row.getByRole('button', { name: 'Stop home-assistant' }).click();
    await dialog.getByRole('button', { name: 'Stop' }).click();
    await expect(row.getByTestId('guest-status')).toHaveText(/stopped/, { timeout: 90_000 });
    expect(guestNamed(await snapshot(page), 'home-assistant')?.status).toBe('stopped');
  } finally {
    await putBack(page, 'home-assistant', 'running');
  }
});

test('start shows "starting…" until the guest runs', async ({ page }) => {
  await openOwnLab(page, own);
  try {
    await openView(page, /^Guests/);
    const row = page.getByRole('row', { name: /win2022/ });
    const status = row.getByTestId('guest-status');
    await expect(status).toHaveText(/stopped/);
    // A VM start takes the simulator 12 s: "starting…" shows while the task runs, then "running" once the core has read
    // the guest's new state.
    await row.getByRole('button', { name: 'Start win2022' }).click();
    await expect(status).toHaveText(/starting…/);
    await expect(status).toHaveText(/running/, { timeout: 90_000 });
    expect(guestNamed(await snapshot(page), 'win2022')?.status).toBe('running');
  } finally {
    await putBack(page, 'win2022', 'stopped');
  }
});

test('overview lists problems first and links each to its place', async ({ page }) => {
  // From the simulator's starting state: the guests never backed up, and the one whose last backup is older than a week.
  const backedUp = new Map<number, number>();
  for (const b of homelabBackups) backedUp.set(b.vmid, Math.min(b.ageHours, backedUp.get(b.vmid) ?? Infinity));
  const never = homelabGuests.filter((g) => !g.template && !backedUp.has(g.vmid));
  const old = homelabGuests.filter((g) => (backedUp.get(g.vmid) ?? 0) > 7 * 24);
  expect(never.map((g) => g.name)).toContain('ubuntu-test');
  expect(old).toHaveLength(1);
  await openOwnLab(page, own);

  // Worst first: the critical lines, then warnings, then what is unknown.
  const problems = page.locator('#problems li.problem');
  const first = problems.first();
  await expect(first.locator('.problem-summary')).toHaveText(`${never.length} guests have never been backed up`);
  const rank = { crit: 0, warn: 1, unknown: 2 } as Record<string, number>;
  const ranks = (await problems.evaluateAll((els) => els.map((e) => /problem-(crit|warn|unknown)/.exec(e.className)?.[1] ?? ''))).map((c) => rank[c]);
  expect(ranks.length).toBeGreaterThan(2);
  expect(ranks, 'problems ordered worst first').toEqual([...ranks].sort((a, b) => a - b));
  expect(ranks[0]).toBe(0);
  await first.getByRole('button', { name: `List all ${never.length}` }).click();
  await expect(first.locator('.problem-members li')).toHaveCount(never.length);
  for (const g of never) await expect(first.locator('.problem-members')).toContainText(`${g.vmid} (${g.name}) has never been backed up`);

  // A single finding opens its guest in Guests; the counted line opens Backups.
  const stale = old[0];
  const item = problems.filter({ hasText: `${stale.vmid} (${stale.name}): last backup is ${Math.floor(backedUp.get(stale.vmid)! / 24)} days old` });
  await item.getByRole('button', { name: 'Open in Guests' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Guests' })).toBeVisible();
  await expect(page.getByRole('searchbox')).toHaveValue(String(stale.vmid));
  await expect(page.locator('.tbody [role=row]')).toHaveCount(1);
  await openView(page, /^Overview/);
  await first.getByRole('button', { name: 'Open in Backups' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Backups' })).toBeVisible();
});

test('network shows direct, relayed and idle peers', async ({ page }) => {
  const tailnet = demoTailnet();
  const gateway = tailnet.peers.find((p) => p.hostName === own.sims.tailscale.subnetRouter);
  const relayed = tailnet.peers.find((p) => p.online && p.active && p.link === 'derp' && p.directAfter === null);
  const idle = tailnet.peers.find((p) => p.online && !p.active);
  expect(gateway && relayed && idle, 'the tailnet has a subnet router, a peer on DERP and an idle one').toBeTruthy();
  await openOwnLab(page, own);
  await openView(page, /^Network/);
  const gatewayRow = page.getByRole('row', { name: new RegExp(gateway!.hostName) });
  await expect(gatewayRow).toContainText('direct');
  await expect(gatewayRow).toContainText(gateway!.routes[0]);
  await expect(page.getByRole('row', { name: new RegExp(relayed!.hostName) })).toContainText(`relay (${relayed!.derp})`);
  await expect(page.getByRole('row', { name: new RegExp(idle!.hostName) }).locator('.badge-idle')).toHaveText('idle');
  await page.getByRole('button', { name: `Ping ${gateway!.hostName}` }).click();
  await expect(gatewayRow).toContainText(`${gateway!.latencyMs.direct} ms direct`);
});

for (const lang of ['en', 'zh-CN'] as const) {
  test(`the reference homelab in every view (${lang})`, async ({ page }) => {
    await openOwnLab(page, own, lang);
    try {
      for (const v of ['overview', 'guests', 'network', 'kubernetes', 'backups', 'tasks'] as const) {
        await page.locator('.nav-item').nth(['overview', 'guests', 'network', 'kubernetes', 'backups', 'tasks'].indexOf(v)).click();
        await expect(page.locator('.view-title')).toBeVisible();
        await expectAccessible(page);
        await screenshot(page, `lab-${v}-${lang}`);
      }
    } finally {
      await callLab(page, 'savePrefs', { language: 'en' });
    }
  });
}
