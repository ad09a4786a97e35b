/**
 * kubeconfig exec credential plugins run by LabTray (not client-node) against the fake API server: a real
 * plugin script prints an ExecCredential, its token or client certificate reaches the server, and it runs
 * again only once the credential has expired.
 */
import assert from 'node:assert/strict';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { stringify } from 'yaml';
import { systemClock, type Clock } from '../../../electron/core/clock';
import { HttpsTransport } from '../../../electron/core/kube/http';
import { contextConfig, loadKubeconfig } from '../../../electron/core/kube/kubeconfig';
import { startFake, type FakeSetup } from './harness';

describe('exec credential plugins against the fake API server', () => {
  let setup: FakeSetup;
  before(async () => {
    setup = await startFake();
  });
  after(async () => setup?.stop());

  /** A kubeconfig whose user logs in through `plugin` (with `args` and one env entry). */
  function kubeconfigFor(name: string, server: string, plugin: string, args: string[]): string {
    const file = join(setup.dir, `${name}.kubeconfig`);
    writeFileSync(
      file,
      stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name, cluster: { server, 'certificate-authority-data': Buffer.from(setup.fake.ca.certPem).toString('base64') } }],
        users: [{ name: 'owner', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: plugin, args, env: [{ name: 'LAB_PLUGIN_DIR', value: setup.dir }], interactiveMode: 'Never' } } }],
        contexts: [{ name, context: { cluster: name, user: 'owner' } }],
        'current-context': name,
      }),
    );
    return file;
  }

  it('sends the token the plugin printed, and runs the plugin again only after expirationTimestamp', async () => {
    const tokens = [setup.fake.addToken('oidc:first@example.org'), setup.fake.addToken('oidc:second@example.org')];
    writeFileSync(join(setup.dir, 'tokens.json'), JSON.stringify(tokens));
    // A real plugin: counts its runs in a file, prints the next token; run n's token is valid for n × 2 hours.
    const plugin = join(setup.dir, 'kube-login-plugin.cjs');
    writeFileSync(
      plugin,
      `#!${process.execPath}
const fs = require('node:fs');
const path = require('node:path');
const dir = process.env.LAB_PLUGIN_DIR;
const runs = path.join(dir, 'runs.log');
fs.appendFileSync(runs, process.argv.slice(2).join(' ') + '\\n');
const n = fs.readFileSync(runs, 'utf8').trim().split('\\n').length;
const tokens = JSON.parse(fs.readFileSync(path.join(dir, 'tokens.json'), 'utf8'));
const info = JSON.parse(process.env.KUBERNETES_EXEC_INFO);
process.stdout.write(JSON.stringify({ apiVersion: info.apiVersion, kind: 'ExecCredential', status: { token: tokens[n - 1], expirationTimestamp: new Date(Date.now() + n * 7200e3).toISOString() } }));
`,
    );
    chmodSync(plugin, 0o755);
    const context = 'k3s-data-1';
    const kc = contextConfig(loadKubeconfig({ configured: kubeconfigFor(context, setup.fake.url, plugin, ['get-token', '--login', 'device code']), env: {} }), context);
    let offset = 0;
    const clock: Clock = { ...systemClock, now: () => Date.now() + offset };
    const transport = new HttpsTransport(kc, clock);
    try {
      const before = setup.fake.log.length;
      for (let i = 0; i < 3; i++) await transport.json({ path: '/api/v1/nodes', timeoutMs: 10_000 });
      const runs = (): string[] => readFileSync(join(setup.dir, 'runs.log'), 'utf8').trim().split('\n');
      assert.deepEqual(runs(), ['get-token --login device code'], 'one run for three requests, arguments passed as given');
      const first = setup.fake.log.slice(before);
      assert.equal(first.length, 3);
      assert.ok(first.every((l) => l.user === 'oidc:first@example.org' && l.status === 200), JSON.stringify(first));
      offset = 7201e3; // past the first expirationTimestamp, before the second
      const mark = setup.fake.log.length;
      await transport.json({ path: '/api/v1/nodes', timeoutMs: 10_000 });
      await transport.json({ path: '/version', timeoutMs: 10_000 });
      assert.equal(runs().length, 2);
      assert.ok(setup.fake.log.slice(mark).every((l) => l.user === 'oidc:second@example.org'), JSON.stringify(setup.fake.log.slice(mark)));
    } finally {
      transport.close();
    }
  });

  it('presents the client certificate and key a plugin printed', async () => {
    const pair = setup.fake.issueClientCert('plugin:cert-user');
    const plugin = join(setup.dir, 'cert-plugin.cjs');
    writeFileSync(plugin, `#!${process.execPath}\nprocess.stdout.write(${JSON.stringify(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { clientCertificateData: pair.certPem, clientKeyData: pair.keyPem } }))});\n`);
    chmodSync(plugin, 0o755);
    const kc = contextConfig(loadKubeconfig({ configured: kubeconfigFor('cert-ctx', setup.fake.certUrl, plugin, []), env: {} }), 'cert-ctx');
    const transport = new HttpsTransport(kc, systemClock);
    try {
      const mark = setup.fake.log.length;
      await transport.json({ path: '/api/v1/nodes', timeoutMs: 10_000 });
      assert.deepEqual(
        setup.fake.log.slice(mark).map((l) => [l.user, l.status]),
        [['plugin:cert-user', 200]],
      );
    } finally {
      transport.close();
    }
  });

  it('fails the request naming the context and the command when the plugin fails, and sends nothing', async () => {
    const plugin = join(setup.dir, 'broken-plugin.sh');
    writeFileSync(plugin, '#!/bin/sh\necho "error: refresh token expired, run kubelogin again" >&2\nexit 3\n');
    chmodSync(plugin, 0o755);
    const kc = contextConfig(loadKubeconfig({ configured: kubeconfigFor('broken', setup.fake.url, plugin, []), env: {} }), 'broken');
    const transport = new HttpsTransport(kc, systemClock);
    try {
      const mark = setup.fake.log.length;
      await assert.rejects(transport.json({ path: '/api/v1/nodes', timeoutMs: 10_000 }), (err: Error & { code?: string }) => {
        assert.equal(err.code, 'unauthorized');
        assert.ok(err.message.includes(`context "broken": the credential plugin ${plugin} failed (exit code 3): error: refresh token expired`), err.message);
        return true;
      });
      assert.equal(setup.fake.log.length, mark);
    } finally {
      transport.close();
    }
  });
});
