import { expect, openApp, openView, screenshot, test } from './helpers';

// Issue 9, Kubernetes journey: cordon a node of the demo lab from the UI, confirmed in a dialog,
// run as a task; the kube fake applies the PATCH and the next snapshot reports the node unschedulable.
test('cordoning a node asks first, runs as a task and the node is reported cordoned', async ({ page }) => {
  await openApp(page, 'en');
  await openView(page, /^Kubernetes/);
  const cluster = page.locator('#kube-k3s-main');
  const row = cluster.locator('tr[data-kube-node][data-unschedulable="false"]').first();
  await expect(row).toBeVisible();
  const node = await row.getAttribute('data-kube-node');
  expect(node, 'a schedulable node in k3s-main').toBeTruthy();
  const nodeRow = cluster.locator(`tr[data-kube-node="${node}"]`);

  await nodeRow.getByRole('button', { name: `Cordon ${node}` }).click();
  const dialog = page.getByRole('dialog', { name: `Cordon ${node}?` });
  await expect(dialog).toBeVisible();
  // Cancel is the default: nothing is sent.
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(nodeRow).toHaveAttribute('data-unschedulable', 'false');

  await nodeRow.getByRole('button', { name: `Cordon ${node}` }).click();
  await dialog.getByRole('button', { name: 'Cordon', exact: true }).click();
  await expect(nodeRow).toHaveAttribute('data-unschedulable', 'true');
  await expect(nodeRow).toContainText('cordoned');
  await expect(nodeRow.getByRole('button', { name: `Uncordon ${node}` })).toBeEnabled();
  await screenshot(page, 'kubernetes-cordoned-en');

  await openView(page, /^Tasks/);
  await expect(page.locator('#tasks-recent')).toContainText(`node ${node} in k3s-main`);

  // Leave the demo lab as it was for the other journeys.
  await openView(page, /^Kubernetes/);
  await nodeRow.getByRole('button', { name: `Uncordon ${node}` }).click();
  await page.getByRole('dialog', { name: `Uncordon ${node}?` }).getByRole('button', { name: 'Uncordon', exact: true }).click();
  await expect(nodeRow).toHaveAttribute('data-unschedulable', 'false');
});
