import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import en from '../../../shared/i18n/en.json';
import zh from '../../../shared/i18n/zh-CN.json';
import { guestActions } from '../../../shared/proxmox';
import { viewIds } from '../../../renderer/src/store';
import { FEATURE_PRIVILEGES } from '../../../shared/pve-privileges';

type Tree = { [k: string]: string | Tree };
type Catalogue = Record<string, Tree>;

/** Every string of a namespace by its key path (core keys are flat and dotted already: `kube.api.tls`). */
function strings(t: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(t)) {
    if (typeof v === 'string') out.set(prefix + k, v);
    else for (const [kk, vv] of strings(v, `${prefix}${k}.`)) out.set(kk, vv);
  }
  return out;
}

// Plural forms differ by language (English has _one, Chinese only _other): compare base keys.
const base = (k: string): string => k.replace(/_(zero|one|two|few|many|other)$/, '');

/** `name` or `name, format` for each placeholder: both languages must ask for the same values in the same formats. */
const slots = (template: string): string[] => [...template.matchAll(/\{\{\s*([\w.]+)\s*(?:,\s*(\w+)\s*)?\}\}/g)].map((m) => (m[2] ? `${m[1]}, ${m[2]}` : m[1]));

/** Placeholders per base key, over all its plural forms. */
function slotsByKey(t: Tree): Map<string, string[]> {
  const out = new Map<string, Set<string>>();
  for (const [k, v] of strings(t)) {
    const set = out.get(base(k)) ?? new Set<string>();
    for (const s of slots(v)) set.add(s);
    out.set(base(k), set);
  }
  return new Map([...out].map(([k, s]) => [k, [...s].sort()]));
}

const catalogues: Record<string, Catalogue> = { en: en as Catalogue, 'zh-CN': zh as Catalogue };
const namespaces = ['ui', 'core', 'tray', 'notify'];

describe('one catalogue per language', () => {
  it('has the ui, core, tray and notify namespaces in both languages, and nothing else', () => {
    for (const [lng, c] of Object.entries(catalogues)) assert.deepEqual(Object.keys(c).sort(), [...namespaces].sort(), lng);
  });

  for (const ns of namespaces) {
    it(`has every ${ns} key in both languages, with the same placeholders and formats`, () => {
      const e = slotsByKey(catalogues.en[ns]);
      const z = slotsByKey(catalogues['zh-CN'][ns]);
      assert.ok(e.size > 10, `${ns}: only ${e.size} keys: the scan is broken`);
      assert.deepEqual([...e.keys()].filter((k) => !z.has(k)), [], `${ns}: missing in zh-CN`);
      assert.deepEqual([...z.keys()].filter((k) => !e.has(k)), [], `${ns}: missing in en`);
      for (const [k, s] of e) assert.deepEqual(z.get(k), s, `${ns}:${k} placeholders`);
    });
  }

  it('catches a placeholder that differs (the comparison itself can fail)', () => {
    const a = slotsByKey({ x: 'up {{time}}', y_one: '{{count}} item', y_other: '{{count}} items' });
    const b = slotsByKey({ x: '已运行 {{uptime}}', y_other: '{{count}} 项' });
    assert.notDeepEqual(a.get('x'), b.get('x'));
    assert.deepEqual(a.get('y'), b.get('y'));
  });

  it('keeps core sentences to what their fast path renders (interpolation, formats and count plurals): no nesting', () => {
    for (const [lng, c] of Object.entries(catalogues)) {
      const all = strings(c.core);
      for (const [k, t] of all) {
        assert.doesNotMatch(t, /\$t\(/, `${lng} core:${k}: pass the part as a param instead`);
        if (!/_(zero|one|two|few|many|other)$/.test(k)) continue;
        // The fast path picks a form by `count` and falls back to `_other`: every plural key needs both.
        assert.ok(all.has(`${base(k)}_other`), `${lng} core:${k}: plural forms need an _other form`);
        assert.ok(!all.has(base(k)), `${lng} core:${k}: a key is either plain or plural, not both`);
      }
    }
  });

  it('has Chinese text in every Chinese string that has words of its own (names from the field aside)', () => {
    const terms = new Set(['Pod', 'DERP', 'Kubernetes', 'CPU', 'Proxmox', 'VMID', 'Tailscale', 'Ping', 'Kubelet', 'MAC', 'LabTray']);
    for (const ns of namespaces) {
      for (const [k, t] of strings(catalogues['zh-CN'][ns])) {
        const words = (t.replace(/\{\{[^}]+\}\}/g, '').match(/[A-Za-z]{2,}/g) ?? []).filter((w) => !terms.has(w));
        if (words.length) assert.match(t, /[\u4e00-\u9fff]/, `${ns}:${k} is not translated: ${t}`);
      }
    }
  });
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : []));
}

describe('the keys the code asks for', () => {
  const ui = new Set([...strings(en.ui as Tree).keys()].map(base));

  it('has every literal key the renderer asks for', () => {
    const used = new Set<string>();
    for (const f of sourceFiles(join('renderer', 'src'))) {
      for (const m of readFileSync(f, 'utf8').matchAll(/\b(?:t\(|label: )'([a-zA-Z][\w.]*\.[\w.]+)'/g)) used.add(m[1]);
    }
    assert.ok(used.size > 100, `found only ${used.size} keys: the scan is broken`);
    assert.deepEqual([...used].filter((k) => !ui.has(k)).sort(), []);
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
      'settings.feature': Object.keys(FEATURE_PRIVILEGES),
    };
    const missing = Object.entries(families).flatMap(([f, ids]) => ids.map((id) => `${f}.${id}`)).filter((k) => !ui.has(k));
    for (const a of ['stop', 'shutdown', 'reboot', 'suspend']) for (const part of ['title', 'body']) if (!ui.has(`confirm.${a}.${part}`)) missing.push(`confirm.${a}.${part}`);
    assert.deepEqual(missing, []);
  });

  it('has every key the tray menu and notices ask for, in their namespace or the window’s', () => {
    const keysOf = (ns: 'tray' | 'notify'): Set<string> => new Set([...strings(en[ns] as Tree).keys()].map(base));
    const sources = { tray: 'tray.ts', notify: 'notice-rules.ts' } as const;
    for (const ns of ['tray', 'notify'] as const) {
      const have = keysOf(ns);
      const src = readFileSync(join('shared', sources[ns]), 'utf8');
      const used = [...src.matchAll(/\bt\(\s*'([\w.:]+)'/g)].map((m) => m[1]);
      // notice-rules.ts names a notice once and reads its `.title` and `.body`.
      const notices = [...src.matchAll(/\bsaid\(t, '(\w+)'/g)].map((m) => `${m[1]}.title`);
      assert.ok(used.length > 10, `${ns}: found only ${used.length} keys: the scan is broken`);
      const missing = [...used, ...notices].filter((k) => (k.startsWith('ui:') ? !ui.has(k.slice(3)) : !have.has(k)));
      assert.deepEqual(missing, [], ns);
    }
  });
});
