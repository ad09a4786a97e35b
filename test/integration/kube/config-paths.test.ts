/**
 * A config folder as the owner keeps it: config.yaml with `caFile: ca.pem` and `kubeconfig: kube/k3s.yaml`
 * beside it, loaded while the working directory is somewhere else (the Finder starts apps in `/`, Windows in
 * System32): the CA verifies a real TLS server and the kubeconfig reaches the fake API server.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { systemClock } from '../../../electron/core/clock';
import { loadConfig } from '../../../electron/core/config/load';
import { HttpsTransport } from '../../../electron/core/kube/http';
import { contextConfig, loadKubeconfig } from '../../../electron/core/kube/kubeconfig';
import { closeAgent, createTlsAgent, fetchVia } from '../../../electron/core/tls/agent';
import { writeKubeconfig } from '../../../demo/kube/kubeconfig';
import { startFake, type FakeSetup } from './harness';

describe('relative caFile and kubeconfig paths in a config file', () => {
  let setup: FakeSetup;
  let folder: string;
  let elsewhere: string;
  before(async () => {
    setup = await startFake();
    folder = mkdtempSync(join(tmpdir(), 'labtray-config-folder-'));
    elsewhere = mkdtempSync(join(tmpdir(), 'labtray-cwd-'));
  });
  after(async () => {
    await setup?.stop();
    rmSync(folder, { recursive: true, force: true });
    rmSync(elsewhere, { recursive: true, force: true });
  });

  it('reads ca.pem and kube/k3s.yaml from the config file folder while the working directory is elsewhere', async () => {
    writeFileSync(join(folder, 'ca.pem'), setup.fake.ca.certPem);
    mkdirSync(join(folder, 'kube'));
    writeKubeconfig(join(folder, 'kube', 'k3s.yaml'), [setup.fake.contextEntry('k3s-data-1', { token: setup.token! })]);
    writeFileSync(
      join(folder, 'config.yaml'),
      [
        'proxmox:',
        '  - name: home',
        `    endpoints: ["${setup.fake.url}"]`,
        '    tokenId: root@pam!labtray',
        '    tokenSecret: secret:pve-token',
        '    caFile: ca.pem',
        'kubernetes:',
        '  kubeconfig: kube/k3s.yaml',
        '',
      ].join('\n'),
    );
    // A file of the same name in the working directory must not be the one read.
    writeFileSync(join(elsewhere, 'ca.pem'), 'not a certificate\n');
    const cwd = process.cwd();
    process.chdir(elsewhere);
    let config;
    try {
      config = (await loadConfig(join(folder, 'config.yaml'))).config;
    } finally {
      process.chdir(cwd);
    }
    const caFile = config.proxmox?.[0].caFile;
    assert.equal(caFile, join(folder, 'ca.pem'));

    // The CA verifies the server's certificate through the same agent the Proxmox client uses.
    const agent = createTlsAgent({ caFile });
    try {
      const res = await fetchVia(agent)(`${setup.fake.url}/version`, { headers: { Authorization: `Bearer ${setup.token}` } });
      assert.equal(res.status, 200);
      assert.equal(((await res.json()) as { gitVersion: string }).gitVersion, 'v1.30.6+k3s1');
    } finally {
      await closeAgent(agent);
    }

    const loaded = loadKubeconfig({ configured: config.kubernetes?.kubeconfig, env: {} });
    assert.deepEqual(loaded.files, [join(folder, 'kube', 'k3s.yaml')]);
    const transport = new HttpsTransport(contextConfig(loaded, 'k3s-data-1'), systemClock);
    try {
      const nodes = (await transport.json({ path: '/api/v1/nodes', timeoutMs: 10_000 })) as { items: unknown[] };
      assert.equal(nodes.items.length, 4);
    } finally {
      transport.close();
    }
  });
});
