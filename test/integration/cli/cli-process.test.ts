import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runTraced } from '../../helpers/module-trace';

const cli = 'electron/cli/index.ts';
const fp = 'AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89';
/** The integration clients: none of them is needed to print help or to read a Proxmox-only config. */
const clients = ['/node_modules/ssh2/', '/node_modules/@kubernetes/client-node/'];

describe('the labtray CLI as a process', () => {
  let dir = '';
  let home = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'labtray-cli-'));
    home = join(dir, 'home');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('prints its help without loading the demo lab or any integration client', async () => {
    const r = await runTraced(cli, ['--help']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^usage: labtray <command>/);
    assert.ok(r.modules.length > 0, 'the trace saw the modules');
    assert.equal(r.loaded('/demo/'), false);
    for (const c of clients) assert.equal(r.loaded(c), false, `${c} was loaded for --help`);
  });

  it('reads a Proxmox-only config without loading the demo lab, SSH or Kubernetes', async () => {
    const config = join(dir, 'pve-only.yaml');
    // Port 9 on loopback answers nothing: the cluster is unreachable, which is critical (exit 1).
    writeFileSync(config, `proxmox:\n  - name: home\n    endpoints: ['https://127.0.0.1:9']\n    tokenId: 'root@pam!labtray'\n    tokenSecret: 'secret:pve-home'\n    fingerprint: '${fp}'\n`);
    const r = await runTraced(cli, ['status', '--config', config], { env: { HOME: home, LABTRAY_SECRET_PVE_HOME: '0b0e7a36-0000-4000-8000-000000000000' } });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /home: cannot read/);
    assert.ok(r.loaded('/node_modules/proxmox-api/'), 'the Proxmox client itself is loaded');
    assert.equal(r.loaded('/demo/'), false, 'the demo lab is loaded only for --demo');
    for (const c of clients) assert.equal(r.loaded(c), false, `${c} was loaded for a Proxmox-only config`);
  });

  it('loads each client once its section is configured: kubernetes:, SSH hosts and home:', async () => {
    const config = join(dir, 'everything.yaml');
    writeFileSync(
      config,
      `proxmox:\n  - name: home\n    endpoints: ['https://127.0.0.1:9']\n    tokenId: 'root@pam!labtray'\n    tokenSecret: 'secret:pve-home'\n    fingerprint: '${fp}'\n` +
        `hosts:\n  - name: orangepi5\n    ssh: { host: 127.0.0.1, port: 9 }\nkubernetes:\n  kubeconfig: ${join(dir, 'no-kubeconfig')}\n  contexts: [k3s-main]\nhome:\n  probes: []\n`,
    );
    const r = await runTraced(cli, ['status', '--config', config], { env: { HOME: home, LABTRAY_SECRET_PVE_HOME: '0b0e7a36-0000-4000-8000-000000000000' } });
    assert.equal(r.code, 1, r.stderr);
    for (const c of clients) assert.ok(r.loaded(c), `${c} was not loaded`);
    assert.equal(r.loaded('/demo/'), false);
  });

  it('says where it looked when there is no config, and exits 2 without starting the demo', async () => {
    const r = await runTraced(cli, ['status'], { env: { HOME: home, XDG_CONFIG_HOME: join(dir, 'xdg'), LABTRAY_CONFIG: '' } });
    assert.equal(r.code, 2);
    assert.match(r.stderr, new RegExp(`no config at ${join(dir, 'xdg', 'labtray', 'config.yaml').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}.*--demo`));
    assert.equal(r.loaded('/demo/'), false);
  });
});
