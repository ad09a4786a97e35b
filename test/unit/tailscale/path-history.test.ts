import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Lab } from '../../../electron/core/lab/lab';
import type { Source } from '../../../electron/core/lab/source';
import { MemorySecretStore } from '../../../electron/core/secrets';
import { MAX_PATH_EVENTS, PATH_HISTORY_MS, pathStory, recordPaths, type PathHistory } from '../../../shared/path-history';
import { emptySnapshot, type Snapshot } from '../../../shared/snapshot';
import type { TailscalePeer, TailscaleStatus } from '../../../shared/tailscale';
import { FakeClock } from '../../helpers/fake-clock';
import { peer } from '../tray/lab-snapshot';

const H = 3_600_000;
const T0 = Date.parse('2026-11-30T08:00:00Z');
const phone = (connection: TailscalePeer['connection'], relay: string | null = null, online = true): TailscalePeer => ({ ...peer('realme-x2-pro', connection, relay, online), id: 'nRealme' });
const status = (...peers: TailscalePeer[]): TailscaleStatus => ({ backendState: 'Running', via: 'localapi', version: '1.84.0', tailnet: null, magicDnsSuffix: null, self: null, peers, health: [] });

describe('the path history of a peer', () => {
  it('records each change of path once, with the DERP region, and nothing for an idle peer', () => {
    let h: PathHistory = {};
    h = recordPaths(h, status(phone('direct')), T0);
    const same = recordPaths(h, status(phone('direct')), T0 + H);
    assert.equal(same, h, 'no change: the same object');
    h = recordPaths(h, status(phone('relay', 'hkg')), T0 + 2 * H);
    h = recordPaths(h, status(phone('idle')), T0 + 3 * H);
    h = recordPaths(h, status(phone('relay', 'sin')), T0 + 4 * H);
    h = recordPaths(h, status(phone('direct', null, false)), T0 + 5 * H);
    assert.deepEqual(h.nRealme, [
      { at: T0, path: 'direct', region: null },
      { at: T0 + 2 * H, path: 'relay', region: 'hkg' },
      { at: T0 + 4 * H, path: 'relay', region: 'sin' },
      { at: T0 + 5 * H, path: 'offline', region: null },
    ]);
    assert.equal(recordPaths(h, { ...status(phone('relay', 'hkg')), backendState: 'Stopped' }, T0 + 6 * H), h, 'a stopped daemon knows no paths');
  });

  it('keeps one week (and the path at its start), and at most its limit of changes', () => {
    let h: PathHistory = recordPaths({}, status(phone('relay', 'hkg')), T0);
    h = recordPaths(h, status(phone('direct')), T0 + H);
    h = recordPaths(h, status(phone('relay', 'fra')), T0 + PATH_HISTORY_MS + 2 * H);
    assert.deepEqual(
      h.nRealme.map((e) => e.path),
      ['direct', 'relay'],
      'the relay of last week is gone; the direct path it led to stays as the start of the window',
    );
    let flappy: PathHistory = {};
    for (let i = 0; i < MAX_PATH_EVENTS + 20; i++) flappy = recordPaths(flappy, status(phone(i % 2 ? 'relay' : 'direct', 'hkg')), T0 + i * 60_000);
    assert.equal(flappy.nRealme.length, MAX_PATH_EVENTS);
  });

  it('tells how often and how long a peer was relayed this week: "relayed 3 times, 41 minutes"', () => {
    const events = [
      { at: T0, path: 'direct' as const, region: null },
      { at: T0 + H, path: 'relay' as const, region: 'hkg' },
      { at: T0 + H + 20 * 60_000, path: 'direct' as const, region: null },
      { at: T0 + 2 * H, path: 'relay' as const, region: 'hkg' },
      { at: T0 + 2 * H + 10 * 60_000, path: 'relay' as const, region: 'sin' },
      { at: T0 + 2 * H + 16 * 60_000, path: 'direct' as const, region: null },
      { at: T0 + 3 * H, path: 'relay' as const, region: 'hkg' },
      { at: T0 + 3 * H + 5 * 60_000, path: 'offline' as const, region: null },
    ];
    const s = pathStory(events, T0 + 4 * H);
    assert.equal(s.relayedTimes, 3, 'hkg to sin is one stay on DERP, not two');
    assert.equal(s.relayedMs, 41 * 60_000);
    assert.equal(s.offlineMs, 55 * 60_000);
    assert.deepEqual(s.segments.at(-1), { from: T0 + 3 * H + 5 * 60_000, to: T0 + 4 * H, path: 'offline', region: null });
    const later = pathStory(events, T0 + PATH_HISTORY_MS + 2 * H + 5 * 60_000);
    assert.equal(later.relayedTimes, 1, 'only the stays that began inside the window count');
    assert.equal(later.segments[0].from, T0 + 2 * H + 5 * 60_000, 'the window starts the strip');
  });
});

describe('the path history in the Lab', () => {
  it('grows with each snapshot and comes back from the snapshot cache after a restart', async () => {
    const clock = new FakeClock(T0);
    let now: TailscaleStatus = status(phone('direct'));
    const source: Source<'tailscale'> = { id: 'tailscale', kind: 'tailscale', name: 'tailscale', intervalMs: 60_000, timeoutMs: 5_000, placeholder: () => status(), poll: async () => now, checks: () => [] };
    let saved: Snapshot | null = null;
    const cache = { load: () => saved, save: (s: Snapshot) => void (saved = s) };
    const open = (): Lab => new Lab({ config: {}, factories: [() => ({ kind: 'tailscale', sources: [source] })], secrets: new MemorySecretStore(), clock, cache });
    const a = open();
    await a.pollOnce();
    await clock.advance(H);
    now = status(phone('relay', 'hkg'));
    const snap = await a.pollOnce();
    assert.deepEqual(snap.pathHistory.nRealme.map((e) => [e.path, e.region]), [['direct', null], ['relay', 'hkg']]);
    await a.stop();
    assert.ok(saved, 'the cache got the snapshot');

    const b = open();
    assert.deepEqual(b.snapshot.pathHistory, snap.pathHistory, 'painted from the cache at start');
    await clock.advance(H);
    now = status(phone('direct'));
    const next = await b.pollOnce();
    assert.deepEqual(next.pathHistory.nRealme.map((e) => e.path), ['direct', 'relay', 'direct']);
    await b.stop();
    assert.deepEqual(emptySnapshot().pathHistory, {});
  });
});
