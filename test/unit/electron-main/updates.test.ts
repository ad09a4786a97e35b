import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { UiConfig } from '../../../shared/config';
import { CHECK_EVERY_MS, FIRST_CHECK_MS, RETRY_MS, UpdateController, updateNotice, type UpdateChannel, type UpdaterPort } from '../../../electron/main/updates';
import { FakeClock } from '../../helpers/fake-clock';

/** A release feed the test controls: what the next check finds, whether the network is there. */
class FakeUpdater implements UpdaterPort {
  checks: UpdateChannel[] = [];
  downloads = 0;
  installs = 0;
  latest: string | null = null;
  offline = false;
  async check(channel: UpdateChannel): Promise<string | null> {
    this.checks.push(channel);
    if (this.offline) throw new Error('getaddrinfo ENOTFOUND api.github.com');
    return this.latest;
  }
  async download(): Promise<void> {
    this.downloads += 1;
    if (this.offline) throw new Error('socket hang up');
  }
  installNow(): void {
    this.installs += 1;
  }
}

function setup(ui: UiConfig = {}, quietUntil: number | null = null) {
  const clock = new FakeClock();
  const updater = new FakeUpdater();
  const said: string[] = [];
  const logged: string[] = [];
  const state = { ui, quietUntil };
  const updates = new UpdateController({
    updater,
    clock,
    ui: () => state.ui,
    quietUntil: () => state.quietUntil,
    announce: (v) => said.push(v),
    log: { info: (m) => logged.push(m), warn: (m) => logged.push(m), error: (m) => logged.push(m) },
  });
  return { clock, updater, said, logged, state, updates };
}

describe('UpdateController: when to look', () => {
  it('checks once the lab has had its first polls, then daily', async () => {
    const { clock, updater, updates } = setup();
    updates.start();
    await clock.advance(FIRST_CHECK_MS - 1);
    assert.equal(updater.checks.length, 0, 'not at start: the lab polls first');
    await clock.advance(1);
    assert.deepEqual(updater.checks, ['stable']);
    await clock.advance(CHECK_EVERY_MS - 1);
    assert.equal(updater.checks.length, 1);
    await clock.advance(1);
    assert.equal(updater.checks.length, 2, 'a day later');
    assert.deepEqual(updates.status, { kind: 'idle' });
  });

  it('checks nothing when turned off, and starts looking soon after it is turned on again', async () => {
    const { clock, updater, updates, state } = setup({ updates: { check: false } });
    updates.start();
    assert.deepEqual(updates.status, { kind: 'off' });
    await clock.advance(3 * CHECK_EVERY_MS);
    assert.equal(updater.checks.length, 0);
    state.ui = { updates: { check: true, channel: 'beta' } };
    updates.settingsMayHaveChanged();
    await clock.advance(FIRST_CHECK_MS);
    assert.deepEqual(updater.checks, ['beta'], 'the channel chosen');
  });

  it('turning checks off stops the daily timer', async () => {
    const { clock, updater, updates, state } = setup();
    updates.start();
    await clock.advance(FIRST_CHECK_MS);
    state.ui = { updates: { check: false } };
    updates.settingsMayHaveChanged();
    await clock.advance(2 * CHECK_EVERY_MS);
    assert.equal(updater.checks.length, 1);
    assert.equal(clock.pending, 0, 'no timer left');
  });

  it('a new channel is checked soon, not at the next daily turn', async () => {
    const { clock, updater, updates, state } = setup();
    updates.start();
    await clock.advance(FIRST_CHECK_MS);
    state.ui = { updates: { channel: 'beta' } };
    updates.settingsMayHaveChanged();
    await clock.advance(FIRST_CHECK_MS);
    assert.deepEqual(updater.checks, ['stable', 'beta']);
  });

  it('an unrelated settings change does not move the next check', async () => {
    const { clock, updater, updates, state } = setup();
    updates.start();
    await clock.advance(FIRST_CHECK_MS);
    state.ui = { notifications: false, fastInterval: 5000 };
    updates.settingsMayHaveChanged();
    await clock.advance(FIRST_CHECK_MS);
    assert.equal(updater.checks.length, 1);
  });

  it('after a failed check (offline) tries again in an hour, not a day', async () => {
    const { clock, updater, updates, logged } = setup();
    updater.offline = true;
    updates.start();
    await clock.advance(FIRST_CHECK_MS);
    assert.equal(updates.status.kind, 'failed');
    assert.ok(logged.some((l) => /checking the stable channel failed \(next try in an hour\): getaddrinfo ENOTFOUND/.test(l)));
    updater.offline = false;
    await clock.advance(RETRY_MS);
    assert.equal(updater.checks.length, 2);
    assert.deepEqual(updates.status, { kind: 'idle' });
  });

  it('never checks during quiet mode: the check waits for it to end', async () => {
    const { clock, updater, updates, state } = setup();
    state.quietUntil = clock.now() + 3 * 3_600_000;
    updates.start();
    await clock.advance(3 * 3_600_000 - 1);
    assert.equal(updater.checks.length, 0, 'a game keeps its bandwidth');
    await clock.advance(1);
    assert.equal(updater.checks.length, 1);
  });
});

describe('UpdateController: what it says', () => {
  it('downloads a found version, then tells once: it installs on quit or from the tray', async () => {
    const { clock, updater, updates, said } = setup();
    updater.latest = '1.4.0';
    const seen: string[] = [];
    updates.onChange(() => seen.push(updates.status.kind));
    updates.start();
    await clock.advance(FIRST_CHECK_MS);
    assert.deepEqual(seen, ['checking', 'downloading', 'ready']);
    assert.equal(updater.downloads, 1);
    assert.equal(updates.ready, '1.4.0');
    assert.deepEqual(said, ['1.4.0']);
    // The next day's check finds the same version: nothing is downloaded or said again.
    await clock.advance(CHECK_EVERY_MS);
    assert.equal(updater.downloads, 1);
    assert.deepEqual(said, ['1.4.0']);
    assert.equal(updates.ready, '1.4.0');
    updates.installNow();
    assert.equal(updater.installs, 1);
  });

  it('a version found during the day after one is ready is downloaded and told too', async () => {
    const { clock, updater, updates, said } = setup();
    updater.latest = '1.4.0';
    updates.start();
    await clock.advance(FIRST_CHECK_MS);
    updater.latest = '1.4.1';
    await clock.advance(CHECK_EVERY_MS);
    assert.deepEqual(said, ['1.4.0', '1.4.1']);
    assert.equal(updates.ready, '1.4.1');
  });

  it('a failed download keeps what was ready and says nothing new', async () => {
    const { clock, updater, updates, said } = setup();
    updater.latest = '1.4.0';
    updates.start();
    await clock.advance(FIRST_CHECK_MS);
    updater.latest = '1.5.0';
    updater.offline = false;
    updater.download = async () => {
      throw new Error('sha512 checksum mismatch');
    };
    await clock.advance(CHECK_EVERY_MS);
    assert.equal(updates.ready, '1.4.0', 'the downloaded one still installs on quit');
    assert.deepEqual(said, ['1.4.0']);
  });

  it('a version that becomes ready during quiet mode is told when quiet mode ends, not before', async () => {
    const { clock, updater, updates, said, state } = setup();
    updater.latest = '1.4.0';
    updates.start();
    await clock.advance(FIRST_CHECK_MS - 1);
    // Quiet mode begins one ms before the check is due: the check itself waits.
    state.quietUntil = clock.now() + 3_600_000;
    await clock.advance(1);
    assert.equal(updater.checks.length, 0);
    await clock.advance(3_600_000);
    assert.equal(updater.checks.length, 1);
    assert.deepEqual(said, ['1.4.0']);
  });

  it('a ready version held back by quiet mode started from the tray is told by quietChanged', async () => {
    const { clock, updater, updates, said, state } = setup();
    updater.latest = '1.4.0';
    let release: () => void = () => undefined;
    updater.download = () => new Promise<void>((ok) => (release = ok));
    updates.start();
    await clock.advance(FIRST_CHECK_MS);
    // The user starts a game while the download runs.
    state.quietUntil = clock.now() + 7_200_000;
    release();
    await clock.advance(0);
    assert.equal(updates.ready, '1.4.0');
    assert.deepEqual(said, [], 'nothing said during quiet mode');
    state.quietUntil = null;
    updates.quietChanged();
    assert.deepEqual(said, ['1.4.0']);
    updates.quietChanged();
    assert.deepEqual(said, ['1.4.0'], 'once per version');
  });

  it('with notifications off nothing is announced (the tray item still offers the restart)', async () => {
    const { clock, updater, updates, said } = setup({ notifications: false });
    updater.latest = '1.4.0';
    updates.start();
    await clock.advance(FIRST_CHECK_MS);
    assert.equal(updates.ready, '1.4.0');
    assert.deepEqual(said, []);
  });

  it('installNow does nothing until a version is downloaded', async () => {
    const { updater, updates } = setup();
    updates.start();
    updates.installNow();
    assert.equal(updater.installs, 0);
  });

  it('turning checks off keeps a downloaded version to install on quit', async () => {
    const { clock, updater, updates, state } = setup();
    updater.latest = '1.4.0';
    updates.start();
    await clock.advance(FIRST_CHECK_MS);
    state.ui = { updates: { check: false } };
    updates.settingsMayHaveChanged();
    assert.equal(updates.ready, '1.4.0');
  });

  it('the notice names the version, in the user’s language', () => {
    const en = updateNotice('1.4.0', 'en', Date.parse('2026-12-04T10:00:00Z'));
    assert.equal(en.title, 'LabTray 1.4.0 is ready');
    assert.match(en.body, /installs when you quit LabTray/);
    assert.equal(en.id, 'update:1.4.0');
    assert.equal(updateNotice('1.4.0', 'zh-CN', 0).title, 'LabTray 1.4.0 已就绪');
  });
});
