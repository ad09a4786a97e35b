import assert from 'node:assert/strict';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { stringify } from 'yaml';
import { sourceFor, startFake, type FakeSetup } from './harness';

describe('credentials the kubeconfig can hold', () => {
  let setup: FakeSetup;
  before(async () => {
    setup = await startFake(undefined, 'cert');
  });
  after(async () => setup?.stop());

  it('reads the cluster with a client certificate (as k3s writes its kubeconfig)', async () => {
    const source = sourceFor(setup);
    try {
      const k = await source.poll({ signal: AbortSignal.timeout(15_000) });
      assert.equal(k.nodes.length, 4);
      assert.ok(setup.fake.log.every((l) => l.user === 'system:admin'));
    } finally {
      source.dispose();
    }
  });

  it('reads the cluster with a token from an exec credential plugin', async () => {
    const token = setup.fake.addToken('oidc:owner@example.org', ['homelab-admins']);
    const plugin = join(setup.dir, 'credential-plugin.sh');
    writeFileSync(plugin, `#!/bin/sh\nprintf '%s' '${JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token } })}'\n`);
    chmodSync(plugin, 0o700);
    const f = join(setup.dir, 'exec-kubeconfig');
    writeFileSync(
      f,
      stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'k3s-data-1', cluster: { server: setup.fake.url, 'certificate-authority-data': Buffer.from(setup.fake.ca.certPem).toString('base64') } }],
        users: [{ name: 'owner', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: plugin, interactiveMode: 'Never' } } }],
        contexts: [{ name: 'k3s-data-1', context: { cluster: 'k3s-data-1', user: 'owner' } }],
        'current-context': 'k3s-data-1',
      }),
    );
    const source = sourceFor({ ...setup, kubeconfig: f });
    try {
      const before = setup.fake.log.length;
      const k = await source.poll({ signal: AbortSignal.timeout(15_000) });
      assert.equal(k.version, 'v1.30.6+k3s1');
      const mine = setup.fake.log.slice(before);
      assert.ok(mine.length > 0 && mine.every((l) => l.user === 'oidc:owner@example.org'), JSON.stringify(mine.map((l) => l.user)));
    } finally {
      source.dispose();
    }
  });
});
