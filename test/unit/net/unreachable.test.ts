import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { localNetworkHint } from '../../../electron/core/net/unreachable';
import { networkMessage } from '../../../electron/core/proxmox/client';
import { translate } from '../../../electron/core/ssh/connection';
import type { AuthMaterial } from '../../../electron/core/ssh/auth';

const noRoute = (): Error & { code: string } => Object.assign(new Error('connect EHOSTUNREACH 192.168.1.12:22'), { code: 'EHOSTUNREACH' });
const ep = { host: '192.168.1.12', port: 22, username: 'root' };
const auth = { describe: 'the agent' } as unknown as AuthMaterial;

describe('no route to a LAN machine on macOS: the Local Network permission, not only "is it on?"', () => {
  it('names the permission on macOS only, and only for EHOSTUNREACH', () => {
    assert.match(localNetworkHint('EHOSTUNREACH', 'darwin') ?? '', /System Settings → Privacy & Security → Local Network/);
    assert.equal(localNetworkHint('EHOSTUNREACH', 'win32'), null);
    assert.equal(localNetworkHint('EHOSTUNREACH', 'linux'), null);
    assert.equal(localNetworkHint('ECONNREFUSED', 'darwin'), null);
  });

  it('SSH says it for a host on the LAN', () => {
    assert.equal(translate(noRoute(), 's500plus', ep, auth, null, 'darwin').message, 's500plus: no route to 192.168.1.12 (if it is on, macOS may be keeping LabTray off the local network: allow LabTray in System Settings → Privacy & Security → Local Network)');
    assert.equal(translate(noRoute(), 's500plus', ep, auth, null, 'win32').message, 's500plus: no route to 192.168.1.12 (is it switched on, and are you on its network?)');
  });

  it('Proxmox VE says it too', () => {
    assert.match(networkMessage(noRoute(), 'EHOSTUNREACH', 'darwin'), /^host unreachable \(EHOSTUNREACH\); if it is on, macOS may be keeping LabTray off the local network/);
    assert.equal(networkMessage(noRoute(), 'EHOSTUNREACH', 'linux'), 'host unreachable (EHOSTUNREACH)');
  });
});
