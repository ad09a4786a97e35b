import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LabError } from '../../../shared/api';
import type { LabConfig } from '../../../shared/config';
import type { HostState } from '../../../shared/hosts';
import type { Snapshot } from '../../../shared/snapshot';
import type { IntegrationFactory } from '../../../electron/core/lab/integration';
import { Lab } from '../../../electron/core/lab/lab';
import { MemorySecretStore } from '../../../electron/core/secrets';
import type { PollContext, Source } from '../../../electron/core/lab/source';
import { FakeClock, settle } from '../../helpers/fake-clock';

function host(name: string, reachable = true): HostState {
  return { name, address: null, reachable, via: 'ssh', hostKey: null, uptimeSeconds: 1, load: [0, 0, 0], cores: 4, memUsed: 1, memTotal: 2, checks: [], wakeable: false };
}

type Poll = (ctx: PollContext) => Promise<HostState>;

function hostSource(name: string, poll: Poll, intervalMs = 1000, timeoutMs = 500): Source<'host'> {
  return {
    id: `host:${name}`,
    kind: 'host',
    name,
    intervalMs,
    timeoutMs,
    placeholder: () => host(name, false),
    poll,
    checks: (d, at) => [{ id: `host:${name}:up`, source: `host:${name}`, status: d.reachable ? 'ok' : 'crit', summary: `${name} ${d.reachable ? 'up' : 'down'}`, observedAt: at }],
  };
}

function labWith(sources: Source<'host'>[], clock = new FakeClock(), extra: Partial<ConstructorParameters<typeof Lab>[0]> = {}): Lab {
  const factory: IntegrationFactory = () => ({ kind: 'ssh', sources });
  return new Lab({ config: {}, factories: [factory], secrets: new MemorySecretStore(), clock, ...extra });
}

describe('Lab', () => {
  it('saves favourites and language in the config and publishes them at once, without rebuilding a source', async () => {
    const clock = new FakeClock();
    let polls = 0;
    let built = 0;
    const saved: unknown[] = [];
    const source = hostSource('orangepi5', async () => (polls++, host('orangepi5')));
    const factory: IntegrationFactory = () => (built++, { kind: 'ssh', sources: [source] });
    const lab = new Lab({ config: { ui: { quietHours: { from: '20:00', to: '01:00' } } }, factories: [factory], secrets: new MemorySecretStore(), clock, saveConfig: async (c) => void saved.push(c) });
    await lab.start();
    await clock.advance(0);
    const seen: Snapshot[] = [];
    lab.on('snapshot', (s) => seen.push(s));
    await lab.invoke('savePrefs', { favourites: ['home/101'], language: 'zh-CN' });
    assert.deepEqual(seen.at(-1)?.prefs, { favourites: ['home/101'], favouriteTag: 'labtray', language: 'zh-CN', theme: 'system' });
    assert.deepEqual(saved, [{ ui: { quietHours: { from: '20:00', to: '01:00' }, favourites: ['home/101'], language: 'zh-CN' } }], 'the rest of ui is kept');
    assert.equal(built, 1, 'a preference does not rebuild the integrations');
    assert.equal(polls, 1);
    await assert.rejects(lab.invoke('savePrefs', { favourites: ['101; reboot'] }), /favourites.0: must be cluster\/vmid/);
    await lab.stop();
  });

  it('keeps both of two preferences saved at once, however slow the disk', async () => {
    const clock = new FakeClock();
    const written: LabConfig[] = [];
    let release: () => void = () => undefined;
    const slowDisk = new Promise<void>((r) => (release = r));
    const lab = new Lab({ config: {}, factories: [], secrets: new MemorySecretStore(), clock, saveConfig: async (c) => (written.push(c), slowDisk) });
    await lab.start();
    const star = lab.invoke('savePrefs', { favourites: ['home/101'] });
    const chinese = lab.invoke('savePrefs', { language: 'zh-CN' });
    await settle();
    assert.equal(written.length, 1, 'the second edit waits for the first to be saved');
    release();
    await Promise.all([star, chinese]);
    assert.deepEqual(written.at(-1), { ui: { favourites: ['home/101'], language: 'zh-CN' } });
    assert.deepEqual(lab.snapshot.prefs, { favourites: ['home/101'], favouriteTag: 'labtray', language: 'zh-CN', theme: 'system' });
    await lab.stop();
  });

  it('owns the poll mode: the window, sleep, quiet mode and the pause combine in the core', async () => {
    const lab = labWith([hostSource('orangepi5', async () => host('orangepi5'))]);
    await lab.start();
    assert.equal(lab.pollMode, 'fast', 'the CLI and a preview page count as someone looking');
    await lab.invoke('setWindowVisible', { visible: false });
    assert.equal(lab.pollMode, 'slow');
    await lab.invoke('setPaused', { paused: true });
    await lab.invoke('setWindowVisible', { visible: true });
    assert.equal(lab.pollMode, 'paused', 'showing the window does not undo the pause');
    await lab.invoke('setPaused', { paused: false });
    assert.equal(lab.pollMode, 'fast');
    lab.setPollFlags({ quiet: true });
    assert.equal(lab.pollMode, 'slow', 'quiet mode slows polling even with the window open');
    lab.setPollFlags({ sleeping: true, quiet: false });
    assert.equal(lab.pollMode, 'paused');
    await settle();
    assert.equal(lab.snapshot.paused, true);
    await lab.stop();
  });

  it('publishes a live host while another host never answers, and reports the dead one when its timeout passes', async () => {
    const clock = new FakeClock();
    const lab = labWith([hostSource('orangepi5', async () => host('orangepi5')), hostSource('rockpi5a', () => new Promise(() => undefined))], clock);
    const seen: Snapshot[] = [];
    lab.on('snapshot', (s) => seen.push(s));
    await lab.start();
    await clock.advance(0);
    const early = lab.snapshot;
    assert.equal(early.hosts.find((h) => h.name === 'orangepi5')?.reachable, true);
    assert.equal(early.sources.find((s) => s.id === 'host:rockpi5a')?.error, null, 'the dead host is still pending, not failed');
    await clock.advance(500);
    const later = lab.snapshot;
    const dead = later.sources.find((s) => s.id === 'host:rockpi5a');
    assert.match(dead?.error ?? '', /no answer within 0.5 s/);
    assert.equal(later.status, 'crit');
    assert.ok(later.checks.some((c) => c.id === 'host:rockpi5a:source' && c.status === 'crit'));
    assert.ok(seen.length >= 2);
    await lab.stop();
  });

  it('a source whose rules throw shows one critical check naming it; the others keep theirs and it is judged again next time', async () => {
    const clock = new FakeClock();
    const errors: string[] = [];
    let broken = true;
    const buggy: Source<'host'> = {
      ...hostSource('rockpi5a', async () => host('rockpi5a')),
      checks: (d, at) => {
        if (broken) throw new TypeError("Cannot read properties of undefined (reading 'smart')");
        return [{ id: 'host:rockpi5a:up', source: 'host:rockpi5a', status: d.reachable ? 'ok' : 'crit', summary: 'rockpi5a up', observedAt: at }];
      },
    };
    const lab = labWith([hostSource('orangepi5', async () => host('orangepi5')), buggy], clock, { log: { info: () => undefined, warn: () => undefined, error: (m) => errors.push(m) } });
    await lab.start();
    await clock.advance(0);
    const snap = lab.snapshot;
    const internal = snap.checks.find((c) => c.id === 'host:rockpi5a:internal');
    assert.equal(internal?.status, 'crit');
    assert.match(internal?.summary ?? '', /rockpi5a: LabTray could not judge what it read .*reading 'smart'/);
    assert.ok(snap.checks.some((c) => c.id === 'host:orangepi5:up' && c.status === 'ok'), 'the other host is still judged');
    assert.ok(errors.some((e) => e.includes('TypeError')), 'the stack is logged');
    broken = false;
    await clock.advance(1000);
    assert.ok(!lab.snapshot.checks.some((c) => c.id.endsWith(':internal')));
    assert.ok(lab.snapshot.checks.some((c) => c.id === 'host:rockpi5a:up'));
    await lab.stop();
  });

  it('keeps the last good data, marked stale, when a poll fails', async () => {
    const clock = new FakeClock();
    let fail = false;
    const lab = labWith([hostSource('orangepi5', async () => {
      if (fail) throw new Error('connection refused');
      return host('orangepi5');
    })], clock);
    await lab.start();
    await clock.advance(0);
    fail = true;
    await clock.advance(1000);
    const meta = lab.snapshot.sources[0];
    assert.equal(meta.stale, true);
    assert.equal(meta.error, 'connection refused');
    assert.equal(lab.snapshot.hosts[0].reachable, true, 'last good data still shown');
    assert.ok(lab.snapshot.checks.some((c) => c.status === 'warn' && /stale: connection refused/.test(c.summary)));
    await lab.stop();
  });

  it('backs off after failures and never overlaps polls', async () => {
    const clock = new FakeClock();
    let calls = 0;
    let running = 0;
    let maxRunning = 0;
    const lab = labWith([hostSource('nas', async () => {
      calls++;
      running++;
      maxRunning = Math.max(maxRunning, running);
      await Promise.resolve();
      running--;
      throw new Error('down');
    }, 1000, 500)], clock);
    await lab.start();
    await clock.advance(0);
    assert.equal(calls, 1);
    await clock.advance(1999);
    assert.equal(calls, 1, 'after one failure the next poll waits 2 intervals');
    await clock.advance(1);
    assert.equal(calls, 2);
    await clock.advance(4000);
    assert.equal(calls, 3, 'then 4 intervals');
    lab.refreshAll();
    lab.refreshAll();
    lab.refreshAll();
    await settle();
    assert.equal(calls, 5, 'a refresh polls at once; refreshes asked for while it runs make one more poll after it, never an overlapping one');
    assert.equal(maxRunning, 1);
    await lab.stop();
  });

  it('stretches intervals while the window is hidden and stops polling while paused', async () => {
    const clock = new FakeClock();
    let calls = 0;
    const lab = labWith([hostSource('nas', async () => {
      calls++;
      return host('nas');
    })], clock, { slowFactor: 5 });
    await lab.start();
    await clock.advance(0);
    await lab.invoke('setWindowVisible', { visible: false });
    await clock.advance(4999);
    assert.equal(calls, 1);
    await clock.advance(1);
    assert.equal(calls, 2);
    await lab.invoke('setPaused', { paused: true });
    await settle();
    assert.equal(lab.snapshot.paused, true);
    await clock.advance(60_000);
    assert.equal(calls, 2, 'nothing polls while paused');
    await lab.invoke('setPaused', { paused: false });
    await clock.advance(0);
    assert.equal(calls, 3, 'resuming polls at once');
    await lab.stop();
  });

  it('polls a watched source as a safety net: stretched with the window open, further while hidden; tells the source how relaxed it may be', async () => {
    const clock = new FakeClock();
    const relaxes: number[] = [];
    const watched: Source<'host'> = {
      ...hostSource('nas', async (ctx) => {
        relaxes.push(ctx.relax ?? 1);
        return host('nas');
      }),
      watch: (push) => {
        push(host('nas'));
        return () => undefined;
      },
    };
    const lab = labWith([watched], clock, { slowFactor: 5 });
    await lab.start();
    await clock.advance(0);
    assert.deepEqual(relaxes, [1]);
    await clock.advance(5 * 1000);
    assert.deepEqual(relaxes, [1, 1], 'window open: every interval × 5');
    await lab.invoke('setWindowVisible', { visible: false });
    await clock.advance(5 * 1000 * 3 - 1);
    assert.equal(relaxes.length, 2);
    await clock.advance(1);
    assert.deepEqual(relaxes, [1, 1, 5], 'hidden: × 5 × 3, and the source may relax its own slower reads 5 times');
    await lab.stop();
  });

  it('makes immutable snapshots with rising versions', async () => {
    const clock = new FakeClock();
    const lab = labWith([hostSource('nas', async () => host('nas'))], clock);
    await lab.start();
    await clock.advance(0);
    const a = lab.snapshot;
    await clock.advance(1000);
    const b = lab.snapshot;
    assert.ok(b.version > a.version);
    assert.ok(Object.isFrozen(a));
    assert.throws(() => {
      (a as { status: string }).status = 'ok';
    });
    await lab.stop();
  });

  it('rejects an invalid input with an error that names the field', async () => {
    const lab = labWith([]);
    await assert.rejects(lab.invoke('guestAction', { cluster: 'home', vmids: [101], action: 'rm -rf /' }), (e: unknown) => e instanceof LabError && e.code === 'invalid-input' && /guestAction: action/.test(e.message));
    await assert.rejects(lab.invoke('wake', { host: 'orangepi5; reboot' }), /wake: host: must be a plain name/);
    await assert.rejects(lab.invoke('guestAction', { cluster: 'home', vmids: [101], action: 'start' }), /nothing in the config can do this/);
  });

  it('does not run the same guest action twice at once', async () => {
    const lab = labWith([]);
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const spec = { kind: 'guest' as const, action: 'start', target: '101 (openwrt)', targetRef: 'guest:home/101', lockKey: 'guest:home/101' };
    const ref = lab.tasks.start(spec, async () => {
      await gate;
      return 'OK';
    });
    assert.throws(() => lab.tasks.start(spec, async () => 'OK'), /already running/);
    release();
    const done = await lab.tasks.wait(ref.taskId, 1);
    assert.equal(done.state, 'ok');
    assert.equal(done.message, 'OK');
    const again = lab.tasks.start(spec, async () => {
      throw new Error('VM 101 is locked (backup)');
    });
    const failed = await lab.tasks.wait(again.taskId, 1);
    assert.equal(failed.state, 'error');
    assert.equal(failed.message, 'VM 101 is locked (backup)');
  });

  it('refreshes the source a task names when the task ends', async () => {
    const clock = new FakeClock();
    let calls = 0;
    const lab = labWith([hostSource('nas', async () => {
      calls++;
      return host('nas');
    }, 60_000)], clock);
    await lab.start();
    await clock.advance(0);
    assert.equal(calls, 1);
    const ref = lab.tasks.start({ kind: 'wake', action: 'wake', target: 'nas', targetRef: 'host:nas', refreshSource: 'host:nas' }, async () => 'up after 12 s');
    await settle();
    assert.equal(lab.tasks.get(ref.taskId)?.state, 'ok');
    assert.equal(calls, 2);
    await lab.stop();
  });

  it('shows a host once: SSH findings while SSH reaches it, metrics findings when it does not', async () => {
    const clock = new FakeClock();
    const ssh = hostSource('um560', async () => host('um560'));
    const metrics: Source<'metrics'> = {
      id: 'metrics', kind: 'metrics', name: 'metrics', intervalMs: 1000, timeoutMs: 500,
      placeholder: () => [],
      poll: async () => [{ ...host('um560'), via: 'metrics', checks: [{ id: 'metrics:host:um560:load', source: 'metrics', target: 'host:um560', status: 'warn', summary: 'um560: load 9.1 on 12 cores', observedAt: '' }] }],
      checks: (d, at) => d.flatMap((h) => h.checks.map((c) => ({ ...c, observedAt: at }))),
    };
    const lab = new Lab({ config: {}, factories: [() => ({ kind: 'ssh', sources: [ssh] }), () => ({ kind: 'metrics', sources: [metrics] })], secrets: new MemorySecretStore(), clock });
    await lab.start();
    await clock.advance(0);
    assert.equal(lab.snapshot.hosts.length, 1);
    assert.equal(lab.snapshot.hosts[0].via, 'ssh');
    assert.ok(!lab.snapshot.checks.some((c) => c.source === 'metrics'), 'the metrics copy is dropped while SSH answers');
    // A host SSH never reached is covered by metrics.
    const fresh = new Lab({ config: {}, factories: [() => ({ kind: 'ssh', sources: [{ ...ssh, id: 'host:um560', poll: async () => { throw new Error('refused'); } }] }), () => ({ kind: 'metrics', sources: [metrics] })], secrets: new MemorySecretStore(), clock });
    await fresh.start();
    await clock.advance(0);
    assert.equal(fresh.snapshot.hosts[0].via, 'metrics');
    assert.ok(fresh.snapshot.checks.some((c) => c.id === 'metrics:host:um560:load' && c.status === 'warn'));
    await lab.stop();
    await fresh.stop();
  });
});
