import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StepClock } from '../../helpers/fake-clock';
import { ProxmoxSource } from '../../../electron/core/proxmox/source';
import { PveSim } from '../../../demo/pve/sim';
import { guestIn, simClient, startPveLab } from '../../helpers/pve';
import { growTo } from '../../bench/pve-scale';


describe('few requests per refresh', () => {
  it('a steady refresh is one /cluster/resources; tasks, cluster status, node status, disks and backups come on their own cadence', async () => {
    const sim = await PveSim.start();
    const { client, close } = simClient(sim);
    const clock = new StepClock();
    const source = new ProxmoxSource({ name: 'home', clock, client: async () => client });
    const signal = new AbortController().signal;
    const pollAt = async (offsetMs: number): Promise<string[]> => {
      clock.offset = offsetMs;
      const first = sim.requests.length;
      await source.poll({ signal });
      return sim.requests.slice(first).map((r) => r.path);
    };
    const count = (paths: string[], re: RegExp): number => paths.filter((p) => re.test(p)).length;
    try {
      const initial = await pollAt(0);
      assert.equal(count(initial, /^\/cluster\/resources$/), 1);
      assert.equal(count(initial, /^\/cluster\/tasks$/), 1, 'the task list is read at start');
      assert.equal(count(initial, /^\/nodes\/[^/]+\/status$/), 3);
      assert.equal(count(initial, /disks\/list/), 3);

      // Ten simulated minutes at the default 10 s interval.
      let steady = 0;
      for (let i = 1; i <= 60; i++) {
        const paths = await pollAt(i * 10_000);
        const at = `poll ${i} (${i * 10} s)`;
        assert.equal(count(paths, /^\/cluster\/resources$/), 1, `${at}: one /cluster/resources`);
        assert.equal(count(paths, /^\/cluster\/tasks$/), i % 6 === 0 ? 1 : 0, `${at}: the cluster task list once a minute`);
        assert.equal(count(paths, /^\/cluster\/status$/), i % 3 === 0 ? 1 : 0, `${at}: cluster status every 30 s`);
        assert.equal(count(paths, /^\/nodes\/[^/]+\/status$/), i % 6 === 0 ? 3 : 0, `${at}: node status once a minute`);
        assert.equal(count(paths, /disks\/list/), i % 60 === 0 ? 3 : 0, `${at}: disks every 10 minutes`);
        assert.equal(count(paths, /^\/cluster\/backup$/), i % 30 === 0 ? 1 : 0, `${at}: backup jobs every 5 minutes`);
        if (i % 3 !== 0) {
          assert.deepEqual(paths, ['/cluster/resources'], `${at}: nothing else is due, so exactly one request`);
          steady++;
        }
      }
      assert.equal(steady, 40);

      // The window hidden: polls every minute, and the slower reads wait six times longer.
      const hidden: string[][] = [];
      for (let i = 1; i <= 12; i++) {
        clock.offset = 600_000 + i * 60_000;
        const first = sim.requests.length;
        await source.poll({ signal, relax: 6 });
        hidden.push(sim.requests.slice(first).map((r) => r.path));
      }
      const all = hidden.flat();
      assert.equal(count(all, /^\/cluster\/resources$/), 12);
      assert.equal(count(all, /^\/cluster\/status$/), 4, 'cluster status every 3 minutes');
      assert.equal(count(all, /^\/cluster\/tasks$/), 2, 'the task list every 6 minutes');
      assert.equal(count(all, /^\/nodes\/[^/]+\/status$/), 6, 'node status every 6 minutes');
      assert.ok(hidden.filter((p) => p.length === 1).length >= 6, 'most hidden polls are one request');
      const data = source.current();
      assert.equal(data?.disks.length, 5, 'disks kept between reads');
      assert.ok((data?.tasks.length ?? 0) > 0, 'the task list is kept between reads');
    } finally {
      await close();
      await sim.stop();
    }
  });

  it('hidden, a large cluster is read as its nodes each poll and as a whole list every few minutes, at once when a node changes or after our own action', async () => {
    const sim = await PveSim.start();
    growTo(sim, 1000);
    const { client, close } = simClient(sim);
    const clock = new StepClock();
    const source = new ProxmoxSource({ name: 'home', clock, client: async () => client });
    const signal = new AbortController().signal;
    const hiddenPoll = async (offsetMs: number): Promise<string[]> => {
      clock.offset = offsetMs;
      const first = sim.requests.length;
      await source.poll({ signal, relax: 6 });
      return sim.requests.slice(first).filter((r) => r.path === '/cluster/resources').map((r) => r.query || 'all');
    };
    try {
      assert.deepEqual(await hiddenPoll(0), ['all'], 'the first poll reads everything');
      // 1,000 guests × 300 ms: the whole list every 5 minutes, the nodes in between.
      const reads: string[] = [];
      for (let i = 1; i <= 10; i++) reads.push(...(await hiddenPoll(i * 60_000)));
      assert.deepEqual(reads, ['?type=node', '?type=node', '?type=node', '?type=node', 'all', '?type=node', '?type=node', '?type=node', '?type=node', 'all']);
      assert.equal(source.current()?.guests.length, 1000, 'the guests are kept between list reads');

      sim.setNodeOnline('s500plus', false);
      assert.deepEqual(await hiddenPoll(11 * 60_000), ['?type=node', 'all'], 'a node that went down: the list is read in the same poll');
      const data = source.current()!;
      assert.equal(data.nodes.find((n) => n.name === 's500plus')?.status, 'offline');
      const onIt = data.guests.filter((g) => g.node === 's500plus');
      assert.ok(onIt.length > 0 && onIt.every((g) => g.status === 'unknown'), 'its guests are unknown');
      assert.ok(source.checks(data, new Date(0).toISOString()).some((c) => c.id === 'proxmox:home:node:s500plus' && c.status === 'crit'), 'the node is reported down');
      assert.deepEqual(await hiddenPoll(12 * 60_000), ['?type=node'], 'then back to nodes only');

      source.invalidateGuests();
      assert.deepEqual(await hiddenPoll(13 * 60_000), ['all'], 'after our own action, the whole list at once');
      assert.deepEqual(await hiddenPoll(13 * 60_000 + 10_000), ['?type=node']);
      clock.offset = 14 * 60_000;
      await source.poll({ signal });
      assert.equal(sim.requests.at(-1)?.query, '', 'with the window open every poll reads the whole list');
    } finally {
      await close();
      await sim.stop();
    }
  });

  it('after one of our own tasks ends, the next refresh re-reads the task list once', async () => {
    const sim = await PveSim.start();
    const { client, close } = simClient(sim);
    const clock = new StepClock();
    const source = new ProxmoxSource({ name: 'home', clock, client: async () => client });
    const signal = new AbortController().signal;
    const tasksRead = async (offsetMs: number): Promise<number> => {
      clock.offset = offsetMs;
      const first = sim.requests.length;
      await source.poll({ signal });
      return sim.requests.slice(first).filter((r) => r.path === '/cluster/tasks').length;
    };
    try {
      assert.equal(await tasksRead(0), 1);
      assert.equal(await tasksRead(10_000), 0);
      source.invalidateTasks();
      assert.equal(await tasksRead(20_000), 1, 'read at once, not at the next minute');
      assert.equal(await tasksRead(40_000), 0, 'then back to its cadence');
      assert.equal(await tasksRead(80_000), 1, 'a minute after the last read');
    } finally {
      await close();
      await sim.stop();
    }
  });

  it('a task list that could not be re-read is tried again on the next refresh', async () => {
    const sim = await PveSim.start();
    const { client, close } = simClient(sim);
    const clock = new StepClock();
    const source = new ProxmoxSource({ name: 'home', clock, client: async () => client });
    const signal = new AbortController().signal;
    const tasksRead = async (offsetMs: number): Promise<number> => {
      clock.offset = offsetMs;
      const first = sim.requests.length;
      await source.poll({ signal });
      return sim.requests.slice(first).filter((r) => r.path === '/cluster/tasks').length;
    };
    try {
      assert.equal(await tasksRead(0), 1);
      source.invalidateTasks();
      sim.fault({ kind: 'status', status: 503, reason: 'Service Unavailable' }, { path: /^\/cluster\/tasks$/, times: 1 });
      assert.equal(await tasksRead(10_000), 1);
      assert.equal(await tasksRead(20_000), 1, 'the failed read is tried again');
      assert.equal(await tasksRead(30_000), 0);
    } finally {
      await close();
      await sim.stop();
    }
  });

  it('a guest start from LabTray shows in the cluster task list as soon as it ends', async () => {
    // The task list's cadence (a minute) is longer than the test: only the end of our own task can cause the re-read.
    const { sim, lab, stop } = await startPveLab();
    try {
      await lab.pollOnce();
      const before = sim.requests.filter((r) => r.path === '/cluster/tasks').length;
      const [ref] = await lab.invoke('guestAction', { cluster: 'home', vmids: [101], action: 'start' });
      const t = await lab.tasks.wait(ref.taskId);
      assert.equal(t.state, 'ok', t.message ?? '');
      // The task's end asked for a re-read before it was reported, so one of these two polls makes it.
      await lab.pollOnce();
      const s = await lab.pollOnce();
      assert.equal(s.proxmox[0].tasks.find((k) => k.upid === t.upid)?.status, 'OK', 'our ended task is in the cluster list');
      assert.equal(guestIn(s, 101).status, 'running');
      assert.ok(sim.requests.filter((r) => r.path === '/cluster/tasks').length > before, 'the task list was read again');
    } finally {
      await stop();
    }
  });
});
