import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HostState } from '../../../shared/hosts';
import type { IntegrationFactory } from '../../../electron/core/lab/integration';
import { Lab } from '../../../electron/core/lab/lab';
import { MemorySecretStore } from '../../../electron/core/secrets';
import type { PollContext, Source } from '../../../electron/core/lab/source';
import { FakeClock } from '../../helpers/fake-clock';

const INTERVAL = 10_000;
const TIMEOUT = 3_000;
const HOURS = 3_600_000;

/**
 * The network as the laptop sees it. A sleep or a Wi-Fi change leaves every
 * open connection half-open: requests on it are never answered.
 */
class Network {
  generation = 0;
  up = true;
  change(): void {
    this.generation++;
  }
}

/** A host reached over one kept-open connection, like an SSH or HTTP keep-alive client. */
class HostLink {
  connects = 0;
  polls = 0;
  private conn: { generation: number } | null = null;
  constructor(
    readonly name: string,
    private readonly net: Network,
  ) {}

  source(): Source<'host'> {
    return {
      id: `host:${this.name}`,
      kind: 'host',
      name: this.name,
      intervalMs: INTERVAL,
      timeoutMs: TIMEOUT,
      placeholder: () => ({ ...state(this.name), reachable: false }),
      poll: (ctx) => this.poll(ctx),
      checks: () => [],
    };
  }

  private async poll({ signal }: PollContext): Promise<HostState> {
    this.polls++;
    if (!this.net.up) throw new Error(`${this.name}: connect ENETUNREACH`);
    if (!this.conn) {
      this.conn = { generation: this.net.generation };
      this.connects++;
    }
    if (this.conn.generation !== this.net.generation) {
      // Half-open after sleep: nothing comes back; only the abort ends the wait.
      await new Promise<never>((_, reject) =>
        signal.addEventListener('abort', () => {
          this.conn = null;
          reject(signal.reason instanceof Error ? signal.reason : new Error(String(signal.reason)));
        }, { once: true }),
      );
    }
    return state(this.name);
  }
}

function state(name: string): HostState {
  return { name, address: '127.0.0.1', reachable: true, via: 'ssh', hostKey: null, uptimeSeconds: 100, load: [0.1, 0.1, 0.1], cores: 4, memUsed: 1, memTotal: 2, checks: [], wakeable: false };
}

function labFor(links: HostLink[], clock: FakeClock): Lab {
  const factory: IntegrationFactory = () => ({ kind: 'ssh', sources: links.map((l) => l.source()) });
  return new Lab({ config: {}, factories: [factory], secrets: new MemorySecretStore(), clock });
}

function fresh(lab: Lab, id: string): boolean {
  const m = lab.snapshot.sources.find((s) => s.id === id);
  return !!m && m.error === null && !m.stale && m.updatedAt !== null;
}

describe('laptop sleep, resume and network change', () => {
  it('sets no timer and polls nothing while asleep, then polls at once on resume', async () => {
    const clock = new FakeClock();
    const net = new Network();
    const links = [new HostLink('orangepi5', net), new HostLink('nas', net)];
    const lab = labFor(links, clock);
    await lab.start();
    await clock.advance(0);
    const before = links.map((l) => l.polls);

    lab.setPollFlags({ sleeping: true });
    assert.equal(clock.pending, 0, 'no timer left to wake the laptop');
    await clock.advance(0);
    assert.equal(lab.snapshot.paused, true, 'the snapshot says so');
    await clock.advance(8 * HOURS);
    assert.deepEqual(links.map((l) => l.polls), before, 'nothing polled during the night');

    lab.setPollFlags({ sleeping: false });
    await clock.advance(0);
    assert.deepEqual(links.map((l) => l.polls), before.map((n) => n + 1), 'each source polled once right away');
    assert.equal(lab.snapshot.paused, false);
    await lab.stop();
  });

  it('aborts a poll that was in flight when the lid closed, and recovers after resume', async () => {
    const clock = new FakeClock();
    const net = new Network();
    const nas = new HostLink('nas', net);
    const lab = labFor([nas], clock);
    await lab.start();
    await clock.advance(0);
    net.change();
    await clock.advance(INTERVAL); // this poll hangs on the half-open connection
    lab.setPollFlags({ sleeping: true });
    await clock.advance(0);
    assert.equal(clock.pending, 0, 'the hung poll and its timeout are gone');
    await clock.advance(2 * HOURS);

    lab.setPollFlags({ sleeping: false });
    await clock.advance(0);
    assert.ok(fresh(lab, 'host:nas'), 'the aborted poll dropped its connection, the resume poll opened a new one');
    assert.equal(nas.connects, 2);
    await lab.stop();
  });

  it('recovers from connections that died in sleep: the refresh after resume times out, reconnects and shows fresh data', async () => {
    const clock = new FakeClock();
    const net = new Network();
    const links = [new HostLink('orangepi5', net), new HostLink('gtr5', net)];
    const lab = labFor(links, clock);
    await lab.start();
    await clock.advance(0);

    lab.setPollFlags({ sleeping: true });
    net.change();
    await clock.advance(6 * HOURS);
    lab.setPollFlags({ sleeping: false });
    lab.refreshAll();
    await clock.advance(0);
    assert.ok(lab.snapshot.hosts.every((h) => h.reachable), 'the last good data stays on screen meanwhile');

    await clock.advance(TIMEOUT);
    for (const l of links) {
      const meta = lab.snapshot.sources.find((s) => s.id === `host:${l.name}`);
      assert.match(meta?.error ?? '', /no answer within 3 s/, 'the user sees why it is old');
      assert.equal(meta?.stale, true);
    }
    // One backoff step later every source has reconnected.
    await clock.advance(2 * INTERVAL);
    for (const l of links) assert.ok(fresh(lab, `host:${l.name}`), `${l.name} recovered`);
    assert.deepEqual(links.map((l) => l.connects), [2, 2]);
    await lab.stop();
  });

  it('polls at once on a network change instead of waiting out the backoff, and then returns to the normal interval', async () => {
    const clock = new FakeClock();
    const net = new Network();
    const nas = new HostLink('nas', net);
    const lab = labFor([nas], clock);
    await lab.start();
    net.up = false; // hotel Wi-Fi without a route home
    await clock.advance(0);
    await clock.advance(2 * INTERVAL);
    await clock.advance(4 * INTERVAL);
    assert.equal(nas.polls, 3, 'backing off: 2, then 4 intervals');
    assert.match(lab.snapshot.sources[0].error ?? '', /ENETUNREACH/);

    net.up = true;
    net.change();
    lab.refreshAll(); // the shell's network-change handler
    await clock.advance(0);
    assert.equal(nas.polls, 4);
    assert.ok(fresh(lab, 'host:nas'));
    await clock.advance(INTERVAL);
    assert.equal(nas.polls, 5, 'the backoff was reset by the success');
    await lab.stop();
  });

  it('resumes from a user pause through the API exactly like from sleep', async () => {
    const clock = new FakeClock();
    const net = new Network();
    const nas = new HostLink('nas', net);
    const lab = labFor([nas], clock);
    await lab.start();
    await clock.advance(0);
    await lab.invoke('setPaused', { paused: true });
    await lab.invoke('setWindowVisible', { visible: true }); // opening the window does not unpause
    await clock.advance(HOURS);
    assert.equal(nas.polls, 1);
    assert.equal(lab.pollMode, 'paused');
    await lab.invoke('setPaused', { paused: false });
    await clock.advance(0);
    assert.equal(nas.polls, 2);
    await lab.stop();
  });
});
