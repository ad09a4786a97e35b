import assert from 'node:assert/strict';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { createLab } from '../../../electron/core/open-lab';
import { kubernetesIntegration } from '../../../electron/core/kube/integration';
import type { Lab } from '../../../electron/core/lab/lab';
import { MemorySecretStore } from '../../../electron/core/secrets';
import { writeKubeconfig } from '../../../demo/kube/kubeconfig';
import { startFake, until, type FakeSetup } from '../../integration/kube/harness';

const CTX = 'kubernetes:k3s-data-1';

function labFor(kubeconfig: string): Lab {
  return createLab({ config: { kubernetes: { kubeconfig, contexts: ['k3s-data-1'], interval: 200 } }, secrets: new MemorySecretStore(), factories: [kubernetesIntegration] });
}

const meta = (lab: Lab) => lab.snapshot.sources.find((s) => s.id === CTX);
const check = (lab: Lab, id: string) => lab.snapshot.checks.find((c) => c.id === id);
const cluster = (lab: Lab) => lab.snapshot.kubernetes.find((k) => k.context === 'k3s-data-1');

describe('kubernetes faults', () => {
  let setup: FakeSetup | undefined;
  let lab: Lab | undefined;
  afterEach(async () => {
    await lab?.stop();
    await setup?.stop();
    lab = setup = undefined;
  });

  it('marks a cluster whose API goes down stale with the reason, critical, and recovers when it is back', async () => {
    setup = await startFake();
    lab = labFor(setup.kubeconfig);
    await lab.start();
    await until(() => cluster(lab!)?.mode === 'watch', 'watching');
    await setup.fake.setDown(true);
    await until(() => meta(lab!)?.stale === true, 'stale');
    // The open watches are cut first (ECONNRESET); the reconnect that follows is refused and says why.
    assert.match(meta(lab)?.error ?? '', /was cut \(ECONNRESET\)|refused the connection/);
    await until(() => /refused the connection \(is the cluster running\?\)/.test(meta(lab!)?.error ?? ''), 'refused');
    await until(() => check(lab!, `${CTX}:api`) !== undefined, 'API check');
    assert.equal(check(lab, `${CTX}:api`)?.status, 'crit');
    assert.match(check(lab, `${CTX}:api`)?.summary ?? '', /k3s-data-1: API unreachable/);
    assert.equal(cluster(lab)?.nodes.length, 4, 'the last good data stays visible');

    setup.cluster.setNodeReady('k3s-data-1-worker-3', false);
    await setup.fake.setDown(false);
    await until(() => meta(lab!)?.stale === false && meta(lab!)?.error === null, 'fresh again');
    await until(() => cluster(lab!)?.nodes.find((n) => n.name === 'k3s-data-1-worker-3')?.ready === false, 'the change made while down is seen');
    assert.equal(check(lab, `${CTX}:api`), undefined);
    await until(() => cluster(lab!)?.mode === 'watch', 'watching again');
  });

  it('says the credentials were rejected when the token expires, without showing the token', async () => {
    setup = await startFake();
    lab = labFor(setup.kubeconfig);
    await lab.start();
    await until(() => cluster(lab!)?.mode === 'watch', 'watching');
    setup.fake.expireToken(setup.token ?? '');
    setup.fake.dropWatches();
    await until(() => check(lab!, `${CTX}:api`) !== undefined && meta(lab!)?.error !== null, 'credentials problem reported');
    const c = check(lab, `${CTX}:api`);
    assert.equal(c?.status, 'crit');
    assert.match(c?.summary ?? '', /rejects the credentials/);
    assert.match(meta(lab)?.error ?? '', /401 Unauthorized.*token has expired/);
    const everything = JSON.stringify(lab.snapshot);
    assert.ok(setup.token && !everything.includes(setup.token), 'the token never reaches the snapshot');
    assert.ok(setup.fake.log.some((l) => l.status === 401));
  });

  it('refuses an API server whose certificate is not from the kubeconfig\'s CA, before sending a request', async () => {
    setup = await startFake();
    const stranger = await startFake();
    try {
      // The kubeconfig trusts the other cluster's CA while pointing at this one.
      const entry = { ...stranger.fake.contextEntry('k3s-data-1', { token: stranger.token ?? '' }), server: setup.fake.url };
      const kubeconfig = writeKubeconfig(join(setup.dir, 'wrong-ca'), [entry]);
      lab = labFor(kubeconfig);
      const snap = await lab.pollOnce();
      const m = snap.sources.find((s) => s.id === CTX);
      assert.match(m?.error ?? '', /TLS: the certificate of https:\/\/127\.0\.0\.1:\d+ does not verify against the kubeconfig's CA/);
      assert.equal(snap.status, 'crit');
      assert.equal(setup.fake.log.length, 0, 'no HTTP request reached the server');
    } finally {
      await stranger.stop();
    }
  });
});
