import { expect, openApp, openView, reopenView, screenshot, test } from './helpers';

// Issue 9, Settings journey (quiet hours): a schedule that ends when it starts is refused with a
// reason; one across midnight is saved, with critical alerts breaking through, and survives a reload.
test('quiet hours are checked, saved and read back after a reload', async ({ page }) => {
  await openApp(page, 'en');
  await openView(page, /^Settings/);
  const section = page.locator('#quiet-hours');
  await section.getByLabel('Quiet hours every day').check();
  await section.getByLabel('Quiet from').fill('23:00');
  await section.getByLabel('Quiet until').fill('23:00');
  await expect(section.locator('#quiet-help')).toHaveText('Quiet hours must start and end at different times.');
  await expect(section.getByLabel('Quiet from')).toHaveAttribute('aria-invalid', 'true');
  await section.getByRole('button', { name: 'Save' }).click();
  await expect(section.getByRole('status')).toHaveText('Quiet hours must start and end at different times.');

  await section.getByLabel('Quiet until').fill('07:30');
  await expect(section.locator('#quiet-help')).toHaveText('Crosses midnight: quiet from 23:00 until 07:30 the next morning.');
  await section.getByLabel('Critical alerts break through quiet hours').check();
  await section.getByRole('button', { name: 'Save' }).click();
  await expect(section.getByRole('status')).toHaveText('Saved.');
  await section.scrollIntoViewIfNeeded();
  await screenshot(page, 'settings-quiet-hours-en');

  await reopenView(page, /^Settings/);
  await expect(section.getByLabel('Quiet hours every day')).toBeChecked();
  await expect(section.getByLabel('Quiet from')).toHaveValue('23:00');
  await expect(section.getByLabel('Quiet until')).toHaveValue('07:30');
  await expect(section.getByLabel('Critical alerts break through quiet hours')).toBeChecked();

  // Back to no quiet hours, so later journeys see the demo lab as it started.
  await section.getByLabel('Quiet hours every day').uncheck();
  await section.getByLabel('Critical alerts break through quiet hours').uncheck();
  await section.getByRole('button', { name: 'Save' }).click();
  await expect(section.getByRole('status')).toHaveText('Saved.');
});
