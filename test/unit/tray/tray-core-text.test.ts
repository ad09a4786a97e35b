import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { msg, part, textIn } from '../../../shared/message';
import type { Check } from '../../../shared/status';
import { trayMenu, trayTooltip, type MenuItem } from '../../../shared/tray';
import zh from '../../../shared/i18n/core.zh-CN.json';
import { AT, labSnapshot, NOW } from './lab-snapshot';

const relayed: Check = { id: 'tailscale:peer:realme-x2-pro:path', source: 'tailscale', target: 'peer:realme-x2-pro', status: 'warn', observedAt: AT, ...msg('ts.peerRelayed', { peer: 'realme-x2-pro', path: part('ts.path.derp', { region: 'hkg' }) }) };
const labels = (items: MenuItem[]): string[] => items.map((i) => (i.kind === 'separator' ? '' : i.label));

describe('tray problem lines', () => {
  const inChinese = (c: Check): string => textIn(zh, 'zh-CN', c.msg, c.summary);
  const prefs = { favourites: [], backupSets: [], quietUntil: null, now: NOW, language: 'zh-CN' as const };

  it('follow the menu language when the shell passes the core catalogue', () => {
    const snap = labSnapshot({ checks: [relayed], status: 'warn' });
    assert.ok(labels(trayMenu(snap, { ...prefs, checkText: inChinese }).items).includes('realme-x2-pro 经 DERP(hkg) 中继，不是直连'));
    assert.match(trayTooltip(snap, { language: 'zh-CN', checkText: inChinese }), /realme-x2-pro 经 DERP\(hkg\) 中继/);
  });

  it('stay in the core English without it', () => {
    assert.ok(labels(trayMenu(labSnapshot({ checks: [relayed], status: 'warn' }), prefs).items).includes('realme-x2-pro is relayed via DERP(hkg), not direct'));
  });
});
