import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { stringify } from 'yaml';
import { LabError } from '../../../shared/api';
import type { LabConfig } from '../../../shared/config';
import { loadConfig } from '../../../electron/core/config/load';
import { lockedChanges, type KubeContextFacts } from '../../../electron/core/config/locked';
import { saveConfig } from '../../../electron/core/config/save';
import { kubeContextFacts } from '../../../electron/core/kube/exec-contexts';
import { kubernetesIntegration } from '../../../electron/core/kube/integration';
import { createLab } from '../../../electron/core/open-lab';
import { MemorySecretStore } from '../../../electron/core/secrets';

const facts: KubeContextFacts = { all: ['k3s-main', 'k3s-data-1', 'eks-prod'], exec: new Map([['eks-prod', 'aws']]) };
const watching = (contexts?: string[]): LabConfig => ({ kubernetes: { kubeconfig: '/home/me/.kube/config', ...(contexts ? { contexts } : {}) } });

describe('watching a context whose user runs an exec plugin is a config-file change (the pure rule)', () => {
  it('refuses adding such a context, naming it and its program', () => {
    assert.deepEqual(lockedChanges(watching(['k3s-main']), watching(['k3s-main', 'eks-prod']), facts), ['kubernetes.contexts (context "eks-prod": its user logs in by running aws)']);
  });

  it('lets a context with a token or a client certificate be added, and any context be dropped', () => {
    assert.deepEqual(lockedChanges(watching(['k3s-main']), watching(['k3s-main', 'k3s-data-1']), facts), []);
    assert.deepEqual(lockedChanges(watching(['k3s-main', 'eks-prod']), watching(['k3s-main']), facts), []);
    assert.deepEqual(lockedChanges(watching(['eks-prod', 'k3s-main']), watching(['k3s-main', 'eks-prod']), facts), [], 'the order is no change');
  });

  it('sees the exec context behind "every context" (no list) and behind a new kubernetes section', () => {
    assert.deepEqual(lockedChanges(watching(['k3s-main']), watching(), facts), ['kubernetes.contexts (context "eks-prod": its user logs in by running aws)']);
    assert.deepEqual(lockedChanges({}, { kubernetes: { contexts: ['eks-prod'] } }, facts), ['kubernetes.contexts (context "eks-prod": its user logs in by running aws)']);
    assert.deepEqual(lockedChanges(watching(), watching(['k3s-main', 'eks-prod']), facts), [], 'already watched through "every context"');
  });

  it('refuses what it cannot check when the kubeconfig cannot be read', () => {
    assert.deepEqual(lockedChanges(watching(['k3s-main']), watching(['k3s-main', 'k3s-data-1']), null), ['kubernetes.contexts (context "k3s-data-1": the kubeconfig cannot be read to see how its user logs in)']);
    assert.deepEqual(lockedChanges(watching(['k3s-main']), watching(), null), ['kubernetes.contexts (every context of a kubeconfig that cannot be read now)']);
    assert.deepEqual(lockedChanges(watching(['k3s-main']), watching(['k3s-main']), null), []);
  });
});

describe('Settings saves and a context whose user runs an exec plugin (through the window\'s handler)', () => {
  let dir = '';
  let kubeconfig = '';
  let marker = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'labtray-exec-lock-'));
    marker = join(dir, 'plugin-ran');
    // The login program leaves a mark when it runs: it must never run from a window's save.
    const plugin = join(dir, 'aws-login');
    writeFileSync(plugin, `#!/bin/sh\ntouch '${marker}'\necho '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"t"}}'\n`);
    chmodSync(plugin, 0o755);
    const ca = Buffer.from('not used: nothing is contacted').toString('base64');
    const cluster = (name: string, port: number) => ({ name, cluster: { server: `https://127.0.0.1:${port}`, 'certificate-authority-data': ca } });
    kubeconfig = join(dir, 'kubeconfig');
    writeFileSync(
      kubeconfig,
      stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [cluster('k3s-main', 1), cluster('k3s-data-1', 2), cluster('eks-prod', 3)],
        users: [
          { name: 'main-admin', user: { token: 'main-token' } },
          { name: 'data-admin', user: { token: 'data-token' } },
          { name: 'eks-user', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: plugin, args: ['eks', 'get-token'], interactiveMode: 'Never' } } },
        ],
        contexts: [
          { name: 'k3s-main', context: { cluster: 'k3s-main', user: 'main-admin' } },
          { name: 'k3s-data-1', context: { cluster: 'k3s-data-1', user: 'data-admin' } },
          { name: 'eks-prod', context: { cluster: 'eks-prod', user: 'eks-user' } },
        ],
        'current-context': 'k3s-main',
      }),
      { mode: 0o600 },
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  async function labOn(name: string, contexts: string[]) {
    const file = join(dir, `${name}.yaml`);
    writeFileSync(file, `# my lab\n${stringify({ kubernetes: { kubeconfig, contexts } })}`);
    const config = (await loadConfig(file)).config;
    const lab = createLab({ config, secrets: new MemorySecretStore(), configPath: file, saveConfig: (c) => saveConfig(file, c), factories: [kubernetesIntegration] });
    return { lab, file };
  }

  it('reads which contexts log in by running a program from the kubeconfig', () => {
    const f = kubeContextFacts({ kubeconfig });
    assert.deepEqual(f?.all, ['k3s-main', 'k3s-data-1', 'eks-prod']);
    assert.deepEqual([...(f?.exec.keys() ?? [])], ['eks-prod']);
    assert.equal(kubeContextFacts({ kubeconfig: join(dir, 'missing') }), null);
  });

  it('refuses a save that adds the exec context, naming it and the config file; the file stays byte for byte', async () => {
    const { lab, file } = await labOn('refused', ['k3s-main']);
    try {
      const bytes = readFileSync(file);
      for (const contexts of [['k3s-main', 'eks-prod'], undefined]) {
        const next: LabConfig = { ...lab.currentConfig, kubernetes: { kubeconfig, ...(contexts ? { contexts } : {}) } };
        const err = await lab.invoke('saveSettings', { config: next }).then(() => null, (e: unknown) => e);
        assert.ok(err instanceof LabError && err.code === 'invalid-input', String(err));
        assert.equal(
          err.message,
          `saveSettings: kubernetes.contexts (context "eks-prod": its user logs in by running ${join(dir, 'aws-login')}) can be changed only by editing the config file (${file}): it names what LabTray runs`,
        );
      }
      assert.ok(readFileSync(file).equals(bytes), 'the config file is unchanged byte for byte');
      assert.deepEqual(lab.currentConfig.kubernetes?.contexts, ['k3s-main']);
      assert.equal(existsSync(marker), false, 'the login program never ran');
    } finally {
      await lab.stop();
    }
  });

  it('saves a context that logs in with a token', async () => {
    const { lab, file } = await labOn('allowed', ['k3s-main']);
    try {
      await lab.invoke('saveSettings', { config: { ...lab.currentConfig, kubernetes: { kubeconfig, contexts: ['k3s-main', 'k3s-data-1'] } } });
      assert.deepEqual((await loadConfig(file)).config.kubernetes?.contexts, ['k3s-main', 'k3s-data-1']);
      assert.equal(existsSync(marker), false);
    } finally {
      await lab.stop();
    }
  });

  it('takes the exec context from the config file itself, and runs its login program', async () => {
    const { lab } = await labOn('by-hand', ['k3s-main', 'eks-prod']);
    try {
      assert.deepEqual(lab.currentConfig.kubernetes?.contexts, ['k3s-main', 'eks-prod']);
      const snap = await lab.pollOnce();
      assert.ok(snap.sources.some((s) => s.id === 'kubernetes:eks-prod'), 'the context the file names is a source');
      assert.equal(existsSync(marker), true, 'its login program ran');
    } finally {
      await lab.stop();
    }
  });
});
