import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import en from '../../../renderer/src/i18n/en.json';
import zh from '../../../renderer/src/i18n/zh-CN.json';
import { pickLanguage } from '../../../renderer/src/i18n';
import { viewIds } from '../../../renderer/src/store';
import { guestActions } from '../../../shared/proxmox';

type Tree = { [k: string]: string | Tree };

function keys(t: Tree, prefix = ''): string[] {
  return Object.entries(t).flatMap(([k, v]) => (typeof v === 'string' ? [prefix + k] : keys(v, `${prefix}${k}.`)));
}
// Plural forms differ by language (English has _one, Chinese only _other): compare base keys.
const base = (k: string): string => k.replace(/_(zero|one|two|few|many|other)$/, '');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : []));
}

describe('translations', () => {
  const enKeys = new Set(keys(en as Tree).map(base));
  const zhKeys = new Set(keys(zh as Tree).map(base));

  it('has the same strings in English and Simplified Chinese', () => {
    assert.deepEqual([...enKeys].filter((k) => !zhKeys.has(k)), [], 'missing in zh-CN');
    assert.deepEqual([...zhKeys].filter((k) => !enKeys.has(k)), [], 'missing in en');
  });

  it('has every literal key the renderer asks for', () => {
    const used = new Set<string>();
    for (const f of sourceFiles(join('renderer', 'src'))) {
      for (const m of readFileSync(f, 'utf8').matchAll(/\b(?:t\(|label: )'([a-zA-Z][\w.]*\.[\w.]+)'/g)) used.add(m[1]);
    }
    assert.ok(used.size > 100, `found only ${used.size} keys: the scan is broken`);
    assert.deepEqual([...used].filter((k) => !enKeys.has(k)).sort(), []);
  });

  it('has every key the renderer builds from data', () => {
    const families: Record<string, readonly string[]> = {
      action: guestActions,
      taskAction: guestActions,
      guestStatus: ['running', 'stopped', 'paused', 'suspended', 'unknown'],
      guestType: ['qemu', 'lxc'],
      status: ['ok', 'warn', 'crit', 'unknown'],
      rollup: ['ok', 'warn', 'crit', 'unknown'],
      views: viewIds,
      pending: ['starting', 'stopping', 'rebooting', 'suspending', 'resuming'],
      'tasks.state': ['running', 'ok', 'error'],
      'backups.fresh': ['ok', 'warn', 'crit', 'unknown'],
      'backups.verification': ['ok', 'failed', 'none'],
      nodeStatus: ['online', 'offline', 'unknown'],
    };
    const missing = Object.entries(families).flatMap(([f, ids]) => ids.map((id) => `${f}.${id}`)).filter((k) => !enKeys.has(k));
    for (const a of ['stop', 'shutdown', 'reboot', 'suspend']) for (const part of ['title', 'body']) if (!enKeys.has(`confirm.${a}.${part}`)) missing.push(`confirm.${a}.${part}`);
    assert.deepEqual(missing, []);
  });

  it('follows the OS language, mapping any Chinese locale to zh-CN', () => {
    assert.equal(pickLanguage('system', ['zh-TW', 'en-US']), 'zh-CN');
    assert.equal(pickLanguage('system', ['de-DE', 'en-GB']), 'en');
    assert.equal(pickLanguage('system', ['fr-FR']), 'en');
    assert.equal(pickLanguage('zh-CN', ['en-US']), 'zh-CN');
  });
});
