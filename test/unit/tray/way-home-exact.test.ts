import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ProxmoxCluster } from '../../../shared/proxmox';
import type { LocationState, PingResult, TailscalePeer, TailscaleStatus } from '../../../shared/tailscale';
import { trayMenu, type MenuItem } from '../../../shared/tray';
import { GUARDED_ACTIONS, guardOf, guardsAmong, wayHome, wayHomeBroken, type WayHome, type WayHomeOptions, type WayHomeRouter } from '../../../shared/way-home';
import { guest, homeCluster, labSnapshot, NOW, peer } from './lab-snapshot';

/** The reference lab's subnet router: a PVE guest (110 on s500plus) serving the home LAN, its home DERP region hkg. */
const gateway: TailscalePeer = { ...peer('tailscale-gateway', 'direct', 'hkg'), routes: ['192.168.50.0/24'] };
const away: LocationState = { atHome: false, reason: 'probe', checkedAt: null };

function tailnet(over: Partial<TailscaleStatus> = {}): TailscaleStatus {
  return { backendState: 'Running', via: 'localapi', version: '1.84.0', tailnet: 'example.com', magicDnsSuffix: null, self: null, peers: [gateway, peer('orangepi5', 'direct')], health: [], ...over };
}

function ping(over: Partial<PingResult> = {}): PingResult {
  return { peer: 'tailscale-gateway', ok: true, via: 'direct', endpoint: '198.51.100.7:41641', relay: null, latencyMs: 38.4, upgradedToDirect: false, message: '', ...over };
}

/** The router as the way home reports it, away from home. */
function router(ts: TailscaleStatus, cluster: ProxmoxCluster = homeCluster()): WayHomeRouter | null | undefined {
  return wayHome({ proxmox: [cluster], tailscale: ts, location: away })?.router;
}

const onGuest = { cluster: 'home', vmid: 110, status: 'running' as const };

describe('the subnet router on the way home, field by field', () => {
  it('a direct path carries no DERP region, even though the peer has a home region', () => {
    assert.deepEqual(router(tailnet({ pings: [ping()] })), { name: 'tailscale-gateway', path: 'direct', region: null, latencyMs: 38.4, keyExpired: false, guest: onGuest });
  });

  it('an idle peer takes the path of its latest answered ping; a relayed ping names its own region', () => {
    const idle = { ...gateway, connection: 'idle' as const };
    assert.equal(router(tailnet({ peers: [idle] }))?.path, 'idle', 'no ping: the peer says idle');
    assert.deepEqual(router(tailnet({ peers: [idle], pings: [ping()] })), { name: 'tailscale-gateway', path: 'direct', region: null, latencyMs: 38.4, keyExpired: false, guest: onGuest });
    const viaSin = router(tailnet({ peers: [idle], pings: [ping({ via: 'relay', relay: 'sin', latencyMs: 120 })] }));
    assert.deepEqual([viaSin?.path, viaSin?.region, viaSin?.latencyMs], ['relay', 'sin', 120]);
    const noRegion = router(tailnet({ peers: [idle], pings: [ping({ via: 'relay', relay: null, latencyMs: 90 })] }));
    assert.deepEqual([noRegion?.path, noRegion?.region], ['relay', 'hkg'], 'a relayed ping that names no region keeps the peer’s');
  });

  it('uses the latest answered ping of the router only: failed pings and other peers’ pings say nothing', () => {
    const pings = [ping({ latencyMs: 41 }), ping({ peer: 'orangepi5', latencyMs: 3 }), ping({ ok: false, via: null, latencyMs: null })];
    assert.deepEqual(router(tailnet({ pings }))?.latencyMs, 41);
    assert.deepEqual(router(tailnet({ pings: [ping({ ok: false, via: 'relay', relay: 'sin', latencyMs: 500 })] })), { name: 'tailscale-gateway', path: 'direct', region: null, latencyMs: null, keyExpired: false, guest: onGuest });
    assert.equal(router(tailnet({ pings: [ping({ latencyMs: 41 }), ping({ latencyMs: 35 })] }))?.latencyMs, 35, 'the freshest of two');
  });

  it('an offline router stays offline, with no round trip, whatever an earlier ping said', () => {
    const down = { ...gateway, online: false };
    assert.deepEqual(router(tailnet({ peers: [down], pings: [ping({ via: 'relay', relay: 'sin' })] })), { name: 'tailscale-gateway', path: 'offline', region: null, latencyMs: null, keyExpired: false, guest: onGuest });
  });

  it('a router behind a peer relay keeps that path, whatever a ping said', () => {
    const relayed = { ...gateway, peerRelay: '100.64.0.9:40000:7' };
    assert.deepEqual(router(tailnet({ peers: [relayed], pings: [ping()] })), { name: 'tailscale-gateway', path: 'peer-relay', region: null, latencyMs: 38.4, keyExpired: false, guest: onGuest });
  });

  it('a stopped router guest is offline with no round trip; a router outside PVE has no guest', () => {
    const stopped = homeCluster({ guests: [guest(110, 'tailscale-gateway', 's500plus', 'stopped')] });
    assert.deepEqual(router(tailnet({ pings: [ping()] }), stopped), { name: 'tailscale-gateway', path: 'offline', region: null, latencyMs: null, keyExpired: false, guest: { cluster: 'home', vmid: 110, status: 'stopped' } });
    assert.equal(router(tailnet(), homeCluster({ guests: [] }))?.guest, null);
    assert.equal(router(tailnet({ peers: [{ ...gateway, keyExpired: true }] }))?.keyExpired, true);
  });
});

describe('where the laptop is and Tailscale’s state', () => {
  it('is nothing without Tailscale and without location probes', () => {
    assert.equal(wayHome({ proxmox: [homeCluster()], tailscale: null, location: null }), null);
  });

  it('reports home, away and not yet known, with Tailscale running, down or absent', () => {
    const at = (atHome: boolean | null, ts: TailscaleStatus | null) => {
      const w = wayHome({ proxmox: [homeCluster()], tailscale: ts, location: { atHome, reason: 'probe', checkedAt: null } });
      return w && [w.where, w.tailscale, w.router?.name ?? null];
    };
    assert.deepEqual(at(true, tailnet()), ['home', 'running', 'tailscale-gateway']);
    assert.deepEqual(at(false, tailnet({ backendState: 'Stopped' })), ['away', 'down', 'tailscale-gateway']);
    assert.deepEqual(at(null, null), ['unknown', null, null]);
    assert.deepEqual(wayHome({ proxmox: [], tailscale: tailnet(), location: null })?.where, 'unknown');
  });
});

describe('when the way home counts as broken', () => {
  const fine: WayHome = { where: 'away', tailscale: 'running', router: { name: 'tailscale-gateway', path: 'direct', region: null, latencyMs: 38, keyExpired: false, guest: onGuest }, guarded: [] };
  const r = fine.router as WayHomeRouter;

  it('away: Tailscale down, no router, the router offline or its key expired; a relayed path is not broken', () => {
    assert.equal(wayHomeBroken(fine), false);
    assert.equal(wayHomeBroken({ ...fine, router: { ...r, path: 'relay', region: 'hkg' } }), false);
    assert.equal(wayHomeBroken({ ...fine, tailscale: 'down' }), true);
    assert.equal(wayHomeBroken({ ...fine, router: null }), true);
    assert.equal(wayHomeBroken({ ...fine, router: { ...r, path: 'offline' } }), true);
    assert.equal(wayHomeBroken({ ...fine, router: { ...r, keyExpired: true } }), true);
  });

  it('never at home or while the location is not known', () => {
    for (const where of ['home', 'unknown'] as const) {
      assert.equal(wayHomeBroken({ ...fine, where, tailscale: 'down', router: null }), false, where);
      assert.equal(wayHomeBroken({ ...fine, where, router: { ...r, path: 'offline' } }), false, where);
    }
  });
});

describe('the guests a stop would ask about', () => {
  const lab2 = { ...homeCluster({ guests: [guest(110, 'pbs', 'um560'), guest(100, 'router2', 'um560')] }), name: 'lab2' };
  const pbx = homeCluster({ guests: [...homeCluster().guests, guest(120, '3cx', 'gtr5')] });
  const guarded = (opts: WayHomeOptions, ts: TailscaleStatus = tailnet(), clusters: ProxmoxCluster[] = [pbx, lab2]) =>
    wayHome({ proxmox: clusters, tailscale: ts, location: away }, opts)?.guarded.map((g) => `${g.cluster}/${g.vmid} ${g.name} ${g.reason}`);

  it('reads ui.protected as cluster/vmid, a bare vmid in every cluster, or a name in any case, with spaces around', () => {
    assert.deepEqual(guarded({ protected: [' lab2/100 ', '111', ' OpenWrt '] }), ['home/110 tailscale-gateway subnetRouter', 'lab2/100 router2 protected', 'home/111 home-assistant protected', 'home/100 openwrt protected']);
    assert.deepEqual(guarded({ protected: ['100'] }), ['home/110 tailscale-gateway subnetRouter', 'home/100 openwrt protected', 'lab2/100 router2 protected']);
  });

  it('a reference to another cluster, or a misspelt one, guards nothing', () => {
    assert.deepEqual(guarded({ protected: ['lab2/111', 'home:100', 'x/home/100', '100a'] }), ['home/110 tailscale-gateway subnetRouter']);
  });

  it('a name that starts with digits is a name', () => {
    assert.deepEqual(guarded({ protected: ['3cx'] }), ['home/110 tailscale-gateway subnetRouter', 'home/120 3cx protected']);
  });

  it('a guest that carries the way home keeps that reason when the config protects it too', () => {
    assert.deepEqual(guarded({ protected: ['tailscale-gateway', 'home/110'] }), ['home/110 tailscale-gateway subnetRouter']);
  });

  it('a peer that runs in a guest but is neither router nor exit node guards nothing', () => {
    assert.deepEqual(guarded({}, tailnet({ peers: [gateway, peer('home-assistant', 'direct')] })), ['home/110 tailscale-gateway subnetRouter']);
    assert.deepEqual(guarded({}, tailnet({ peers: [gateway, { ...peer('home-assistant', 'direct'), exitNode: true }] })), ['home/110 tailscale-gateway subnetRouter', 'home/111 home-assistant exitNode']);
  });

  it('without Tailscale only the protected guests are guarded', () => {
    const w = wayHome({ proxmox: [homeCluster()], tailscale: null, location: away }, { protected: ['home/100'] });
    assert.deepEqual(w, { where: 'away', tailscale: null, router: null, guarded: [{ cluster: 'home', vmid: 100, name: 'openwrt', reason: 'protected' }] });
  });

  it('finds the guard of one guest by cluster and vmid', () => {
    const w = wayHome({ proxmox: [homeCluster(), lab2], tailscale: tailnet(), location: away });
    assert.deepEqual(guardOf(w, 'home', 110), { cluster: 'home', vmid: 110, name: 'tailscale-gateway', reason: 'subnetRouter' });
    assert.equal(guardOf(w, 'lab2', 110), undefined, 'the same vmid in another cluster carries nothing');
    assert.equal(guardOf(null, 'home', 110), undefined);
  });

  it('asks about the guarded guests among those an action would take down: stop, shut down, reboot, suspend', () => {
    const w = wayHome({ proxmox: [pbx], tailscale: tailnet(), location: away }, { protected: ['3cx'] });
    const keys = ['home/101', 'home/110', 'home/120'];
    for (const action of ['stop', 'shutdown', 'reboot', 'suspend'] as const) {
      assert.deepEqual(guardsAmong(w, keys, action).map((g) => `${g.vmid} ${g.reason}`), ['110 subnetRouter', '120 protected'], action);
    }
    assert.deepEqual(guardsAmong(w, ['home/120'], 'stop').map((g) => g.vmid), [120], 'only the guests asked for');
    assert.deepEqual(guardsAmong(w, ['lab2/110'], 'stop'), []);
    for (const action of ['start', 'resume'] as const) assert.deepEqual(guardsAmong(w, keys, action), [], action);
    assert.deepEqual(guardsAmong(null, keys, 'stop'), []);
    assert.deepEqual([...GUARDED_ACTIONS].sort(), ['reboot', 'shutdown', 'stop', 'suspend']);
  });
});

describe('the way-home line in the tray menu', () => {
  it('is an enabled item that opens the Network view', () => {
    const w = wayHome({ proxmox: [homeCluster()], tailscale: tailnet({ pings: [ping()] }), location: away });
    const item = trayMenu(labSnapshot({ wayHome: w }), { favourites: [], backupSets: [], quietUntil: null, now: NOW }).items.find((i: MenuItem) => i.id === 'way-home');
    assert.deepEqual(item, { kind: 'item', id: 'way-home', label: 'Away · via Tailscale · direct 38 ms', enabled: true, status: 'ok', command: { type: 'open', target: 'network' } });
  });
});
