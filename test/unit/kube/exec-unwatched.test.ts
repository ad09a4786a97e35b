import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createLab } from '../../../electron/core/open-lab';
import { kubernetesIntegration } from '../../../electron/core/kube/integration';
import { MemorySecretStore } from '../../../electron/core/secrets';

describe('testConnection never runs the login program of a context the config does not watch', () => {
  const dir = mkdtempSync(join(tmpdir(), 'labtray-kube-exec-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses with a sentence that says where to add it, and the program does not run', async () => {
    const mark = join(dir, 'plugin-ran');
    const plugin = join(dir, 'kubelogin');
    writeFileSync(plugin, `#!/bin/sh\ntouch '${mark}'\necho '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"t"}}'\n`);
    chmodSync(plugin, 0o755);
    const kubeconfig = join(dir, 'kubeconfig');
    writeFileSync(
      kubeconfig,
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters:',
        '  - name: home',
        '    cluster: { server: "https://127.0.0.1:1" }',
        'users:',
        '  - name: token-user',
        '    user: { token: "abc" }',
        '  - name: oidc-user',
        '    user:',
        '      exec:',
        '        apiVersion: client.authentication.k8s.io/v1',
        `        command: ${plugin}`,
        '        interactiveMode: Never',
        'contexts:',
        '  - name: k3s-main',
        '    context: { cluster: home, user: token-user }',
        '  - name: work-oidc',
        '    context: { cluster: home, user: oidc-user }',
        'current-context: k3s-main',
        '',
      ].join('\n'),
    );
    const lab = createLab({ config: { kubernetes: { kubeconfig, contexts: ['k3s-main'] } }, secrets: new MemorySecretStore(), factories: [kubernetesIntegration] });
    try {
      await lab.pollOnce();
      const r = await lab.invoke('testConnection', { kind: 'kubernetes', name: 'work-oidc' });
      assert.equal(r.ok, false);
      assert.equal(r.message, `work-oidc: its user logs in by running a program (${plugin}); LabTray runs it only for a context named in kubernetes.contexts in the config file: add it there`);
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.equal(existsSync(mark), false, 'the login program was not run');
    } finally {
      await lab.stop();
    }
  });
});
