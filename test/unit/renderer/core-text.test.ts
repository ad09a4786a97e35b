import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { coreMessages } from '../../../shared/core-messages';
import { msg, part } from '../../../shared/message';
import zh from '../../../shared/i18n/core.zh-CN.json';
import { checkText, coreText } from '../../../renderer/src/core-text';
import { setupI18n } from '../../../renderer/src/i18n';

/** `name` or `name, format` for each placeholder, sorted: both languages must ask for the same values in the same formats. */
const slots = (template: string): string[] => [...template.matchAll(/\{\{\s*(\w+)\s*(?:,\s*(\w+)\s*)?\}\}/g)].map((m) => (m[2] ? `${m[1]}, ${m[2]}` : m[1])).sort();
const zhCatalogue: Record<string, string> = zh;

describe('core messages in Simplified Chinese', () => {
  it('translates every key of the shared catalogue, with the same placeholders and formats, and no key the core does not have', () => {
    const missing = Object.keys(coreMessages).filter((k) => !Object.hasOwn(zhCatalogue, k));
    assert.deepEqual(missing, [], 'keys missing in core.zh-CN.json');
    assert.deepEqual(Object.keys(zhCatalogue).filter((k) => !Object.hasOwn(coreMessages, k)), [], 'keys in core.zh-CN.json the core never uses');
    for (const [k, en] of Object.entries(coreMessages)) assert.deepEqual([...new Set(slots(zhCatalogue[k]))], [...new Set(slots(en))], `placeholders of ${k}`);
  });

  it('has Chinese text in every sentence that has words of its own (names from the field like Pod and DERP aside)', () => {
    const terms = new Set(['Pod', 'DERP']);
    for (const [k, t] of Object.entries(zhCatalogue)) {
      const words = (t.replace(/\{\{[^}]+\}\}/g, '').match(/[A-Za-z]{2,}/g) ?? []).filter((w) => !terms.has(w));
      if (words.length) assert.match(t, /[\u4e00-\u9fff]/, `${k} is not translated: ${t}`);
    }
  });

  it('shows a crash-looping pod, a stale backup and a relayed phone in Chinese, with lists and ages in Chinese form', () => {
    const pod = msg('kube.pod', { context: 'k3s-main', namespace: 'media', pod: 'jellyfin-0', reason: 'CrashLoopBackOff', restarts: part('kube.restarts', { n: 14 }), owner: part('kube.owner', { kind: 'StatefulSet', name: 'jellyfin' }) });
    assert.equal(checkText('zh-CN', pod), 'k3s-main：Pod media/jellyfin-0 CrashLoopBackOff，重启 14 次（StatefulSet jellyfin）');
    const backup = msg('pve.backupOld', { guest: '111 (home-assistant)', age: 200, job: part('pve.backupNoJob'), verify: '' });
    assert.equal(checkText('zh-CN', backup), '111 (home-assistant)：上次备份已是 8 天前；没有计划备份任务覆盖它');
    const phone = msg('ts.peerRelayed', { peer: 'realme-x2-pro', path: part('ts.path.derp', { region: 'hkg' }) });
    assert.equal(checkText('zh-CN', phone), 'realme-x2-pro 经 DERP(hkg) 中继，不是直连');
    const pressure = msg('kube.nodePressure', { context: 'k3s-main', node: 'rock5b', conditions: ['DiskPressure', 'PIDPressure'] });
    assert.equal(checkText('zh-CN', pressure), 'k3s-main：节点 rock5b 报告 DiskPressure、PIDPressure');
    assert.equal(checkText('zh-CN', msg('ssh.uptime', { host: 'um560', uptime: 90_061 })), 'um560：已运行 1 天 1 小时');
  });

  it('shows the English summary itself in English', () => {
    const pod = msg('kube.pod', { context: 'k3s-main', namespace: 'media', pod: 'jellyfin-0', reason: 'CrashLoopBackOff', restarts: part('kube.restart1'), owner: '' });
    assert.equal(checkText('en', pod), pod.summary);
    assert.equal(checkText('en', pod), 'k3s-main: pod media/jellyfin-0 CrashLoopBackOff, 1 restart');
  });

  it('falls back to the summary for an unknown key, a missing param, or no message at all', () => {
    assert.equal(checkText('zh-CN', { summary: 'from a newer core', msg: { key: 'pve.fromTheFuture', params: { node: 'um560' } } }), 'from a newer core');
    assert.equal(checkText('zh-CN', { summary: 'um560 is offline', msg: { key: 'pve.nodeOffline' } }), 'um560 is offline');
    assert.equal(checkText('zh-CN', { summary: 'nested gone', msg: { key: 'ts.peerRelayed', params: { peer: 'x', path: { key: 'ts.path.nope' } } } }), 'nested gone');
    assert.equal(checkText('zh-CN', { summary: 'plain' }), 'plain');
    assert.equal(coreText('zh-CN', null, 'no explanation'), 'no explanation');
    assert.equal(coreText('fr', part('pve.nodeOffline', { node: 'um560' }), 'x'), 'um560 is offline', 'a language without a core catalogue reads English');
  });

  it('registers the core catalogue as the i18next `core` namespace of both languages', () => {
    const i18n = setupI18n('zh-CN', []);
    assert.equal(i18n.t('pve.nodeOffline', { ns: 'core', node: 'um560' }), 'um560 已离线');
    assert.equal(i18n.getFixedT('en')('pve.nodeOffline', { ns: 'core', node: 'um560' }), 'um560 is offline');
  });
});
