import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { createLab } from '../../../electron/core/open-lab';
import { kubernetesIntegration } from '../../../electron/core/kube/integration';
import { HttpsTransport, KubeApiError, MAX_BODY, MAX_WATCH_LINE } from '../../../electron/core/kube/http';
import { contextConfig, loadKubeconfig } from '../../../electron/core/kube/kubeconfig';
import { systemClock } from '../../../electron/core/clock';
import type { Lab } from '../../../electron/core/lab/lab';
import { MemorySecretStore } from '../../../electron/core/secrets';
import { writeKubeconfig } from '../../../demo/kube/kubeconfig';
import { startFake, until, type FakeSetup } from '../../integration/kube/harness';
import { startHostileKube, type HostileKube } from '../../helpers/hostile-kube';

const HOSTILE = 'kubernetes:k3s-hostile';
const GOOD = 'kubernetes:k3s-data-1';

describe('a Kubernetes API server that streams a watch line without end', () => {
  let setup: FakeSetup | undefined;
  let hostile: HostileKube | undefined;
  let lab: Lab | undefined;
  afterEach(async () => {
    await lab?.stop();
    await hostile?.stop();
    await setup?.stop();
    lab = hostile = setup = undefined;
  });

  it('is cut off at the line limit and reported with the context, the watch and the limit, while the other cluster keeps being watched', async () => {
    setup = await startFake();
    hostile = await startHostileKube({ lineBytes: 4 * MAX_WATCH_LINE });
    const kubeconfig = writeKubeconfig(join(setup.dir, 'two-clusters'), [setup.fake.contextEntry('k3s-data-1', { token: setup.token ?? '' }), hostile.contextEntry('k3s-hostile')]);
    lab = createLab({
      config: { kubernetes: { kubeconfig, contexts: ['k3s-data-1', 'k3s-hostile'], interval: 200 } },
      secrets: new MemorySecretStore(),
      factories: [kubernetesIntegration],
    });
    await lab.start();
    const check = (id: string) => lab!.snapshot.checks.find((c) => c.id === id);
    const cluster = (context: string) => lab!.snapshot.kubernetes.find((k) => k.context === context);

    await until(() => check(`${HOSTILE}:api`) !== undefined, 'the hostile cluster reported');
    const api = check(`${HOSTILE}:api`);
    assert.equal(api?.status, 'crit');
    assert.equal(api?.summary, 'k3s-hostile: the API server sent an answer LabTray cannot read');
    assert.match(
      api?.error ?? '',
      /^context k3s-hostile: watch \/api\/v1\/pods on https:\/\/127\.0\.0\.1:\d+: a line longer than 16 MiB without a newline; stopped reading \(limit 16 MiB\)$/,
    );
    const first = hostile.watches[0];
    await until(() => first.done, 'the first hostile stream closed');
    assert.ok(first.cut && first.sent < 4 * MAX_WATCH_LINE, `the core hung up after ${first.sent} bytes of ${4 * MAX_WATCH_LINE} offered`);

    // The rest of the lab keeps working: a change in the other cluster still arrives.
    await until(() => cluster('k3s-data-1')?.mode === 'watch', 'the good cluster watched');
    setup.cluster.setNodeReady('k3s-data-1-worker-3', false);
    await until(() => cluster('k3s-data-1')?.nodes.find((n) => n.name === 'k3s-data-1-worker-3')?.ready === false, 'the good cluster\'s change seen');
    assert.equal(check(`${GOOD}:api`), undefined);
    assert.equal(lab.snapshot.sources.find((s) => s.id === GOOD)?.error, null);

    // The hostile watch is tried again later (the pause is tested with a fake clock in watch-pacing), and cut again.
    await until(() => hostile!.watches.length >= 2 && hostile!.watches[1].done, 'the hostile watch retried');
    assert.ok(hostile.watches[1].cut);
    assert.equal(check(`${HOSTILE}:api`)?.status, 'crit', 'still reported: lists answering do not make the watch good');
  });

  it('refuses a list answer past the body limit, naming the context, the request and the limit', async () => {
    hostile = await startHostileKube({ lineBytes: 4 * MAX_BODY, hostileLists: true });
    const dir = mkdtempSync(join(tmpdir(), 'labtray-hostile-'));
    const kubeconfig = writeKubeconfig(join(dir, 'kubeconfig'), [hostile.contextEntry('k3s-hostile')]);
    const transport = new HttpsTransport(contextConfig(loadKubeconfig({ configured: kubeconfig, env: {} }), 'k3s-hostile'), systemClock);
    try {
      await assert.rejects(transport.json({ path: '/api/v1/pods', query: { limit: 500 }, timeoutMs: 60_000 }), (e: Error) => {
        assert.ok(e instanceof KubeApiError && e.code === 'bad-response', e.message);
        assert.equal(e.message, `context k3s-hostile: GET /api/v1/pods on ${hostile!.url}: an answer larger than 32 MiB; stopped reading (limit 32 MiB)`);
        return true;
      });
      const w = hostile.watches.find((x) => x.list);
      await until(() => w?.done === true, 'the list answer closed');
      assert.ok(w?.cut, `the core hung up after ${w?.sent} bytes of ${4 * MAX_BODY} offered`);
    } finally {
      transport.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
