import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { emptySnapshot, type Snapshot } from '../../../shared/snapshot';
import { SnapshotCache } from '../../../electron/core/cache';
import { LogFile, logDirectory, logFileName } from '../../../electron/core/log-file';
import { REDACTED, SecretValues, secretForms } from '../../../electron/core/redact';
import { MemorySecretStore } from '../../../electron/core/secrets';
import { FakeClock } from '../../helpers/fake-clock';

/** A clock the test sets by hand. */
class HandClock {
  constructor(private t = Date.parse('2026-11-27T08:00:00Z')) {}
  now(): number {
    return this.t;
  }
  set(t: number): void {
    this.t = t;
  }
}

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'labtray-logs-'));
  dirs.push(d);
  return d;
}

/** Everything in the log folder, all days together. */
function allText(dir: string): string {
  return readdirSync(dir)
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('');
}

const DAY = 86_400_000;

describe('log file: secrets never reach the disk', () => {
  // A Proxmox token secret, a VictoriaMetrics password full of characters that get escaped, and an SSH passphrase.
  const token = '0b0e7a2c-5d1e-4f6a-9c3b-2a1d4e5f6a7b';
  const password = 'p@ss/w:rd+1 "quoted" \\ back';
  const passphrase = 'correct horse battery staple';

  it('blanks every form of a value the secret store handed out or stored, in the file and on the terminal', async () => {
    const dir = tempDir();
    const known = new SecretValues();
    const store = known.watch(new MemorySecretStore({ 'pve-home': token }));
    // The core reads the token for a request; Settings stores a new password.
    assert.equal(await store.get('pve-home'), token);
    await store.set?.('vm-home', password);
    known.add(passphrase);
    const echoed: string[] = [];
    const log = new LogFile({ dir, clock: new FakeClock(), secretValues: () => known.values(), echo: { info: (m) => echoed.push(m), warn: (m) => echoed.push(m), error: (m) => echoed.push(m) } });

    log.warn(`proxmox:home: 401 authentication failure for PVEAPIToken=root@pam!labtray=${token}`);
    log.error(`metrics:home: GET https://labtray:${encodeURIComponent(password)}@192.168.1.20:8428/api/v1/query failed`);
    log.info(`settings saved: ${JSON.stringify({ metrics: { password }, ssh: { passphrase } })}`);
    const err = new Error(`ssh orangepi5: key rejected with passphrase ${passphrase}`);
    log.error(`ssh:orangepi5: ${err.stack}`);
    log.warn(`two in one line: ${token}${token} and ${passphrase.toUpperCase()} stays (not the value)`);

    const text = allText(dir);
    for (const value of [token, password, passphrase]) {
      for (const form of secretForms(value)) {
        assert.ok(!text.includes(form), `the file has no "${form}"`);
        for (const line of echoed) assert.ok(!line.includes(form), `the terminal has no "${form}"`);
      }
    }
    assert.equal(text.split(REDACTED).length - 1, 7, 'each occurrence is marked where it was');
    assert.match(text, /proxmox:home: 401 authentication failure for PVEAPIToken=root@pam!labtray=‹secret›/);
    assert.match(text, /https:\/\/labtray:‹secret›@192\.168\.1\.20:8428/);
    assert.match(text, /CORRECT HORSE BATTERY STAPLE stays/);
    assert.equal(echoed.length, 5);
  });

  it('blanks a secret that contains another one whole, not in pieces', () => {
    const dir = tempDir();
    const log = new LogFile({ dir, clock: new FakeClock(), secretValues: () => ['abcd', 'xxabcdxx'] });
    log.info('token xxabcdxx then abcd');
    assert.match(allText(dir), /token ‹secret› then ‹secret›\n$/);
  });

  it('the snapshot cache refuses a snapshot with a secret URL-encoded, or as is (JSON-escaped in the file): the same rule', () => {
    const dir = tempDir();
    const clock = new FakeClock();
    const path = join(dir, 'snapshot.json');
    for (const form of [encodeURIComponent(password), password]) {
      const leaky = { ...emptySnapshot(), checks: [{ id: 'metrics', status: 'crit', summary: `GET https://labtray:${form}@vm failed`, detail: '', observedAt: '' }] } as unknown as Snapshot;
      const cache = new SnapshotCache({ path, clock, secretValues: () => [password] });
      cache.save(leaky);
      cache.flush();
      assert.throws(() => readFileSync(path), /ENOENT/, `a snapshot holding ${form} is not written`);
      // The refusal is about the value: the same snapshot is written when that value is not a secret.
      const other = new SnapshotCache({ path, clock, secretValues: () => ['something else entirely'] });
      other.save(leaky);
      other.flush();
      assert.ok(readFileSync(path, 'utf8').includes(JSON.stringify(form).slice(1, -1)));
      rmSync(path);
    }
  });
});

describe('log file: days, levels, size', () => {
  it('writes one file per local day and keeps a week of them', () => {
    const dir = tempDir();
    const clock = new HandClock(Date.parse('2026-11-20T12:00:00Z'));
    // Someone else's file in the folder is never touched.
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    const log = new LogFile({ dir, clock });
    for (let day = 0; day < 10; day++) {
      log.info(`day ${day}`);
      clock.set(clock.now() + DAY);
    }
    const files = readdirSync(dir).sort();
    assert.equal(files.length, 8);
    assert.ok(files.includes('notes.txt'));
    const logs = files.filter((f) => f.startsWith('labtray-'));
    assert.deepEqual(logs, Array.from({ length: 7 }, (_, i) => logFileName(Date.parse('2026-11-20T12:00:00Z') + (i + 3) * DAY)));
    assert.match(readFileSync(join(dir, logs[6]), 'utf8'), /day 9\n$/);
  });

  it('writes lines at or above its level, each starting with the time and level, a stack indented under it', () => {
    const dir = tempDir();
    const log = new LogFile({ dir, clock: new FakeClock(Date.parse('2026-11-27T08:00:00Z')), level: 'warn' });
    log.debug('dropped');
    log.info('dropped too');
    log.warn('kubernetes:k3s-main: watch of pods stopped: ECONNRESET');
    log.error('lab: boom\n    at poll (poller.ts:1)\n    at run (poller.ts:2)');
    const lines = readFileSync(log.path, 'utf8').trimEnd().split('\n');
    assert.deepEqual(lines, [
      '2026-11-27T08:00:00.000Z WARN  kubernetes:k3s-main: watch of pods stopped: ECONNRESET',
      '2026-11-27T08:00:00.000Z ERROR lab: boom',
      '        at poll (poller.ts:1)',
      '        at run (poller.ts:2)',
    ]);
  });

  it('stops a day at its size limit with one line saying so, counting what an earlier run of the day wrote', () => {
    const dir = tempDir();
    const clock = new HandClock();
    new LogFile({ dir, clock, maxBytesPerDay: 300 }).info('x'.repeat(150));
    const log = new LogFile({ dir, clock, maxBytesPerDay: 300 });
    for (let i = 0; i < 20; i++) log.warn(`proxmox:home: ECONNREFUSED ${i}`);
    const text = readFileSync(log.path, 'utf8');
    assert.match(text, /reached 300 bytes: nothing more is written until tomorrow\n$/);
    assert.ok(!text.includes('ECONNREFUSED 19'));
    clock.set(clock.now() + DAY);
    log.warn('a new day');
    assert.match(readFileSync(log.path, 'utf8'), /a new day\n$/);
  });

  it('says once on the terminal when the folder cannot be used, and keeps going', () => {
    const dir = tempDir();
    const blocker = join(dir, 'file');
    writeFileSync(blocker, '');
    const warned: string[] = [];
    const log = new LogFile({ dir: join(blocker, 'logs'), clock: new FakeClock(), echo: { info: () => undefined, warn: (m) => warned.push(m), error: () => undefined } });
    log.info('one');
    log.info('two');
    assert.equal(warned.filter((w) => /cannot use the log folder/.test(w)).length, 1);
  });

  it('names the folder Electron uses for LabTray on each platform', () => {
    assert.equal(logDirectory({}, 'linux', '/home/ryan'), '/home/ryan/.config/labtray/logs');
    assert.equal(logDirectory({ XDG_CONFIG_HOME: '/xdg' }, 'linux', '/home/ryan'), '/xdg/labtray/logs');
    assert.equal(logDirectory({}, 'darwin', '/Users/ryan'), '/Users/ryan/Library/Logs/LabTray');
    assert.match(logDirectory({ APPDATA: 'C:\\Users\\ryan\\AppData\\Roaming' }, 'win32', 'C:\\Users\\ryan'), /Roaming.LabTray.logs$/);
  });
});
