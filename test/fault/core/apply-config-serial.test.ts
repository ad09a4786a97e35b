import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LabConfig } from '../../../shared/config';
import { systemClock, type Clock } from '../../../electron/core/clock';
import { createLab } from '../../../electron/core/open-lab';
import { MemorySecretStore } from '../../../electron/core/secrets';
import type { DemoPart } from '../../../demo/demo-lab';
import { startDemo as startSshHosts } from '../../../demo/ssh/demo';
import { startDemo as startTailscaled } from '../../../demo/tailscale/demo';
import { quietLog, startFake, until, type FakeSetup } from '../../integration/kube/harness';

/** The system clock, counting the timers the core has set and not yet seen fire or cleared. */
function countingClock(): Clock & { live(): number } {
  const live = new Set<unknown>();
  return {
    now: () => systemClock.now(),
    setTimeout(fn, ms) {
      const h = systemClock.setTimeout(() => {
        live.delete(h);
        fn();
      }, ms);
      live.add(h);
      return h;
    },
    clearTimeout(h) {
      live.delete(h);
      systemClock.clearTimeout(h);
    },
    live: () => live.size,
  };
}

/** TCP connections open in this process: the core's to the simulators and the simulators' ends of them. */
const tcpSockets = (): number => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('config application is serialised and stop() leaves nothing running', () => {
  let kube: FakeSetup;
  let ssh: DemoPart;
  let tailscale: DemoPart;
  let base: LabConfig;
  before(async () => {
    [kube, ssh, tailscale] = await Promise.all([startFake(), startSshHosts(), startTailscaled()]);
    base = { ...ssh.config, ...tailscale.config, kubernetes: { kubeconfig: kube.kubeconfig, contexts: [kube.cluster.spec.name] } };
  });
  after(async () => {
    await Promise.allSettled([kube?.stop(), ssh?.stop(), tailscale?.stop()]);
  });

  const withInterval = (interval: number): LabConfig => ({
    ...base,
    kubernetes: { ...base.kubernetes, interval },
    hosts: base.hosts?.map((h) => ({ ...h, interval })),
  });

  // Saves and stop() land at different moments of a build: before it, while SSH connects, once the watches are live.
  for (const [startMs, stopMs] of [
    [0, 0],
    [40, 20],
    [150, 60],
    [400, 300],
  ]) {
    it(`two Settings saves at once (${startMs} ms after start, stop ${stopMs} ms later): one watch per kind, and after stop() no watch, connection or timer`, async () => {
      const baseline = tcpSockets();
      const clock = countingClock();
      const lab = createLab({ config: withInterval(30_000), secrets: new MemorySecretStore(), clock, log: quietLog });
      const started = lab.start();
      await sleep(startMs);
      const saves = Promise.all([lab.invoke('saveSettings', { config: withInterval(31_000) }), lab.invoke('saveSettings', { config: withInterval(32_000) })]);
      if (startMs >= 400) {
        await saves;
        assert.equal(lab.currentConfig.kubernetes?.interval, 32_000, 'the last save is the config in use');
        await until(() => kube.fake.openWatches >= 3, 'the cluster watched');
        // For 300 ms never more than one watch per kind (a watch left from a replaced config would make 4 or more);
        // a loaded machine may be between a replaced watch and its successor at any one instant, so the count settles at 3.
        let most = 0;
        for (const end = Date.now() + 300; Date.now() < end; await sleep(10)) most = Math.max(most, kube.fake.openWatches);
        assert.ok(most <= 3, `one watch per kind, none left from a replaced config (saw ${most})`);
        await until(() => kube.fake.openWatches === 3, 'one watch per kind');
      }
      await sleep(stopMs);
      await lab.stop();
      await Promise.allSettled([started, saves]);
      // A refresh asked for after stop() (a resume, a network change) must not open anything again.
      lab.refreshAll();
      lab.refreshSource(`kubernetes:${kube.cluster.spec.name}`);
      await until(() => kube.fake.openWatches === 0 && tcpSockets() === baseline, 'every watch and connection closed', 5_000).catch(() => undefined);
      assert.equal(kube.fake.openWatches, 0, 'no watch stays open after stop()');
      assert.equal(tcpSockets(), baseline, 'no connection to a simulator stays open after stop()');
      assert.equal(clock.live(), 0, 'no timer of the core is left after stop()');
    });
  }
});
