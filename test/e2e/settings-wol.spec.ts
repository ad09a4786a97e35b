import { expect, expectAccessible, openApp, openView, reopenView, screenshot, test } from './helpers';

// Issue 9, Settings journey (Wake-on-LAN): a mistyped MAC is refused with what is wrong with it; a new
// MAC for rockpi5a and orangepi5 as the relay that wakes it from away are saved and survive a reload.
test('a MAC address and a relay are checked, saved and read back after a reload', async ({ page }) => {
  await openApp(page, 'en');
  await openView(page, /^Settings/);
  const section = page.locator('#wol-settings');
  const mac = section.getByLabel('MAC address of rockpi5a');
  const broadcast = section.getByLabel('Broadcast address for rockpi5a');
  const relay = section.getByLabel('orangepi5 wakes other hosts (relay)');
  const away = section.locator('tr[data-wol="rockpi5a"] [data-testid="wol-away"]');
  const problem = section.locator('tr[data-wol="rockpi5a"] [data-testid="mac-problem"]');
  const save = section.getByRole('button', { name: 'Save' });
  // The demo as it started, put back at the end.
  const original = { mac: await mac.inputValue(), broadcast: await broadcast.inputValue(), relay: await relay.isChecked() };
  expect(original.mac, 'the demo gives rockpi5a a MAC').toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
  expect(original.relay, 'the demo starts with no relay').toBe(false);
  await expect(away).toHaveText('only at home: no relay');

  await mac.fill('');
  await expect(away).toHaveText('cannot be woken: no MAC');
  await mac.fill('02:4a:71:0a:9c');
  await expect(problem).toHaveText('10 hex digits: a MAC address has 12, in six pairs like aa:bb:cc:dd:ee:ff.');
  await expect(mac).toHaveAttribute('aria-invalid', 'true');
  await mac.fill('02:4a:71:0a:9c:1g');
  await expect(problem).toHaveText('Only 0–9 and a–f belong in a MAC address, not “g”.');
  await mac.fill('ff:ff:ff:ff:ff:ff');
  await expect(problem).toHaveText("ff:ff:ff:ff:ff:ff is a multicast or broadcast address, not a network card's own: check the first pair (it must be even).");
  await broadcast.fill('192.168.1.256');
  await expect(section.locator('tr[data-wol="rockpi5a"] [data-testid="broadcast-problem"]')).toContainText('Enter an IPv4 address');
  await save.click();
  await expect(section.getByRole('status')).toHaveText('Fix the marked fields first.');
  await expectAccessible(page);

  await broadcast.fill(original.broadcast);
  await mac.fill('02-4A-71-0A-9C-12');
  await expect(problem).toHaveCount(0);
  await expect(mac).toHaveAttribute('aria-invalid', 'false');
  await relay.check();
  await expect(away).toHaveText('through orangepi5');
  await expect(section.locator('tr[data-wol="orangepi5"] [data-testid="wol-away"]'), 'a relay never wakes itself').toHaveText('only at home: no relay');
  await save.click();
  await expect(section.getByRole('status')).toHaveText('Saved.');
  await expect(mac, 'saved in the usual aa:bb:.. form').toHaveValue('02:4a:71:0a:9c:12');
  await expect(page.locator('#host-settings tr[data-host="rockpi5a"]')).toContainText('02:4a:71:0a:9c:12');
  await section.scrollIntoViewIfNeeded();
  await screenshot(page, 'settings-wol-en');

  await reopenView(page, /^Settings/);
  await expect(mac).toHaveValue('02:4a:71:0a:9c:12');
  await expect(broadcast).toHaveValue(original.broadcast);
  await expect(relay).toBeChecked();
  await expect(away).toHaveText('through orangepi5');

  // Back to the demo's own MAC and no relay, so later journeys see the demo lab as it started.
  await mac.fill(original.mac);
  await relay.uncheck();
  await save.click();
  await expect(section.getByRole('status')).toHaveText('Saved.');
  await expect(mac).toHaveValue(original.mac);
  await expect(away).toHaveText('only at home: no relay');
});

test('a mistyped MAC address is explained in Chinese', async ({ page }) => {
  await openApp(page, 'zh-CN');
  await openView(page, /^设置/);
  const section = page.locator('#wol-settings');
  await expect(section.getByRole('heading', { name: '网络唤醒' })).toBeVisible();
  const mac = section.getByLabel('rockpi5a 的 MAC 地址');
  await mac.fill('e2:45:71:0a:9c:1z');
  await expect(section.locator('tr[data-wol="rockpi5a"] [data-testid="mac-problem"]')).toHaveText('MAC 地址只能包含 0–9 和 a–f，不能有“z”。');
  await mac.fill('e2:45:71:0a:9c');
  await expect(section.locator('tr[data-wol="rockpi5a"] [data-testid="mac-problem"]')).toHaveText('共 10 位十六进制数字，而 MAC 地址应为 12 位（六组，如 aa:bb:cc:dd:ee:ff）。');
  await expect(section.locator('tr[data-wol="rockpi5a"] [data-testid="wol-away"]')).toHaveText('–');
  await expectAccessible(page);
  await section.scrollIntoViewIfNeeded();
  await screenshot(page, 'settings-wol-zh-CN');
  // Nothing is saved: the demo stays as it started.
});
