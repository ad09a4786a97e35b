import assert from 'node:assert/strict';
import { mkdtempSync, readlinkSync, rmSync, writeFileSync, mkdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { CliInstaller, fsLinkPort, type LinkPort } from '../../../electron/main/cli-install';
import { FIRST_CHECK_MS, type UpdateChannel, type UpdaterPort } from '../../../electron/main/updates';
import { settle } from '../../helpers/fake-clock';
import { fakeShell, MemoryHomelab } from './memory-homelab';
import { findItem, labelOf } from './shell-fakes';

class ReleaseFeed implements UpdaterPort {
  latest: string | null = '1.4.0';
  installs = 0;
  release: () => void = () => undefined;
  async check(_c: UpdateChannel): Promise<string | null> {
    return this.latest;
  }
  download(): Promise<void> {
    return new Promise((ok) => (this.release = ok));
  }
  installNow(): void {
    this.installs += 1;
  }
}

describe('the shell with an updater', () => {
  it('the tray shows the download, then "Restart to update", and the click installs; the notice is shown once', async () => {
    const home = new MemoryHomelab();
    const feed = new ReleaseFeed();
    const { shell, tray, notices } = fakeShell(home.lab, home.clock, { updater: feed });
    shell.start();
    await home.clock.advance(FIRST_CHECK_MS);
    assert.equal(labelOf(tray.menu, 'update'), 'Downloading LabTray 1.4.0…');
    const downloading = findItem(tray.menu, 'update');
    assert.ok(downloading?.kind === 'item' && !downloading.enabled, 'not clickable while downloading');
    feed.release();
    await settle();
    assert.equal(labelOf(tray.menu, 'update'), 'Restart to update to 1.4.0');
    assert.deepEqual(notices.shown.map((n) => n.title), ['LabTray 1.4.0 is ready']);
    tray.click('update');
    assert.equal(feed.installs, 1);
    shell.stop();
  });

  it('during quiet mode from the tray, the ready version is told only when quiet mode ends', async () => {
    const home = new MemoryHomelab();
    const feed = new ReleaseFeed();
    const { shell, tray, notices } = fakeShell(home.lab, home.clock, { updater: feed });
    shell.start();
    await home.clock.advance(FIRST_CHECK_MS);
    shell.quiet.startFor(2 * 3_600_000);
    feed.release();
    await settle();
    assert.equal(labelOf(tray.menu, 'update'), 'Restart to update to 1.4.0', 'the tray says it anyway');
    assert.equal(notices.shown.length, 0, 'nothing shown yet');
    shell.quiet.end();
    await settle();
    assert.deepEqual(notices.shown.map((n) => n.title), ['LabTray 1.4.0 is ready']);
    shell.stop();
  });

  it('without an updater (a development build) the tray has no update item and nothing is checked', async () => {
    const home = new MemoryHomelab();
    const { shell, tray } = fakeShell(home.lab, home.clock);
    shell.start();
    await home.clock.advance(FIRST_CHECK_MS * 10);
    assert.equal(findItem(tray.menu, 'update'), undefined);
    assert.equal(shell.updates, null);
    shell.stop();
  });
});

describe('Install command line tool (macOS)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'labtray-cli-link-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('links the bundle’s shim into a writable bin folder, then is no longer offered', async () => {
    const bin = join(dir, 'a/bin');
    mkdirSync(bin, { recursive: true });
    const shim = join(dir, 'a/LabTray.app/Contents/Resources/bin/labtray');
    let asked = 0;
    const installer = new CliInstaller(shim, fsLinkPort(async () => void (asked += 1)), join(bin, 'labtray'));
    assert.equal(installer.offer(), true);
    assert.deepEqual(await installer.install(), { ok: true, path: join(bin, 'labtray') });
    assert.equal(readlinkSync(join(bin, 'labtray')), shim);
    assert.equal(installer.offer(), false);
    assert.equal(asked, 0, 'no password asked when the folder is the user’s');
  });

  it('asks for the administrator password when the folder is not the user’s, and says why when that is refused', async () => {
    const links = new Map<string, string>();
    const port = (admin: boolean): LinkPort => ({
      readlink: (p) => links.get(p) ?? null,
      symlink: async () => {
        throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
      },
      symlinkAsAdmin: async (t, p) => {
        if (!admin) throw new Error('User canceled. (-128)');
        links.set(p, t);
      },
    });
    assert.deepEqual(await new CliInstaller('/A/shim', port(true)).install(), { ok: true, path: '/usr/local/bin/labtray' });
    assert.equal(links.get('/usr/local/bin/labtray'), '/A/shim');
    assert.deepEqual(await new CliInstaller('/A/shim', port(false), '/x/labtray').install(), { ok: false, message: '/x/labtray: User canceled. (-128)' });
  });

  it('never replaces a file of another program: a labtray that is not a link stays, and the user hears why', async () => {
    const bin = join(dir, 'b');
    mkdirSync(bin);
    writeFileSync(join(bin, 'labtray'), '#!/bin/sh\necho someone else\n');
    let asked = 0;
    const r = await new CliInstaller('/A/shim', fsLinkPort(async () => void (asked += 1)), join(bin, 'labtray')).install();
    assert.equal(r.ok, false);
    assert.match(r.ok ? '' : r.message, /labtray: EEXIST/);
    assert.equal(asked, 0);
  });

  it('the shell offers it in the tray and tells the result', async () => {
    const bin = join(dir, 'c');
    mkdirSync(bin);
    symlinkSync('/old/LabTray.app/Contents/Resources/bin/labtray', join(bin, 'labtray'));
    const home = new MemoryHomelab();
    const installer = new CliInstaller('/Applications/LabTray.app/Contents/Resources/bin/labtray', fsLinkPort(async () => undefined), join(bin, 'labtray'));
    const { shell, tray, notices } = fakeShell(home.lab, home.clock, { cliInstaller: installer });
    shell.start();
    await home.clock.advance(0);
    assert.equal(labelOf(tray.menu, 'install-cli'), 'Install command line tool', 'a link to an older app is replaced');
    tray.click('install-cli');
    // The link is made on the real file system: wait for it (a broken install fails the assertions below).
    for (let i = 0; i < 100 && findItem(tray.menu, 'install-cli'); i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(findItem(tray.menu, 'install-cli'), undefined);
    assert.equal(readlinkSync(join(bin, 'labtray')), '/Applications/LabTray.app/Contents/Resources/bin/labtray');
    assert.deepEqual(notices.shown.map((n) => n.title), ['Command line tool installed']);
    shell.stop();
  });
});
