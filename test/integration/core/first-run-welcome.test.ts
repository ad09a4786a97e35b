import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { LabError } from '../../../shared/api';
import { loadConfig } from '../../../electron/core/config/load';
import { openLab, type OpenedLab } from '../../../electron/core/open-lab';
import { MemorySecretStore } from '../../../electron/core/secrets';
import { summaryLine } from '../../../shared/tray';

const log = { info: () => undefined, warn: () => undefined, error: () => undefined };
const tick = () => new Promise((r) => setImmediate(r));

describe('first run: the welcome, "Explore the demo lab" and "Set up my lab"', () => {
  let root: string;
  let n = 0;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'labtray-welcome-'));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  /** A fresh app folder: no config yet, its own state file. */
  function place() {
    const dir = join(root, `app-${++n}`);
    return { configPath: join(dir, 'config', 'config.yaml'), firstRunState: join(dir, 'state', 'first-run.json'), demoStatePath: join(dir, 'demo-state.json') };
  }

  /** `keepsState: false`: a shell without a state folder (the CLI). */
  async function open(at: ReturnType<typeof place>, keepsState = true): Promise<OpenedLab> {
    return openLab({ source: 'config-or-demo', configPath: at.configPath, secrets: new MemorySecretStore({}), log, demoStatePath: at.demoStatePath, firstRunState: keepsState ? at.firstRunState : undefined });
  }

  it('"Explore the demo lab": the choice is remembered in the state folder, the welcome and "Not set up yet" go, the demo keeps running', async () => {
    const at = place();
    const first = await open(at);
    try {
      assert.equal(first.lab.snapshot.welcome, true);
      assert.equal(first.lab.snapshot.notSetUp, true);
      await first.lab.invoke('firstRun', { choice: 'demo' });
      await tick();
      assert.equal(first.lab.snapshot.welcome, undefined);
      assert.equal(first.lab.snapshot.notSetUp, undefined);
      assert.equal(first.lab.snapshot.demo, true);
      assert.match(summaryLine(first.lab.snapshot), /^Demo lab: /);
      assert.equal(JSON.parse(readFileSync(at.firstRunState, 'utf8')).choice, 'demo');
      assert.equal(existsSync(at.configPath), false, 'no config is written for the demo');
      await first.lab.invoke('firstRun', { choice: 'demo' });
    } finally {
      await first.close();
    }
    const again = await open(at);
    try {
      assert.equal(again.demo, true);
      assert.equal(again.lab.snapshot.welcome, undefined, 'the welcome does not come back');
      assert.equal(again.lab.snapshot.notSetUp, undefined);
    } finally {
      await again.close();
    }
  });

  it('"Set up my lab": an empty config at the real path, the same Lab reopened from it, not set up until a host is added', async () => {
    const at = place();
    const opened = await open(at);
    try {
      assert.equal(opened.demo, true);
      const demoNodes = opened.lab.snapshot.proxmox.length;
      assert.ok(demoNodes > 0 || opened.lab.currentConfig.proxmox?.length, 'the demo lab runs first');
      await opened.lab.invoke('firstRun', { choice: 'setup' });
      await tick();
      assert.deepEqual((await loadConfig(at.configPath)).config, {}, 'an empty config file exists now');
      assert.equal(opened.demo, false);
      assert.equal(opened.configPath, at.configPath);
      assert.deepEqual(opened.lab.currentConfig, {});
      const s = opened.lab.snapshot;
      assert.equal(s.demo, false);
      assert.equal(s.welcome, undefined);
      assert.equal(s.notSetUp, true);
      assert.deepEqual(s.proxmox, [], "none of the demo's clusters is left");
      assert.match(summaryLine(s), /^Not set up yet/);
      const settings = await opened.lab.invoke('getSettings', undefined);
      assert.equal(settings.path, at.configPath, 'Settings now edits the real file');
      // A second choice is refused, naming the file; nothing changes.
      const before = readFileSync(at.configPath);
      await assert.rejects(opened.lab.invoke('firstRun', { choice: 'setup' }), (e: unknown) => e instanceof LabError && e.code === 'conflict' && e.message.includes(at.configPath));
      await assert.rejects(opened.lab.invoke('firstRun', { choice: 'demo' }), (e: unknown) => e instanceof LabError && e.code === 'conflict');
      assert.deepEqual(readFileSync(at.configPath), before);
      // As the shells run it: polling the (empty) lab, each saved change published.
      await opened.lab.start();
      await opened.lab.invoke('saveHost', { host: { name: 'nas', mac: 'aa:bb:cc:dd:ee:01' } });
      await tick();
      assert.equal(opened.lab.snapshot.notSetUp, undefined, 'a host is added: set up');
      assert.deepEqual((await loadConfig(at.configPath)).config.hosts?.map((h) => h.name), ['nas'], 'saved to the real file');
    } finally {
      await opened.close();
    }
    assert.equal(JSON.parse(readFileSync(at.firstRunState, 'utf8')).choice, 'setup');
  });

  it('after "Set up my lab", a restart on the still empty config says not set up, without the welcome', async () => {
    const at = place();
    const opened = await open(at);
    await opened.lab.invoke('firstRun', { choice: 'setup' }).finally(() => opened.close());
    const again = await open(at);
    try {
      assert.equal(again.demo, false);
      assert.equal(again.lab.snapshot.notSetUp, true);
      assert.equal(again.lab.snapshot.welcome, undefined);
    } finally {
      await again.close();
    }
  });

  it('a config file that appeared meanwhile is never overwritten: the choice is refused and the demo keeps running', async () => {
    const at = place();
    const opened = await open(at);
    try {
      mkdirSync(dirname(at.configPath), { recursive: true });
      writeFileSync(at.configPath, 'hosts:\n  - name: mine # written by hand\n');
      const bytes = readFileSync(at.configPath);
      await assert.rejects(opened.lab.invoke('firstRun', { choice: 'setup' }), (e: unknown) => e instanceof LabError && e.code === 'config-conflict' && e.message.includes(at.configPath));
      assert.deepEqual(readFileSync(at.configPath), bytes);
      assert.equal(opened.demo, true);
      assert.equal(opened.lab.snapshot.demo, true);
      assert.equal(existsSync(at.firstRunState), false, 'no choice is remembered');
    } finally {
      await opened.close();
    }
  });

  it('a shell that keeps no state (the CLI) shows no welcome and cannot set up from a window', async () => {
    const at = place();
    const opened = await open(at, false);
    try {
      assert.equal(opened.lab.snapshot.welcome, undefined);
      assert.equal(opened.lab.snapshot.notSetUp, true);
      await assert.rejects(opened.lab.invoke('firstRun', { choice: 'setup' }), (e: unknown) => e instanceof LabError && e.code === 'unsupported');
      assert.equal(existsSync(at.configPath), false);
    } finally {
      await opened.close();
    }
  });
});
