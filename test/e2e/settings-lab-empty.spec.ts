import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import type { SettingsView } from '../../shared/api';
import type { Snapshot } from '../../shared/snapshot';
import { callLab, screenshot } from './helpers';
import { startOwnLab, type OwnLab } from './own-lab';

// Issue 17's first acceptance: from an empty config, a lab set up in Settings alone, against simulators of its own
// (a Proxmox VE simulator with a read-only token, a real sshd, kube fakes in ~/.kube/config, a fake tailscaled),
// in a preview of its own. Then an endpoint edited, a host removed, and a duplicate cluster name refused with nothing
// changed: not the config file, not the stored secrets, not the snapshot.
let own: OwnLab;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  own = await startOwnLab();
});

test.afterAll(async () => {
  await own?.stop();
});

const upper = (fp: string) => fp.toUpperCase();

async function settings(page: Page): Promise<SettingsView> {
  return callLab<SettingsView>(page, 'getSettings');
}

async function openView(page: Page, name: RegExp): Promise<void> {
  await page.getByRole('navigation').getByRole('button', { name }).click();
}

/** The proxmox part of a snapshot that a refused save must leave alone: clusters, their nodes and sources. */
function clustersOf(s: Snapshot) {
  return {
    clusters: s.proxmox.map((c) => ({ name: c.name, nodes: c.nodes.map((n) => n.name).sort() })),
    sources: s.sources.filter((x) => x.kind === 'proxmox').map((x) => x.id),
  };
}

test('from an empty config to a watched lab in Settings alone, then edits, a removal and a refused duplicate', async ({ page }) => {
  test.setTimeout(300_000);
  const { pve, ssh, kube, tailscale } = own.sims;
  await page.goto(own.url);
  await expect(page.locator('.rollup-text')).not.toHaveText(/Loading/);

  // Not set up: the top bar and the Overview say so (not "All good"), the snapshot says so, and nothing is configured.
  await expect(page.locator('.rollup-text')).toHaveText('Not set up yet');
  await expect(page.getByText('Nothing is configured yet.', { exact: false })).toBeVisible();
  await expect(page.getByText('Everything is healthy')).toHaveCount(0);
  expect((await callLab<Snapshot>(page, 'getSnapshot')).notSetUp).toBe(true);
  expect(readFileSync(own.configPath, 'utf8')).toBe('');
  await screenshot(page, 'setup-empty-overview-en');

  // A cluster: first contact shows the certificate (nothing sent), trusted, then the read-only token typed in.
  await openView(page, /^Settings/);
  const section = page.locator('#proxmox-settings');
  await section.getByRole('button', { name: 'Add cluster' }).click();
  const add = section.getByRole('form', { name: 'Add cluster' });
  await add.getByLabel('Name', { exact: true }).fill('home');
  await add.getByRole('textbox', { name: 'Endpoint 1', exact: true }).fill(pve.url);
  await add.getByRole('button', { name: 'Fetch certificate' }).click();
  const cert = add.getByRole('group', { name: 'Server certificate' });
  await expect(cert.locator('dd').first()).toHaveText(upper(pve.fingerprint));
  await expect(add).toContainText('Nothing is pinned until you trust it.');
  await add.evaluate((e) => e.scrollIntoView({ block: 'start' }));
  await screenshot(page, 'setup-certificate-en');
  await cert.getByRole('button', { name: 'Trust this certificate' }).click();
  await expect(add).toContainText(`Will pin ${upper(pve.fingerprint)}`);
  await add.getByLabel('Token ID', { exact: true }).fill(pve.readOnly.id);
  await add.getByLabel('Token secret', { exact: true }).fill(pve.readOnly.secret);
  // The preview keeps a typed secret in memory only, and says so beside the field.
  await expect(add.getByTestId('secrets-in-memory')).toContainText('in memory only');
  await add.getByRole('button', { name: 'Save cluster' }).click();
  await expect(add).toHaveCount(0);
  const withCluster = await settings(page);
  expect(withCluster.secretsPersist).toBe(false);
  expect(withCluster.config.proxmox).toEqual([{ name: 'home', endpoints: [pve.url], tokenId: pve.readOnly.id, tokenSecret: 'secret:pve-home', fingerprint: upper(pve.fingerprint) }]);
  expect(withCluster.secrets).toEqual([{ name: 'pve-home', stored: true }]);
  expect(readFileSync(own.configPath, 'utf8'), 'the config file holds the reference, never the secret').not.toContain(pve.readOnly.secret);

  // Test: the simulator's nodes, what the read-only token lacks, and the pveum commands for a least-privilege token.
  const homeRow = section.locator('.settings-item').filter({ has: page.getByText('home', { exact: true }) });
  await homeRow.getByRole('button', { name: 'Test connection' }).click();
  const result = homeRow.locator('.test-result');
  await expect(result).toContainText(`${pve.nodes.length} nodes found: `);
  for (const n of pve.nodes) await expect(result).toContainText(n);
  await expect(result).toContainText('No power control: lacks VM.PowerMgmt');
  await expect(result).toContainText(/No backups: lacks .*VM\.Backup/);
  await expect(result).toContainText('Datastore.AllocateSpace');
  await result.getByText('Commands for a least-privilege role and token').click();
  await expect(result.locator('pre')).toContainText('pveum role add');
  await expect(result.locator('pre')).toContainText('pveum user token add');
  await homeRow.evaluate((e) => e.scrollIntoView({ block: 'start' }));
  await screenshot(page, 'setup-test-permissions-en');

  // An SSH host by hand: once LabTray has connected, the key sshd offered is shown and trusted.
  const hosts = page.locator('#host-settings');
  await hosts.getByRole('button', { name: 'Add host' }).click();
  const addHost = hosts.getByRole('form', { name: 'Add host' });
  await addHost.getByLabel('Name', { exact: true }).fill('pi');
  await addHost.getByLabel('SSH address', { exact: true }).fill(ssh.host);
  await addHost.getByLabel('SSH port', { exact: true }).fill(String(ssh.port));
  await addHost.getByLabel('User', { exact: true }).fill(ssh.user);
  await addHost.getByLabel('Identity file', { exact: true }).fill(ssh.identityFile);
  await addHost.getByRole('button', { name: 'Save host' }).click();
  await expect(addHost).toHaveCount(0);
  const piRow = hosts.locator('tr[data-host="pi"]');
  await expect(piRow).toContainText(`${ssh.host}:${ssh.port}`);
  expect((await settings(page)).config.hosts?.[0]?.ssh?.hostKey, 'nothing is pinned before the user says so').toBeUndefined();
  await expect(async () => {
    await callLab(page, 'refresh');
    await expect(piRow.getByRole('button', { name: 'Trust host key' })).toBeVisible({ timeout: 2000 });
  }).toPass({ timeout: 90_000 });
  await expect(piRow).toContainText(`offered ${ssh.fingerprint}`);
  await piRow.evaluate((e) => e.scrollIntoView({ block: 'center' }));
  await screenshot(page, 'setup-host-key-en');
  await piRow.getByRole('button', { name: 'Trust host key' }).click();
  await expect(piRow.getByRole('button', { name: 'Trust host key' })).toHaveCount(0);
  expect((await settings(page)).config.hosts?.find((h) => h.name === 'pi')?.ssh?.hostKey).toBe(ssh.fingerprint);

  // Kubernetes: the contexts of ~/.kube/config, one chosen.
  const kubeSection = page.locator('#kube-settings');
  await expect(kubeSection).toContainText(kube.kubeconfig);
  for (const c of kube.contexts) await expect(page.getByTestId(`kube-context-${c}`)).not.toBeChecked();
  await page.getByTestId(`kube-context-${kube.contexts[0]}`).check();
  await page.getByTestId('kube-save').click();
  await expect.poll(async () => (await settings(page)).config.kubernetes?.contexts).toEqual([kube.contexts[0]]);

  // Tailscale: found through the CLI on PATH; used, then the subnet router and a peer to ping chosen.
  const tsSection = page.locator('#tailscale-settings');
  await expect(tsSection).toContainText(`${tailscale.cliDir}/tailscale`);
  await page.getByTestId('tailscale-use').click();
  await expect(page.getByTestId('subnet-router')).toBeVisible();
  await expect(page.getByTestId('subnet-router').locator('option', { hasText: tailscale.subnetRouter })).toHaveCount(1);
  await page.getByTestId('subnet-router').selectOption(tailscale.subnetRouter);
  await page.getByTestId(`ping-peer-${tailscale.subnetRouter}`).check();
  await page.getByTestId('tailscale-save').click();
  await expect.poll(async () => (await settings(page)).config.tailscale).toMatchObject({ subnetRouter: tailscale.subnetRouter, pinned: [tailscale.subnetRouter] });

  // The Overview now shows the cluster's nodes, the host and the kube cluster, and the lab is set up.
  await openView(page, /^Overview/);
  for (const n of pve.nodes) await expect(page.locator('#cluster-home').getByRole('article', { name: `Node ${n}`, exact: true })).toBeVisible({ timeout: 60_000 });
  // Nodes with nothing wrong turn green (gtr5 carries the simulator's worn NVMe on purpose).
  for (const n of ['um560', 's500plus']) await expect(page.locator(`#node-${n}`)).toHaveAttribute('data-status', 'ok', { timeout: 60_000 });
  // The host's trusted key takes effect: LabTray logs in and reads it.
  const piTile = page.locator('#host-pi');
  await expect(piTile).toBeVisible({ timeout: 60_000 });
  await expect(piTile).not.toContainText('unreachable', { timeout: 60_000 });
  await expect(piTile).not.toContainText('not trusted');
  await expect(page.locator('#kube-clusters').getByRole('article', { name: kube.contexts[0] })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText('Nothing is configured yet.', { exact: false })).toHaveCount(0);
  await expect(page.locator('.rollup-text')).not.toHaveText('Not set up yet');
  expect((await callLab<Snapshot>(page, 'getSnapshot')).notSetUp).toBeFalsy();
  await screenshot(page, 'setup-overview-en');

  // Edit the cluster: a second address of the same server, moved first; the secret typed again for the new endpoint.
  await openView(page, /^Settings/);
  const second = pve.url.replace('127.0.0.1', 'localhost');
  await homeRow.getByRole('button', { name: 'Edit' }).click();
  const edit = section.getByRole('form', { name: 'Edit cluster home' });
  await edit.getByRole('button', { name: 'Add endpoint' }).click();
  await edit.getByRole('textbox', { name: 'Endpoint 2', exact: true }).fill(second);
  await edit.getByRole('button', { name: 'Move endpoint 2 up' }).click();
  await expect(edit.getByRole('textbox', { name: 'Endpoint 1', exact: true })).toHaveValue(second);
  await edit.getByLabel('Token secret', { exact: true }).fill(pve.readOnly.secret);
  await edit.getByRole('button', { name: 'Save cluster' }).click();
  await expect(edit).toHaveCount(0);
  await expect(homeRow).toContainText(`${second}, ${pve.url}`);
  expect((await settings(page)).config.proxmox?.[0]?.endpoints).toEqual([second, pve.url]);
  await section.evaluate((e) => e.scrollIntoView({ block: 'start' }));
  await screenshot(page, 'setup-lab-editor-en');

  // Remove the host: asked first.
  await piRow.getByRole('button', { name: 'Remove' }).click();
  const dialog = page.getByRole('dialog', { name: 'Remove host pi?' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(piRow).toHaveCount(1);
  await piRow.getByRole('button', { name: 'Remove' }).click();
  await dialog.getByRole('button', { name: 'Remove' }).click();
  await expect(piRow).toHaveCount(0);
  expect((await settings(page)).config.hosts ?? []).toEqual([]);

  // A second cluster named "home" with another secret: refused beside the name field, and nothing changes.
  const bytesBefore = readFileSync(own.configPath);
  const viewBefore = await settings(page);
  const snapBefore = clustersOf(await callLab<Snapshot>(page, 'getSnapshot'));
  await section.getByRole('button', { name: 'Add cluster' }).click();
  const dup = section.getByRole('form', { name: 'Add cluster' });
  await dup.getByLabel('Name', { exact: true }).fill('home');
  await dup.getByRole('textbox', { name: 'Endpoint 1', exact: true }).fill(pve.url);
  await dup.getByLabel('Token ID', { exact: true }).fill('root@pam!labtray');
  await dup.getByLabel('Token secret', { exact: true }).fill('a-secret-typed-for-the-duplicate');
  await dup.getByRole('button', { name: 'Save cluster' }).click();
  await expect(dup.locator('#cluster-new-name ~ .field-error')).toContainText('home');
  await expect(dup.getByLabel('Name', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  expect(readFileSync(own.configPath).equals(bytesBefore), 'the config file is unchanged byte for byte').toBe(true);
  expect(await settings(page), 'the config and the secret-stored flags are unchanged').toEqual(viewBefore);
  expect(clustersOf(await callLab<Snapshot>(page, 'getSnapshot')), 'the clusters watched are unchanged').toEqual(snapBefore);
  await dup.getByRole('button', { name: 'Cancel' }).click();
  // The simulator accepts only the read-only token's own secret: the stored one is still that.
  await homeRow.getByRole('button', { name: 'Test connection' }).click();
  await expect(homeRow.locator('.test-result')).toContainText(`${pve.nodes.length} nodes found: `);
  await expect(homeRow.locator('.test-result')).toContainText('No power control: lacks VM.PowerMgmt');
});
