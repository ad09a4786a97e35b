import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Clock } from '../../../electron/core/clock';
import { ProxmoxSource } from '../../../electron/core/proxmox/source';
import { PveSim } from '../../sim/pve/sim';
import { simClient } from '../../helpers/pve';

class StepClock implements Clock {
  offset = 0;
  now(): number {
    return Date.now() + this.offset;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    return setTimeout(fn, ms);
  }
  clearTimeout(h: unknown): void {
    clearTimeout(h as ReturnType<typeof setTimeout>);
  }
}

describe('few requests per refresh', () => {
  it('reads /cluster/resources and tasks every poll, node status, disks and backups only on their slower cadence', async () => {
    const sim = await PveSim.start();
    const { client, close } = simClient(sim);
    const clock = new StepClock();
    const source = new ProxmoxSource({ name: 'home', clock, client: async () => client });
    const signal = new AbortController().signal;
    const count = (re: RegExp): number => sim.requests.filter((r) => re.test(r.path)).length;
    try {
      await source.poll({ signal });
      assert.equal(count(/^\/nodes\/[^/]+\/status$/), 3);
      assert.equal(count(/disks\/list/), 3);
      const first = sim.requests.length;
      await source.poll({ signal });
      assert.deepEqual(sim.requests.slice(first).map((r) => r.path).sort(), ['/cluster/resources', '/cluster/tasks']);
      clock.offset = 61_000;
      await source.poll({ signal });
      assert.equal(count(/^\/nodes\/[^/]+\/status$/), 6, 'node status again after a minute');
      assert.equal(count(/disks\/list/), 3, 'disks not yet');
      clock.offset = 11 * 60_000;
      const data = await source.poll({ signal });
      assert.equal(count(/disks\/list/), 6);
      assert.equal(data.disks.length, 5, 'disks kept between reads');
    } finally {
      await close();
      await sim.stop();
    }
  });
});
