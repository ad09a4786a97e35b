import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runTraced } from '../../helpers/module-trace';

const cli = 'electron/cli/index.ts';
/** Nothing of the core's clients, the Lab or the demo is needed to print help. */
const heavy = ['/node_modules/ssh2/', '/node_modules/@kubernetes/client-node/', '/node_modules/systeminformation/', '/node_modules/proxmox-api/', '/node_modules/undici/', '/electron/core/lab/', '/demo/'];

describe('labtray help', () => {
  it('"labtray help" lists every command with one line each', async () => {
    const r = await runTraced(cli, ['help']);
    assert.equal(r.code, 0, r.stderr);
    for (const c of ['status', 'vm', 'backup', 'wake', 'ping', 'doctor', 'help']) assert.match(r.stdout, new RegExp(`^  ${c} +\\S`, 'm'), c);
    assert.match(r.stdout, /"labtray help <command>" tells more about one command\./);
  });

  it('"labtray help vm" and "labtray vm --help" print the help of vm alone, loading nothing heavy', async () => {
    const a = await runTraced(cli, ['help', 'vm']);
    const b = await runTraced(cli, ['vm', '--help']);
    assert.equal(a.code, 0);
    assert.equal(b.code, 0);
    assert.equal(a.stdout, b.stdout);
    assert.match(a.stdout, /^usage: labtray vm <start\|shutdown\|stop\|reboot\|suspend\|resume> <guest\.\.\.> \[--cluster NAME\] \[--yes\]\n/);
    assert.match(a.stdout, /labtray vm start openwrt/);
    assert.doesNotMatch(a.stdout, /labtray backup|tailscale ping/, 'not the other commands’ help');
    for (const run of [a, b]) for (const m of heavy) assert.equal(run.loaded(m), false, `${m} was loaded for help`);
  });

  it('each command has its own help', async () => {
    for (const c of ['status', 'backup', 'wake', 'ping', 'doctor']) {
      const r = await runTraced(cli, [c, '-h']);
      assert.equal(r.code, 0);
      assert.match(r.stdout, new RegExp(`^usage: labtray ${c}\\b`), c);
    }
  });

  it('help for a command that does not exist is a usage error naming it', async () => {
    const r = await runTraced(cli, ['help', 'restart']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^labtray: no command "restart"\nusage: labtray help \[command\]\n/);
  });

  it('a usage error loads no client either', async () => {
    const r = await runTraced(cli, ['backup']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^labtray: backup: name the guests to back up, or a set with --set NAME\nusage: labtray backup /);
    for (const m of heavy) assert.equal(r.loaded(m), false, `${m} was loaded for a usage error`);
  });
});
