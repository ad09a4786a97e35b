import type { SettingsView } from '../../shared/api';
import type { Snapshot } from '../../shared/snapshot';
import { callLab, expect, expectAccessible, openApp, openView, screenshot, test } from './helpers';

const fp = /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/i;

// Issue 17, Settings → Lab (Proxmox VE) in the demo lab: a new endpoint for a cluster needs its secret
// again (said beside the secret field); a cluster with a name already in use is refused beside the
// name field with nothing changed; a cluster is added after fetching and trusting its certificate,
// its endpoints edited and reordered, and removed (asked first).
test('the cluster editor adds, edits, reorders, refuses a duplicate name beside the field, and removes', async ({ page }) => {
  await openApp(page, 'en');
  const before = await callLab<SettingsView>(page, 'getSettings');
  const home = before.config.proxmox?.[0];
  expect(home, 'the demo lab has a Proxmox cluster').toBeTruthy();
  const simUrl = home!.endpoints[0];
  await openView(page, /^Settings/);
  const section = page.locator('#proxmox-settings');
  const homeRow = section.locator('.settings-item').filter({ has: page.getByText('home', { exact: true }) });

  try {
    // A new endpoint would receive the stored secret: the core asks for it again, beside the secret field, and nothing is saved.
    await homeRow.getByRole('button', { name: 'Edit' }).click();
    const editHome = section.getByRole('form', { name: 'Edit cluster home' });
    await editHome.getByRole('button', { name: 'Add endpoint' }).click();
    await editHome.getByRole('textbox', { name: 'Endpoint 2', exact: true }).fill('https://pve1.tail0c3a1.ts.net:8006');
    await expect(editHome.getByLabel('Token secret', { exact: true })).toHaveAttribute('placeholder', 'stored; leave empty to keep it');
    await editHome.getByRole('button', { name: 'Save cluster' }).click();
    await expect(editHome.locator('#cluster-0-secret ~ .field-error')).toContainText('type it in again');
    await expect(editHome.locator('.form-problems')).toHaveCount(0);
    expect(await callLab<SettingsView>(page, 'getSettings')).toEqual(before);
    await editHome.getByRole('button', { name: 'Cancel' }).click();
    await expect(editHome).toHaveCount(0);

    // The connection test lists the nodes it found and what the token may do (the demo's token holds everything).
    await homeRow.getByRole('button', { name: 'Test connection' }).click();
    const result = homeRow.locator('.test-result');
    await expect(result).toContainText(/connected to https:\/\//);
    await expect(result).toContainText(/\d+ nodes found: /);
    await expect(result).toContainText('These credentials may do everything LabTray offers.');

    // A second cluster named "home": refused beside the name field, and nothing changes.
    const snapBefore = await callLab<Snapshot>(page, 'getSnapshot');
    await section.getByRole('button', { name: 'Add cluster' }).click();
    const add = section.getByRole('form', { name: 'Add cluster' });
    await add.getByLabel('Name', { exact: true }).fill('home');
    await add.getByRole('textbox', { name: 'Endpoint 1', exact: true }).fill(simUrl);
    await add.getByLabel('Token ID', { exact: true }).fill('labtray@pve!tray');
    await add.getByLabel('Token secret', { exact: true }).fill('a-secret-typed-for-the-duplicate');
    await add.getByRole('button', { name: 'Save cluster' }).click();
    const nameError = add.locator('#cluster-new-name ~ .field-error');
    await expect(nameError).toContainText('home');
    await expect(add.getByLabel('Name', { exact: true })).toHaveAttribute('aria-invalid', 'true');
    await add.evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'settings-lab-duplicate-name-en');
    const refused = await callLab<SettingsView>(page, 'getSettings');
    expect(refused, 'a refused save changes neither the config nor the stored secrets').toEqual(before);
    const snapAfter = await callLab<Snapshot>(page, 'getSnapshot');
    expect(snapAfter.proxmox.map((c) => c.name), 'nor the clusters watched').toEqual(snapBefore.proxmox.map((c) => c.name));

    // The same form, renamed: fetch the certificate (nothing sent), trust it, save.
    await add.getByLabel('Name', { exact: true }).fill('lab2');
    await add.getByRole('button', { name: 'Fetch certificate' }).click();
    const cert = add.getByRole('group', { name: 'Server certificate' });
    await expect(cert.locator('dd').first()).toHaveText(fp);
    await expect(add).toContainText('Nothing is pinned until you trust it.');
    await expect(add).toContainText('not pinned');
    await expectAccessible(page);
    await add.evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'settings-lab-first-contact-en');
    await cert.getByRole('button', { name: 'Trust this certificate' }).click();
    await expect(add).toContainText(`Will pin ${home!.fingerprint}`);
    await add.getByRole('button', { name: 'Save cluster' }).click();
    await expect(add).toHaveCount(0);
    const added = await callLab<SettingsView>(page, 'getSettings');
    const lab2 = added.config.proxmox?.find((c) => c.name === 'lab2');
    expect(lab2).toMatchObject({ endpoints: [simUrl], tokenId: 'labtray@pve!tray', tokenSecret: 'secret:pve-lab2', fingerprint: home!.fingerprint });
    expect(added.secrets).toContainEqual({ name: 'pve-lab2', stored: true });
    expect(JSON.stringify(added)).not.toContain('a-secret-typed-for-the-duplicate');

    // Edit lab2: a tailnet endpoint after the LAN one, moved up and back down, its secret typed again; the order is what is saved.
    const lab2Row = section.locator('.settings-item').filter({ has: page.getByText('lab2', { exact: true }) });
    await lab2Row.getByRole('button', { name: 'Edit' }).click();
    const edit = section.getByRole('form', { name: 'Edit cluster lab2' });
    await edit.getByRole('button', { name: 'Add endpoint' }).click();
    await edit.getByRole('textbox', { name: 'Endpoint 2', exact: true }).fill('https://pve1.tail0c3a1.ts.net:8006');
    await edit.getByRole('button', { name: 'Move endpoint 2 up' }).click();
    await expect(edit.getByRole('textbox', { name: 'Endpoint 1', exact: true })).toHaveValue('https://pve1.tail0c3a1.ts.net:8006');
    await edit.getByRole('button', { name: 'Move endpoint 1 down' }).click();
    await expect(edit.getByRole('textbox', { name: 'Endpoint 1', exact: true })).toHaveValue(simUrl);
    await edit.getByLabel('Token secret', { exact: true }).fill('the-lab2-secret-again');
    await edit.evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'settings-lab-edit-cluster-en');
    await edit.getByRole('button', { name: 'Save cluster' }).click();
    await expect(edit).toHaveCount(0);
    await expect(lab2Row).toContainText(`${simUrl}, https://pve1.tail0c3a1.ts.net:8006`);
    const reordered = await callLab<SettingsView>(page, 'getSettings');
    expect(reordered.config.proxmox?.find((c) => c.name === 'lab2')).toMatchObject({ endpoints: [simUrl, 'https://pve1.tail0c3a1.ts.net:8006'], fingerprint: home!.fingerprint });

    // Remove: asked first; Cancel keeps it, Remove drops it.
    await lab2Row.getByRole('button', { name: 'Remove' }).click();
    const dialog = page.getByRole('dialog', { name: 'Remove cluster lab2?' });
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(lab2Row).toHaveCount(1);
    await lab2Row.getByRole('button', { name: 'Remove' }).click();
    await dialog.getByRole('button', { name: 'Remove' }).click();
    await expect(lab2Row).toHaveCount(0);
    const removed = await callLab<SettingsView>(page, 'getSettings');
    expect(removed.config.proxmox?.map((c) => c.name)).toEqual(['home']);
  } finally {
    // The demo lab is shared by the other journeys: what this one added goes.
    const now = await callLab<SettingsView>(page, 'getSettings');
    if (now.config.proxmox?.some((c) => c.name === 'lab2')) await callLab(page, 'removeCluster', { name: 'lab2' });
  }
});

test('the cluster form fits a 720×480 window without sideways scrolling', async ({ page }) => {
  await page.setViewportSize({ width: 720, height: 480 });
  await openApp(page, 'zh-CN');
  await openView(page, /^设置/);
  await page.locator('#proxmox-settings').getByRole('button', { name: '编辑' }).click();
  await expect(page.locator('.cluster-form')).toBeVisible();
  await screenshot(page, 'settings-lab-edit-cluster-zh-CN-720');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

test('the first contact reads in Chinese: certificate, names and the question to trust it', async ({ page }) => {
  await openApp(page, 'zh-CN');
  const { config } = await callLab<SettingsView>(page, 'getSettings');
  await openView(page, /^设置/);
  const section = page.locator('#proxmox-settings');
  await section.getByRole('button', { name: '添加集群' }).click();
  const add = section.locator('.cluster-form');
  await add.getByLabel('名称', { exact: true }).fill('lab2');
  await add.getByRole('textbox', { name: '端点 1', exact: true }).fill(config.proxmox![0].endpoints[0]);
  await add.getByRole('button', { name: '获取证书' }).click();
  await expect(add.getByRole('group', { name: '服务器证书' }).locator('dd').first()).toHaveText(fp);
  await expect(add).toContainText('在你信任之前不会固定任何指纹');
  await add.evaluate((e) => e.scrollIntoView({ block: 'start' }));
  await screenshot(page, 'settings-lab-first-contact-zh-CN');
  await add.getByRole('button', { name: '取消' }).click();
  expect((await callLab<SettingsView>(page, 'getSettings')).config, 'nothing saved').toEqual(config);
});

// Issue 17, Settings → Lab (SSH hosts) in the demo lab: a host added by hand, its host key trusted
// once LabTray has seen it, a bad MAC refused beside its field, then the host removed (asked first).
test('an SSH host is added by hand, its key trusted, a bad MAC refused beside the field, and removed', async ({ page }) => {
  await openApp(page, 'en');
  const before = await callLab<SettingsView>(page, 'getSettings');
  const pi = before.config.hosts?.find((h) => h.ssh);
  expect(pi?.ssh, 'the demo lab has an SSH host').toBeTruthy();
  await openView(page, /^Settings/);
  const section = page.locator('#host-settings');
  try {
    await section.getByRole('button', { name: 'Add host' }).click();
    const add = section.getByRole('form', { name: 'Add host' });
    await add.getByLabel('Name', { exact: true }).fill('nas');
    await add.getByLabel('SSH address', { exact: true }).fill(pi!.ssh!.host);
    await add.getByLabel('SSH port', { exact: true }).fill(String(pi!.ssh!.port ?? 22));
    await add.getByLabel('User', { exact: true }).fill(pi!.ssh!.user ?? 'root');
    if (pi!.ssh!.identityFile) await add.getByLabel('Identity file', { exact: true }).fill(pi!.ssh!.identityFile);
    await add.getByRole('button', { name: 'Save host' }).click();
    await expect(add).toHaveCount(0);
    const row = section.locator('tr[data-host="nas"]');
    await expect(row).toContainText(`${pi!.ssh!.host}:${pi!.ssh!.port ?? 22}`);
    const saved = (await callLab<SettingsView>(page, 'getSettings')).config.hosts?.find((h) => h.name === 'nas');
    expect(saved?.ssh?.hostKey, 'nothing is pinned before the user says so').toBeUndefined();

    // First contact: once LabTray has connected, the key it was offered is shown and trusted on request.
    await expect(async () => {
      await callLab(page, 'refresh');
      await expect(row.getByRole('button', { name: 'Trust host key' })).toBeVisible({ timeout: 2000 });
    }).toPass({ timeout: 60_000 });
    const offered = (await callLab<Snapshot>(page, 'getSnapshot')).hosts.find((h) => h.name === 'nas')?.hostKey;
    expect(offered).toMatch(/^SHA256:/);
    await expect(row).toContainText(`offered ${offered}`);
    await row.getByRole('button', { name: 'Trust host key' }).click();
    await expect(row.getByRole('button', { name: 'Trust host key' })).toHaveCount(0);
    const trusted = await callLab<SettingsView>(page, 'getSettings');
    expect(trusted.config.hosts?.find((h) => h.name === 'nas')?.ssh?.hostKey).toBe(offered);

    // A MAC that is not one: refused beside the MAC field, nothing saved.
    await row.getByRole('button', { name: 'Edit' }).click();
    const edit = section.getByRole('form', { name: 'Edit host nas' });
    await edit.getByLabel('MAC address', { exact: true }).fill('zz:bb:cc:dd:ee:ff');
    await edit.getByRole('button', { name: 'Save host' }).click();
    await expect(edit.locator('[id$="-mac"] ~ .field-error')).toContainText(/MAC|mac/);
    await expect(edit.getByLabel('MAC address', { exact: true })).toHaveAttribute('aria-invalid', 'true');
    expect(await callLab<SettingsView>(page, 'getSettings')).toEqual(trusted);
    await edit.getByLabel('MAC address', { exact: true }).fill('e2:45:71:0a:9c:99');
    await edit.getByRole('checkbox', { name: 'Relay for others' }).check();
    await edit.getByRole('button', { name: 'Save host' }).click();
    await expect(edit).toHaveCount(0);
    expect((await callLab<SettingsView>(page, 'getSettings')).config.hosts?.find((h) => h.name === 'nas')).toMatchObject({ mac: 'e2:45:71:0a:9c:99', wakeRelay: true, ssh: { hostKey: offered } });

    await row.getByRole('button', { name: 'Remove' }).click();
    await page.getByRole('dialog', { name: 'Remove host nas?' }).getByRole('button', { name: 'Remove' }).click();
    await expect(row).toHaveCount(0);
    expect((await callLab<SettingsView>(page, 'getSettings')).config.hosts).toEqual(before.config.hosts);
  } finally {
    const now = await callLab<SettingsView>(page, 'getSettings');
    if (now.config.hosts?.some((h) => h.name === 'nas')) await callLab(page, 'removeHost', { name: 'nas' });
  }
});
