import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { stringify } from 'yaml';
import { LabError } from '../../../shared/api';
import type { LabConfig } from '../../../shared/config';
import { loadConfig } from '../../../electron/core/config/load';
import { saveConfig } from '../../../electron/core/config/save';
import type { Lab } from '../../../electron/core/lab/lab';
import { createLab } from '../../../electron/core/open-lab';
import { MemorySecretStore } from '../../../electron/core/secrets';
import { startDemoLab, type DemoLab } from '../../../demo/demo-lab';

/**
 * Settings → Tailscale and Kubernetes save through the window's handlers as checked transactions, against the demo's
 * tailscaled LocalAPI and kube API servers, and a config file on disk.
 */
describe('Settings: the Tailscale and Kubernetes choices', () => {
  let demo: DemoLab;
  let dir = '';
  let execKubeconfig = '';
  const marker = () => join(dir, 'plugin-ran');
  before(async () => {
    demo = await startDemoLab();
    dir = mkdtempSync(join(tmpdir(), 'labtray-settings-ts-kube-'));
    // A second kubeconfig file whose one context logs in by running a program (which must never run here).
    execKubeconfig = join(dir, 'cloud.kubeconfig');
    writeFileSync(
      execKubeconfig,
      stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'cloud', cluster: { server: 'https://127.0.0.1:9' } }],
        users: [{ name: 'cloud-user', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: '/bin/sh', args: ['-c', `touch ${marker()}`] } } }],
        contexts: [{ name: 'cloud-exec', context: { cluster: 'cloud', user: 'cloud-user' } }],
      }),
    );
  });
  after(async () => {
    await demo.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function openOnFile(name: string, config: LabConfig): Promise<{ lab: Lab; file: string }> {
    const file = join(dir, `${name}.yaml`);
    writeFileSync(file, '# my lab\n' + stringify(config));
    const loaded = (await loadConfig(file)).config;
    const lab = createLab({ config: loaded, secrets: new MemorySecretStore(demo.secrets), configPath: file, saveConfig: (c) => saveConfig(file, c) });
    await lab.pollOnce();
    return { lab, file };
  }

  const kube = (): LabConfig['kubernetes'] => ({ kubeconfig: [[demo.config.kubernetes!.kubeconfig!].flat()[0], execKubeconfig], contexts: ['k3s-main'] });

  it('Tailscale: unknown peers are refused by field and nothing is written; peers of the tailnet are saved, the CLI and socket kept', async () => {
    const { lab, file } = await openOnFile('tailscale', { tailscale: { ...demo.config.tailscale!, subnetRouter: undefined, pinned: undefined } });
    try {
      assert.ok(lab.snapshot.tailscale?.peers.some((p) => p.name === 'tailscale-gateway'), 'the fake tailnet is read');
      const view = await lab.invoke('getSettings', undefined);
      assert.equal(view.tailscale?.cli, demo.config.tailscale!.cli);
      assert.equal(view.tailscale?.socket, demo.config.tailscale!.socket);
      assert.equal(view.tailscale?.socketFound, true);
      const bytes = readFileSync(file);
      const err = await lab.invoke('saveTailscale', { subnetRouter: 'not-a-peer', pinned: ['orangepi5', 'gone-box'] }).then(() => null, (e: unknown) => e);
      assert.ok(err instanceof LabError && err.code === 'invalid-input', String(err));
      assert.equal(err.message, ['tailscale.subnetRouter: no peer of the tailnet is named "not-a-peer" now (a peer not seen yet can be named in the config file)', 'tailscale.pinned[1]: no peer of the tailnet is named "gone-box" now (a peer not seen yet can be named in the config file)'].join('\n'));
      assert.ok(readFileSync(file).equals(bytes), 'the config file is unchanged byte for byte');
      assert.equal(lab.currentConfig.tailscale?.subnetRouter, undefined);
      const saved = await lab.invoke('saveTailscale', { subnetRouter: 'tailscale-gateway', pinned: ['orangepi5'] });
      assert.deepEqual(saved.config.tailscale, { ...demo.config.tailscale, subnetRouter: 'tailscale-gateway', pinned: ['orangepi5'] });
      assert.deepEqual((await loadConfig(file)).config.tailscale, saved.config.tailscale, 'written to the file');
      // Nothing chosen: the choices go, the section (and what it names) stays.
      const cleared = await lab.invoke('saveTailscale', { pinned: [] });
      assert.deepEqual(cleared.config.tailscale, { socket: demo.config.tailscale!.socket, cli: demo.config.tailscale!.cli });
    } finally {
      await lab.stop();
    }
  });

  it('"Use Tailscale" adds the section; a peer cannot be chosen before the tailnet is read', async () => {
    const { lab, file } = await openOnFile('no-tailscale', { hosts: [{ name: 'nas', mac: 'aa:bb:cc:dd:ee:01' }] });
    try {
      const bytes = readFileSync(file);
      await assert.rejects(lab.invoke('saveTailscale', { subnetRouter: 'tailscale-gateway', pinned: [] }), /^LabError: tailscale\.subnetRouter: no peer of the tailnet is named "tailscale-gateway"/);
      assert.ok(readFileSync(file).equals(bytes));
      const view = await lab.invoke('saveTailscale', { pinned: [] });
      assert.deepEqual(view.config.tailscale, {});
      assert.deepEqual((await loadConfig(file)).config.tailscale, {});
    } finally {
      await lab.stop();
    }
  });

  it('Kubernetes: contexts listed per file with the exec ones marked; unknown and exec contexts refused with nothing written, the plugin never run', async () => {
    const { lab, file } = await openOnFile('kube', { kubernetes: kube() });
    try {
      const view = await lab.invoke('getSettings', undefined);
      const files = view.kubeconfigs ?? [];
      assert.deepEqual(files.map((f) => f.file), kube()!.kubeconfig);
      assert.deepEqual(files[0].contexts.map((c) => [c.name, c.exec]), [['k3s-main', false], ['k3s-data-1', false], ['k8s-data-2', false]]);
      assert.match(files[0].contexts[0].server ?? '', /^https:\/\/127\.0\.0\.1:\d+$/);
      assert.deepEqual(files[1].contexts, [{ name: 'cloud-exec', cluster: 'cloud', server: 'https://127.0.0.1:9', exec: true }]);
      const bytes = readFileSync(file);
      const unknown = await lab.invoke('saveKubernetes', { contexts: ['k3s-main', 'nope'] }).then(() => null, (e: unknown) => e);
      assert.ok(unknown instanceof LabError && unknown.code === 'invalid-input');
      assert.equal(unknown.message, 'kubernetes.contexts[1]: no kubeconfig file read here has a context named "nope"');
      const exec = await lab.invoke('saveKubernetes', { contexts: ['k3s-main', 'cloud-exec'] }).then(() => null, (e: unknown) => e);
      assert.ok(exec instanceof LabError && exec.code === 'invalid-input');
      assert.match(exec.message, /^saveKubernetes: kubernetes\.contexts \(context "cloud-exec": its user logs in by running \/bin\/sh\) can be changed only by editing the config file/);
      // Choosing none would mean every context: refused while the section names its files.
      await assert.rejects(lab.invoke('saveKubernetes', { contexts: [] }), /kubernetes\.contexts: choose at least one context/);
      assert.ok(readFileSync(file).equals(bytes), 'the config file is unchanged byte for byte');
      assert.deepEqual(lab.currentConfig.kubernetes?.contexts, ['k3s-main']);
      const saved = await lab.invoke('saveKubernetes', { contexts: ['k3s-main', 'k3s-data-1'] });
      assert.deepEqual(saved.config.kubernetes?.contexts, ['k3s-main', 'k3s-data-1']);
      assert.deepEqual((await loadConfig(file)).config.kubernetes?.contexts, ['k3s-main', 'k3s-data-1']);
      await lab.pollOnce();
      assert.deepEqual(lab.snapshot.kubernetes.map((k) => k.context).sort(), ['k3s-data-1', 'k3s-main'], 'the chosen contexts are watched');
    } finally {
      await lab.stop();
    }
    assert.throws(() => readFileSync(marker()), /ENOENT/, 'the exec plugin never ran');
  });
});
