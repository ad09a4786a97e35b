import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Lab } from '../../../electron/core/lab/lab';
import { MemorySecretStore } from '../../../electron/core/secrets';

describe('Settings → Updates and logs → Open log folder', () => {
  it('names the shell’s log folder in the settings and opens it on request', async () => {
    const opened: string[] = [];
    const lab = new Lab({ config: {}, factories: [], secrets: new MemorySecretStore(), logs: { dir: '/home/ryan/.config/labtray/logs', open: (d) => opened.push(d) } });
    assert.equal((await lab.invoke('getSettings', undefined)).logDir, '/home/ryan/.config/labtray/logs');
    assert.deepEqual(await lab.invoke('openLogFolder', undefined), { path: '/home/ryan/.config/labtray/logs', opened: true });
    assert.deepEqual(opened, ['/home/ryan/.config/labtray/logs']);
  });

  it('a shell that cannot open folders still names it; one without log files says so', async () => {
    const named = new Lab({ config: {}, factories: [], secrets: new MemorySecretStore(), logs: { dir: 'C:\\Users\\ryan\\AppData\\Roaming\\LabTray\\logs' } });
    assert.deepEqual(await named.invoke('openLogFolder', undefined), { path: 'C:\\Users\\ryan\\AppData\\Roaming\\LabTray\\logs', opened: false });
    const none = new Lab({ config: {}, factories: [], secrets: new MemorySecretStore() });
    assert.equal((await none.invoke('getSettings', undefined)).logDir, null);
    await assert.rejects(none.invoke('openLogFolder', undefined), { code: 'unsupported', message: 'openLogFolder: this shell keeps no log files' });
  });
});
