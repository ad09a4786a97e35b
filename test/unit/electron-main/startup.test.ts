import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HostState } from '../../../shared/hosts';
import type { IntegrationFactory } from '../../../electron/core/lab/integration';
import { Lab } from '../../../electron/core/lab/lab';
import { MemorySecretStore } from '../../../electron/core/secrets';
import type { Source } from '../../../electron/core/lab/source';
import { FakeClock } from '../../helpers/fake-clock';

const orangepi = (reachable: boolean): HostState => ({ name: 'orangepi5', address: '127.0.0.1', reachable, via: 'ssh', hostKey: null, uptimeSeconds: 1, load: [0, 0, 0], cores: 8, memUsed: 1, memTotal: 2, checks: [], wakeable: false });

/** A host read once a minute; counts its polls. */
function lab(clock: FakeClock): { lab: Lab; polls: () => number } {
  let polls = 0;
  const source: Source<'host'> = {
    id: 'host:orangepi5', kind: 'host', name: 'orangepi5', intervalMs: 60_000, timeoutMs: 5_000,
    placeholder: () => orangepi(false),
    poll: async () => (polls++, orangepi(true)),
    checks: () => [],
  };
  const factory: IntegrationFactory = () => ({ kind: 'ssh', sources: [source] });
  return { lab: new Lab({ config: {}, factories: [factory], secrets: new MemorySecretStore(), clock }), polls: () => polls };
}

describe('startup', () => {
  it('the window opening right after start (fast mode) does not push the first live poll back by an interval', async () => {
    const clock = new FakeClock();
    const l = lab(clock);
    l.lab.setPollFlags({ windowVisible: false });
    await l.lab.start();
    l.lab.setPollFlags({ windowVisible: true });
    await clock.advance(0);
    assert.equal(l.polls(), 1);
    assert.equal(l.lab.snapshot.hosts[0]?.reachable, true);
    await l.lab.stop();
  });

  it('after the first poll, a mode change waits for the interval as before', async () => {
    const clock = new FakeClock();
    const l = lab(clock);
    await l.lab.start();
    await clock.advance(0);
    l.lab.setPollFlags({ windowVisible: false });
    l.lab.setPollFlags({ windowVisible: true });
    await clock.advance(1_000);
    assert.equal(l.polls(), 1);
    await clock.advance(60_000);
    assert.equal(l.polls(), 2);
    await l.lab.stop();
  });
});
