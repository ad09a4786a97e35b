import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from './run-cli';

// The demo lab guards openwrt (ui.protected: the LAN's gateway) and tailscale-gateway (the tailnet's subnet router).
describe('labtray vm: a guest that carries the way home', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'labtray-vm-guard-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('is not taken down without a terminal to ask on: says why and how, exit 2, nothing sent', async () => {
    const r = await runCli(['vm', 'shutdown', 'openwrt', '--demo', '--no-color'], { demoState: join(dir, 'state') });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stdout, /Shut down this guest\?\n {2}openwrt will be asked to shut down cleanly\.\n {2}openwrt is marked as carrying the way home \(ui\.protected in the config\)\./);
    assert.match(r.stderr, /openwrt carries the way home: add --yes to go ahead without being asked/);
    const s = await runCli(['status', '--demo', '--json'], { demoState: join(dir, 'state') });
    const snap = JSON.parse(s.stdout) as { proxmox: { guests: { vmid: number; status: string }[] }[] };
    assert.equal(snap.proxmox[0].guests.find((g) => g.vmid === 100)?.status, 'running', 'openwrt still runs');
  });

  it('goes ahead with --yes, and never asks for a guest that carries nothing', async () => {
    const r = await runCli(['vm', 'reboot', 'tailscale-gateway', '--yes', '--demo', '--no-color'], { demoState: join(dir, 'state') });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /tailscale-gateway is the tailnet's subnet router into your home LAN\./);
    const plain = await runCli(['vm', 'reboot', 'home-assistant', '--demo', '--no-color'], { demoState: join(dir, 'state') });
    assert.equal(plain.code, 0, plain.stderr);
    assert.doesNotMatch(plain.stdout, /way home/);
  });
});
