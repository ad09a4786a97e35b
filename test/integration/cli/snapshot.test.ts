import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from './run-cli';

// `labtray snapshot` against the demo lab: openwrt is guarded (ui.protected), home-assistant is not.
describe('labtray snapshot', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'labtray-snapshot-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a name Proxmox VE would not take before starting anything (exit 2)', async () => {
    const r = await runCli(['snapshot', 'home-assistant', 'before-update', '--demo', '--no-color'], { demoState: join(dir, 'state') });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /snapshot name "before-update" must start with a letter and hold only letters, digits and "_"/);
  });

  it('asks for a guest on the way home: no terminal and no --yes is refused (exit 2); with --yes the task runs to OK', async () => {
    const r = await runCli(['snapshot', 'openwrt', 'cli_snap', '--demo', '--no-color'], { demoState: join(dir, 'state') });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stdout, /Take a snapshot of openwrt\?\n {2}Taking a snapshot freezes openwrt for a moment/);
    assert.match(r.stderr, /openwrt carries the way home: add --yes/);
    const y = await runCli(['snapshot', 'openwrt', 'cli_snap', '--yes', '--demo', '--no-color'], { demoState: join(dir, 'state') });
    assert.equal(y.code, 0, y.stderr + y.stdout);
    assert.match(y.stdout, /snapshot.*100 \(openwrt\)[\s\S]*OK/);
  });
});
