import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { msg, part } from '../../../shared/message';
import type { Check } from '../../../shared/status';
import { trayMenu, trayTooltip, type MenuItem } from '../../../shared/tray';
import { AT, labSnapshot, NOW } from './lab-snapshot';

const relayed: Check = { id: 'tailscale:peer:realme-x2-pro:path', source: 'tailscale', target: 'peer:realme-x2-pro', status: 'warn', observedAt: AT, ...msg('ts.peerRelayed', { peer: 'realme-x2-pro', path: part('ts.path.derp', { region: 'hkg' }) }) };
const labels = (items: MenuItem[]): string[] => items.map((i) => (i.kind === 'separator' ? '' : i.label));
const prefs = { favourites: [], backupSets: [], quietUntil: null, now: NOW };

describe('tray problem lines', () => {
  it('follow the menu language on their own: the check message through the shared catalogue', () => {
    const snap = labSnapshot({ checks: [relayed], status: 'warn' });
    assert.ok(labels(trayMenu(snap, { ...prefs, language: 'zh-CN' }).items).includes('realme-x2-pro 经 DERP(hkg) 中继，不是直连'));
    assert.match(trayTooltip(snap, { language: 'zh-CN' }), /realme-x2-pro 经 DERP\(hkg\) 中继/);
  });

  it('read the core English in the English menu', () => {
    assert.ok(labels(trayMenu(labSnapshot({ checks: [relayed], status: 'warn' }), prefs).items).includes('realme-x2-pro is relayed via DERP(hkg), not direct'));
  });

  it('keep the English summary of a check without a message, and honour a shell’s own wording', () => {
    const bare: Check = { id: 'x', source: 'host:orangepi5', status: 'crit', observedAt: AT, summary: 'orangepi5: exec failed' };
    const snap = labSnapshot({ checks: [bare], status: 'crit' });
    assert.ok(labels(trayMenu(snap, { ...prefs, language: 'zh-CN' }).items).includes('orangepi5: exec failed'));
    assert.ok(labels(trayMenu(snap, { ...prefs, checkText: (c) => `<${c.id}>` }).items).includes('<x>'));
  });
});

describe('the tray menu in Chinese', () => {
  it('has no English words of its own: summary, favourites, wake, backup, tasks, quiet mode', () => {
    const snap = labSnapshot({ checks: [relayed], status: 'warn' });
    const flat = (items: MenuItem[]): string[] => items.flatMap((i) => (i.kind === 'separator' ? [] : [i.label, ...(i.kind === 'submenu' ? flat(i.items) : [])]));
    const all = flat(trayMenu(snap, { ...prefs, language: 'zh-CN', favourites: ['home/100'], backupSets: [] }).items);
    const english = all.filter((l) => /\b(all|well|nodes?|running|warnings?|critical|Start|Shut|Back up|Wake|Favourites|Quiet|hours?|Quit|Open|Check now|Pause)\b/.test(l));
    assert.deepEqual(english, []);
    assert.ok(all.includes('1 个警告'));
    assert.ok(all.includes('openwrt (100) — 运行中'));
  });
});
