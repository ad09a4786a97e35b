import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Snapshot } from '../../../shared/snapshot';
import { runCli } from './run-cli';

const newestBackup = (s: Snapshot, vmid: number): number => Math.max(0, ...s.proxmox[0].backups.filter((b) => b.vmid === vmid).map((b) => b.ctime * 1000));

/** The demo lab through the CLI, one command after another, each run with this file's own state directory. */
describe('the CLI demo lab across runs', () => {
  let dir = '';
  let state = '';
  const demo = (args: string[], env: NodeJS.ProcessEnv = {}, demoState = state) => runCli([...args, '--demo'], { env, demoState });
  const status = async (demoState = state): Promise<Snapshot> => {
    const r = await demo(['status', '--json'], {}, demoState);
    assert.ok(r.code === 0 || r.code === 1, r.stderr);
    return JSON.parse(r.stdout) as Snapshot;
  };

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'labtray-cli-demo-'));
    state = join(dir, 'state');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  // Four CLI processes, each starting the demo lab, and a real backup task: minutes on a loaded 2-core machine.
  it('keeps its state where LABTRAY_DEMO_STATE says, and a backup made by one run is seen by the next status', { timeout: 360_000 }, async () => {
    const startedAt = Date.now();
    const before = await status();
    assert.ok(newestBackup(before, 111) < startedAt - 7 * 86400_000, 'home-assistant’s newest backup is 8 days old in the reference lab');
    const backup = await demo(['backup', 'home-assistant']);
    assert.equal(backup.code, 0, backup.stdout + backup.stderr);
    assert.ok(existsSync(join(state, 'pve-state.json')), 'the state file is in the directory named');
    const text = await demo(['status']);
    assert.doesNotMatch(text.stdout, /home-assistant\): last backup/, 'no old-backup finding for it any more');
    const after = await status();
    assert.ok(newestBackup(after, 111) >= startedAt - 5_000, 'the new archive is listed');
    assert.equal(after.proxmox[0].backups.length, before.proxmox[0].backups.length + 1);
  });

  it('is not seen by a run with another state directory', async () => {
    const other = await status(join(dir, 'other'));
    assert.ok(newestBackup(other, 111) < Date.now() - 7 * 86400_000);
  });

  it('--demo-reset starts over from the reference lab', async () => {
    const reset = await demo(['status', '--json', '--demo-reset']);
    const s = JSON.parse(reset.stdout) as Snapshot;
    assert.ok(newestBackup(s, 111) < Date.now() - 7 * 86400_000, 'the backup made earlier is gone');
  });

  it('starts a guest without taking its node past 100 % memory, and the next run sees it running', async () => {
    const r = await demo(['vm', 'start', 'win2022']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^OK {3}start 101 \(win2022\) on um560: OK/m);
    const s = await status();
    assert.equal(s.proxmox[0].guests.find((g) => g.vmid === 101)?.status, 'running');
    for (const n of s.proxmox[0].nodes) assert.ok(n.mem! <= n.maxmem!, `${n.name}: ${n.mem} of ${n.maxmem}`);
  });

  it('says at once that an offline peer is offline and when it was last seen', async () => {
    const r = await demo(['ping', 'xiaomi-pad-5-pro']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^FAIL xiaomi-pad-5-pro is offline, last seen 7 days ago; a ping would get no answer\n$/);
    assert.doesNotMatch(r.stdout + r.stderr, /HTTP 500|deadline/);
  });

  it('leaves a host that is up alone when asked to wake it', async () => {
    const r = await demo(['wake', 'orangepi5']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^OK {3}wake orangepi5: orangepi5 is already up \(answers on 127\.0\.0\.1:\d+\); no wake-up sent\n$/);
    const node = await demo(['wake', 'gtr5']);
    assert.match(node.stdout, /gtr5 is already up \(Proxmox VE reports gtr5 online\); no wake-up sent/);
    assert.doesNotMatch(r.stdout + node.stdout, /up after/);
  });

  it('prints table times in local time, to the second', async () => {
    const r = await demo(['status'], { TZ: 'Asia/Kolkata' });
    const m = /^LabTray \(demo lab\) \w+ at (\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)$/m.exec(r.stdout);
    assert.ok(m, r.stdout.split('\n')[0]);
    // India is UTC+5:30: read back as that zone's wall clock, the header is (about) now.
    const shown = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) - 5.5 * 3600_000;
    assert.ok(Math.abs(shown - Date.now()) < 10 * 60_000, `${m[0]} is not now in Asia/Kolkata`);
    assert.doesNotMatch(r.stdout, /\d\d:\d\d:\d\d\.\d{3}|T\d\d:\d\d:\d\d/, 'no milliseconds, no ISO times');
  });

  it('colours on request and never against NO_COLOR or --no-color', async () => {
    const forced = await demo(['status'], { FORCE_COLOR: '1' });
    assert.ok(forced.stdout.includes('\x1b[1m\x1b[31mCRIT\x1b[39m\x1b[22m'), 'CRIT in bold red');
    const piped = await runCli(['vm', 'strat', 'x'], { demoState: state });
    assert.ok(!piped.stderr.includes('\x1b['), 'a pipe gets no colour');
    const flag = await runCli(['vm', 'strat', 'x', '--no-color'], { env: { FORCE_COLOR: '1' }, demoState: state });
    assert.ok(!flag.stderr.includes('\x1b['), '--no-color wins over FORCE_COLOR');
    const env = await runCli(['vm', 'strat', 'x'], { env: { FORCE_COLOR: '1', NO_COLOR: '1' }, demoState: state });
    assert.ok(!env.stderr.includes('\x1b['), 'NO_COLOR wins over FORCE_COLOR');
    const on = await runCli(['vm', 'strat', 'x'], { env: { FORCE_COLOR: '1' }, demoState: state });
    assert.ok(on.stderr.startsWith('\x1b[31mlabtray:\x1b[39m'), on.stderr);
  });
});
