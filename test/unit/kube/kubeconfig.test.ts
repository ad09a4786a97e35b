import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { stringify } from 'yaml';
import { contextConfig, loadKubeconfig, selectContexts } from '../../../electron/core/kube/kubeconfig';

const dir = mkdtempSync(join(tmpdir(), 'labtray-kubeconfig-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A kubeconfig like k3s writes: everything named "default" unless renamed. */
function k3sStyle(file: string, server: string, names = { cluster: 'default', user: 'default', context: 'default' }, extra: object = {}): string {
  writeFileSync(
    file,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: names.cluster, cluster: { server, 'certificate-authority-data': Buffer.from('not a real CA').toString('base64'), ...extra } }],
      users: [{ name: names.user, user: { token: 'K10abc::server:def' } }],
      contexts: [{ name: names.context, context: { cluster: names.cluster, user: names.user } }],
      'current-context': names.context,
    }),
  );
  return file;
}

describe('kubeconfig loading', () => {
  it('merges the KUBECONFIG files in order and keeps the first of two k3s files that both say "default"', () => {
    const a = k3sStyle(join(dir, 'k3s-main.yaml'), 'https://127.0.0.1:6443', { cluster: 'k3s-main', user: 'k3s-main', context: 'k3s-main' });
    const b = k3sStyle(join(dir, 'data1.yaml'), 'https://127.0.0.1:6444');
    const c = k3sStyle(join(dir, 'data2.yaml'), 'https://127.0.0.1:6445');
    const loaded = loadKubeconfig({ env: { KUBECONFIG: [a, b, join(dir, 'gone.yaml'), c].join(delimiter) }, home: dir });
    assert.deepEqual(selectContexts(loaded), ['k3s-main', 'default']);
    assert.equal(loaded.clusters.find((x) => x.name === 'default')?.server, 'https://127.0.0.1:6444', 'the first file defining "default" wins');
    assert.ok(loaded.notes.some((n) => n.includes('gone.yaml') && n.includes('skipped')), loaded.notes.join('\n'));
    assert.ok(loaded.notes.some((n) => n.includes('data2.yaml') && /context "default".*first one wins/.test(n)), loaded.notes.join('\n'));
    assert.equal(loaded.currentContext, 'k3s-main');
  });

  it('prefers the files named in the config over KUBECONFIG, and watches only the chosen contexts', () => {
    const a = k3sStyle(join(dir, 'chosen.yaml'), 'https://127.0.0.1:7443', { cluster: 'k8s-data-2', user: 'admin', context: 'k8s-data-2' });
    const loaded = loadKubeconfig({ configured: [a], env: { KUBECONFIG: join(dir, 'k3s-main.yaml') }, home: dir });
    assert.deepEqual(selectContexts(loaded), ['k8s-data-2']);
    assert.deepEqual(selectContexts(loaded, ['k8s-data-2', 'missing']), ['k8s-data-2', 'missing']);
    assert.throws(() => contextConfig(loaded, 'missing'), /context "missing" is not in the kubeconfig .* it has: k8s-data-2/);
    assert.equal(contextConfig(loaded, 'k8s-data-2').getCurrentCluster()?.server, 'https://127.0.0.1:7443');
  });

  it('falls back to ~/.kube/config', () => {
    const home = join(dir, 'home');
    mkdirSync(join(home, '.kube'), { recursive: true });
    k3sStyle(join(home, '.kube', 'config'), 'https://127.0.0.1:6443');
    assert.deepEqual(selectContexts(loadKubeconfig({ env: {}, home })), ['default']);
  });

  it('names the missing file when the configured kubeconfig does not exist', () => {
    assert.throws(() => loadKubeconfig({ configured: join(dir, 'nope.yaml'), env: {}, home: dir }), /kubeconfig .*nope\.yaml does not exist/);
  });

  it('refuses a context that turns TLS verification off, and one that is plain http', () => {
    const f = k3sStyle(join(dir, 'insecure.yaml'), 'https://127.0.0.1:6443', { cluster: 'lab', user: 'lab', context: 'lab' }, { 'insecure-skip-tls-verify': true });
    assert.throws(() => contextConfig(loadKubeconfig({ configured: f, env: {}, home: dir }), 'lab'), /insecure-skip-tls-verify; LabTray always verifies/);
    const g = k3sStyle(join(dir, 'http.yaml'), 'http://127.0.0.1:8080', { cluster: 'plain', user: 'plain', context: 'plain' });
    assert.throws(() => contextConfig(loadKubeconfig({ configured: g, env: {}, home: dir }), 'plain'), /not https/);
  });
});
