import { expect, openApp, openView, screenshot, test } from './helpers';

// The core's findings come with a catalogue key: in Chinese the renderer shows them in Chinese, not the core's English summary.
test.describe('core findings in Simplified Chinese', () => {
  test('the Overview lists the demo lab problems in Chinese: worn NVMe, stale backup, crash-looping pod, relayed phone', async ({ page }) => {
    await openApp(page, 'zh-CN');
    const problems = page.locator('#problems .problem-summary');
    await expect(problems.first()).toBeVisible();
    await page.locator('#problems .problems-more button').click();
    await expect(problems.filter({ hasText: 'gtr5 /dev/nvme0n1 (WD_BLACK SN570 1TB)：额定寿命仅剩 17%——请计划更换并检查备份' })).toHaveCount(1);
    await expect(problems.filter({ hasText: /^111 \(home-assistant\)：上次备份已是 \d+ 天前；没有计划备份任务覆盖它$/ })).toHaveCount(1);
    await expect(problems.filter({ hasText: /^k3s-data-1：Pod monitoring\/vmalert-\S+ CrashLoopBackOff，重启 \d+ 次（ReplicaSet vmalert-\S+）$/ })).toHaveCount(1);
    await expect(problems.filter({ hasText: 'realme-x2-pro 经 DERP(hkg) 中继，不是直连' })).toHaveCount(1);
    await expect(problems.filter({ hasText: /：节点 k3s-data-1-worker-3 为 NotReady$/ })).toHaveCount(1);
    // No line is left in the core's English (the host that refuses SSH keeps its English error, with a Chinese hint).
    const texts = await problems.allTextContents();
    const english = texts.filter((t) => !/[\u4e00-\u9fff]/.test(t));
    expect(english, english.join('\n')).toEqual([]);
    await page.locator('#problems .problems-more button').click();
    await screenshot(page, 'overview-zh-CN-problems');
  });

  test('the Network view says at home or away, and why, in Chinese', async ({ page }) => {
    await openApp(page, 'zh-CN');
    await openView(page, /^网络/);
    await expect(page.getByRole('heading', { level: 1, name: '网络' })).toBeVisible();
    await expect(page.locator('.location-reason')).toHaveText(/^在家：127\.0\.0\.1:\d+ 以固定的证书应答/);
    await screenshot(page, 'network-zh-CN-location');
  });

  test('the same lines stay in the core English in the English UI', async ({ page }) => {
    await openApp(page, 'en');
    await page.locator('#problems .problems-more button').click();
    await expect(page.locator('#problems .problem-summary').filter({ hasText: 'realme-x2-pro is relayed via DERP(hkg), not direct' })).toHaveCount(1);
    await openView(page, /^Network/);
    await expect(page.locator('.location-reason')).toHaveText(/^at home: 127\.0\.0\.1:\d+ answered with the pinned certificate/);
  });
});
