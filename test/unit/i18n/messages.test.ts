import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import i18next from 'i18next';
import { i18nFor, textEngine } from '../../../shared/i18n';
import { pickLanguage } from '../../../shared/language';
import { checkText, english, msg, part, textIn } from '../../../shared/message';

describe('core findings in Simplified Chinese', () => {
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

  it('renders a nested part inside a list in the same language', () => {
    const m = part('loc.away', { details: [part('loc.probeNoAnswer', { probe: 'um560', error: 'timeout' }), 'no route'], context: '' });
    assert.equal(english(m), 'away: um560 did not answer: timeout; no route');
    assert.equal(textIn('zh-CN', m, 'x').includes('；'), true, 'the semi format joins with the Chinese semicolon');
  });

  it('keeps values named like i18next options (context, count) as plain values', () => {
    assert.equal(english(part('kube.api', { context: 'k3s-main', problem: part('kube.api.tls') })), 'k3s-main: the API server certificate does not verify');
    assert.equal(english(part('kube.restarts', { n: 1 })), ', 1 restarts');
  });
});

describe('the English summary', () => {
  it('is what the English UI shows too', () => {
    const pod = msg('kube.pod', { context: 'k3s-main', namespace: 'media', pod: 'jellyfin-0', reason: 'CrashLoopBackOff', restarts: part('kube.restart1'), owner: '' });
    assert.equal(checkText('en', pod), pod.summary);
    assert.equal(pod.summary, 'k3s-main: pod media/jellyfin-0 CrashLoopBackOff, 1 restart');
  });

  it('writes times as ISO text (the CLI and logs read the same everywhere); the UI shows them local', () => {
    const next = part('pve.backupJobNext', { job: 'backup-daily', schedule: '02:00', next: Date.parse('2026-11-27T09:00:00Z') / 1000 });
    assert.equal(english(next), 'covered by job backup-daily (02:00, next run 2026-11-27T09:00:00.000Z)');
    assert.doesNotMatch(textIn('en', next, 'x'), /T09:00:00\.000Z/);
    assert.match(textIn('zh-CN', next, 'x'), /^由备份任务 backup-daily 覆盖（02:00，下次运行 2026/);
  });

  it('refuses a message whose key or value is missing, rather than printing a half sentence', () => {
    assert.throws(() => english({ key: 'pve.noSuchKey' }), /no English template/);
    assert.throws(() => english({ key: 'pve.nodeOffline' }), /lacks a param/);
  });
});

describe('fallbacks', () => {
  it('falls back to the summary for an unknown key, a missing param, a missing nested key, or no message at all', () => {
    assert.equal(checkText('zh-CN', { summary: 'from a newer core', msg: { key: 'pve.fromTheFuture', params: { node: 'um560' } } }), 'from a newer core');
    assert.equal(checkText('zh-CN', { summary: 'um560 is offline', msg: { key: 'pve.nodeOffline' } }), 'um560 is offline');
    assert.equal(checkText('zh-CN', { summary: 'nested gone', msg: { key: 'ts.peerRelayed', params: { peer: 'x', path: { key: 'ts.path.nope' } } } }), 'nested gone');
    assert.equal(checkText('zh-CN', { summary: 'a list item gone', msg: { key: 'kube.nodePressure', params: { context: 'k', node: 'n', conditions: ['A', { key: 'nope' }] } } }), 'a list item gone');
    assert.equal(checkText('zh-CN', { summary: 'plain' }), 'plain');
    assert.equal(textIn('zh-CN', null, 'no explanation'), 'no explanation');
  });

  it('renders a message after one that lacked a value (the missing mark does not stick)', () => {
    assert.equal(textIn('zh-CN', { key: 'pve.nodeOffline' }, 'fallback'), 'fallback');
    assert.equal(textIn('zh-CN', part('pve.nodeOffline', { node: 'um560' }), 'fallback'), 'um560 已离线');
  });
});

describe('the text engine', () => {
  it('is one i18next instance per language, made once, never the global one', () => {
    assert.equal(i18nFor('zh-CN'), i18nFor('zh-CN'));
    assert.notEqual(i18nFor('zh-CN'), i18nFor('en'));
    assert.notEqual(i18nFor('en'), i18next);
    assert.equal(textEngine('zh-CN').i18n.language, 'zh-CN');
  });

  it('holds the window’s strings (default namespace) and the core’s, tray and notice namespaces, falling back to English', () => {
    const zh = i18nFor('zh-CN');
    assert.equal(zh.t('views.network'), '网络');
    assert.equal(zh.t('pve.nodeOffline', { ns: 'core', keySeparator: false, node: 'um560' }), 'um560 已离线');
    assert.equal(zh.t('tray:quit'), '退出 LabTray');
    assert.equal(zh.t('app.problemCount', { count: 3 }), '3 个问题');
    assert.equal(i18nFor('en').t('app.problemCount', { count: 1 }), '1 problem');
  });
});

describe('the language to speak', () => {
  it('follows the OS language, mapping any Chinese locale to zh-CN', () => {
    assert.equal(pickLanguage('system', ['zh-TW', 'en-US']), 'zh-CN');
    assert.equal(pickLanguage('system', ['de-DE', 'en-GB']), 'en');
    assert.equal(pickLanguage('system', ['fr-FR']), 'en');
    assert.equal(pickLanguage('system', []), 'en');
    assert.equal(pickLanguage('zh-CN', ['en-US']), 'zh-CN');
    assert.equal(pickLanguage('en', ['zh-CN']), 'en');
  });
});
