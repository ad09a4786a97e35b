import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startDemo } from '../../../demo/pve/demo';
import { PveSim } from '../../../demo/pve/sim';
import { resources } from '../../../demo/pve/views';
import { simClient } from '../../helpers/pve';

type NodeRow = { node: string; mem: number; maxmem: number };
const node = (sim: PveSim, name: string): NodeRow => resources(sim, 'root@pam', 'node').find((n) => (n as NodeRow).node === name) as NodeRow;

/** Starts a guest through the API and waits for its task to end; the task's exit status. */
async function start(sim: PveSim, nodeName: string, vmid: number): Promise<string> {
  const { client, close } = simClient(sim);
  try {
    const upid = (await client.request('POST', `/nodes/${nodeName}/qemu/${vmid}/status/start`)) as string;
    for (;;) {
      const t = sim.task(upid);
      if (t?.exitstatus) return t.exitstatus;
      await new Promise((r) => setTimeout(r, 5));
    }
  } finally {
    await close();
  }
}

describe('the simulated nodes never go past 100 % memory', () => {
  let sim: PveSim;
  before(async () => {
    sim = await PveSim.start({ speed: 0.02 });
    // um560 with 24 GB instead of 32: what runs on it leaves less room than win2022's 8 GB.
    sim.nodes.get('um560')!.memGiB = 24;
  });
  after(() => sim.stop());

  it('refuses a start that does not fit, like QEMU, and the guest stays stopped', async () => {
    const before = node(sim, 'um560');
    assert.equal(await start(sim, 'um560', 101), 'start failed: QEMU exited with code 1');
    assert.equal(sim.guest(101).status, 'stopped');
    // Uptime ticks on with the clock (a loaded machine crosses a second in between): the memory and the rest must not move.
    const { uptime: _before, ...beforeRest } = before as NodeRow & { uptime?: number };
    const { uptime: _after, ...afterRest } = node(sim, 'um560') as NodeRow & { uptime?: number };
    assert.deepEqual(afterRest, beforeRest);
    assert.match(sim.tasks.at(-1)!.log.join('\n'), /kvm: cannot set up guest memory 'pc\.ram': Cannot allocate memory \(8 GiB asked, [\d.]+ GiB free on um560\)/);
  });

  it('of two starts at once that fit only one at a time, one succeeds', async () => {
    sim.guest(106).status = 'stopped'; // frees room on um560 for win2022 or k3s-data-1-worker-1, not both
    sim.guest(106).startedAt = null;
    const [a, b] = await Promise.all([start(sim, 'um560', 101), start(sim, 'um560', 106)]);
    assert.deepEqual([a, b].sort(), ['OK', 'start failed: QEMU exited with code 1']);
    const n = node(sim, 'um560');
    assert.ok(n.mem <= n.maxmem, `${n.mem} of ${n.maxmem}`);
  });
});

describe('the demo cluster’s state between runs', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'labtray-demo-state-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps power states, backups and storage use from one run to the next', async () => {
    const statePath = join(dir, 'a', 'pve-state.json');
    const first = await startDemo({ speed: 0.02, statePath });
    first.sim.guest(124).status = 'running';
    const backups = first.sim.backups.length;
    first.sim.backups.push({ ...first.sim.backups[0], volid: 'nas-backup:backup/vzdump-qemu-111-2026_12_03-20_00_00.vma.zst', vmid: 111, ctime: 1_800_000_000, storage: 'nas-backup' });
    first.sim.storages.find((s) => s.storage === 'nas-backup')!.usedBytes += 1234;
    const used = first.sim.storages.find((s) => s.storage === 'nas-backup')!.usedBytes;
    await first.stop();
    const second = await startDemo({ speed: 0.02, statePath });
    try {
      assert.equal(second.sim.guest(124).status, 'running');
      assert.equal(second.sim.backups.length, backups + 1);
      assert.ok(second.sim.backups.some((b) => b.vmid === 111 && b.ctime === 1_800_000_000));
      assert.equal(second.sim.storages.find((s) => s.storage === 'nas-backup')!.usedBytes, used);
    } finally {
      await second.stop();
    }
  });

  it('never restores a node past 100 % memory, whatever the state file says', async () => {
    const statePath = join(dir, 'b', 'pve-state.json');
    const first = await startDemo({ speed: 0.02, statePath });
    await first.stop();
    const saved = JSON.parse(readFileSync(statePath, 'utf8')) as { guests: Record<string, string> };
    for (const k of Object.keys(saved.guests)) saved.guests[k] = 'running';
    writeFileSync(statePath, JSON.stringify(saved));
    const second = await startDemo({ speed: 0.02, statePath });
    try {
      for (const n of ['um560', 's500plus', 'gtr5']) {
        const row = node(second.sim, n);
        assert.ok(row.mem <= row.maxmem, `${n}: ${row.mem} of ${row.maxmem}`);
      }
      assert.equal(second.sim.guest(9000).status, 'stopped', 'a template never runs');
    } finally {
      await second.stop();
    }
  });

  it('starts from the reference lab when the state file is not what it expects', async () => {
    const statePath = join(dir, 'c', 'pve-state.json');
    const first = await startDemo({ speed: 0.02, statePath });
    const reference = first.sim.backups.length;
    await first.stop();
    writeFileSync(statePath, JSON.stringify({ guests: { 101: 'exploded' }, backups: [{ volid: 1 }], storages: { 'um560/nas-backup': -5 } }));
    const second = await startDemo({ speed: 0.02, statePath });
    try {
      assert.equal(second.sim.guest(101).status, 'stopped');
      assert.equal(second.sim.backups.length, reference, 'a backup list that is not one is ignored as a whole');
      assert.ok(second.sim.storages.find((s) => s.storage === 'nas-backup')!.usedBytes > 0, 'a negative storage use is ignored');
    } finally {
      await second.stop();
    }
  });
});
