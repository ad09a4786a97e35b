import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PingResult, TailscaleStatus } from '../../../shared/tailscale';
import { detectNotices } from '../../../shared/notice-rules';
import { trayMenu, type MenuItem, type MenuModel, type TrayPrefs } from '../../../shared/tray';
import { favouriteGuests, guardQuestion, guestOffers } from '../../../shared/tray-lab';
import { trayText } from '../../../shared/tray-text';
import { wakeTargets } from '../../../shared/wake-targets';
import { wayHome, type WayHomeOptions } from '../../../shared/way-home';
import { guest, homeCluster, host, labSnapshot, node, NOW, peer } from './lab-snapshot';

const prefs = (over: Partial<TrayPrefs> = {}): TrayPrefs => ({ favourites: [], backupSets: [], quietUntil: null, now: NOW, ...over });

function find(items: MenuModel | MenuItem[], id: string): MenuItem | undefined {
  for (const i of Array.isArray(items) ? items : items.items) {
    if (i.id === id) return i;
    if (i.kind === 'submenu') {
      const hit = find(i.items, id);
      if (hit) return hit;
    }
  }
  return undefined;
}

const label = (i: MenuItem | undefined): string | undefined => (i && i.kind !== 'separator' ? i.label : undefined);

const gateway = { ...peer('tailscale-gateway', 'direct'), routes: ['192.168.50.0/24'] };

function tailnet(over: Partial<TailscaleStatus> = {}): TailscaleStatus {
  return { backendState: 'Running', via: 'localapi', version: '1.84.0', tailnet: 'example.com', magicDnsSuffix: null, self: null, peers: [gateway, peer('orangepi5', 'direct')], health: [], ...over };
}

function ping(over: Partial<PingResult>): PingResult {
  return { peer: 'tailscale-gateway', ok: true, via: 'direct', endpoint: '198.51.100.7:41641', relay: null, latencyMs: 38.4, upgradedToDirect: false, message: '', ...over };
}

/** The tray's way-home line for one situation. */
function wayLine(atHome: boolean | null, ts: TailscaleStatus | null, opts: WayHomeOptions = {}, cluster = homeCluster()): { label: string; status?: string } {
  const location = atHome === null ? null : { atHome, reason: 'probe', checkedAt: null };
  const snap = labSnapshot({ proxmox: [cluster], tailscale: ts, location, wayHome: wayHome({ proxmox: [cluster], tailscale: ts, location }, opts) });
  const item = find(trayMenu(snap, prefs()), 'way-home');
  assert.ok(item?.kind === 'item', 'the way home has its line');
  assert.deepEqual(item.command, { type: 'open', target: 'network' });
  return { label: item.label, status: item.status };
}

describe('the way home in the tray', () => {
  it('says at home, with the subnet router up or down', () => {
    assert.deepEqual(wayLine(true, null), { label: 'At home', status: 'ok' });
    assert.deepEqual(wayLine(true, tailnet()), { label: 'At home · tailscale-gateway up', status: 'ok' });
    assert.deepEqual(wayLine(true, tailnet({ peers: [{ ...gateway, online: false }] })), { label: 'At home · tailscale-gateway down', status: 'warn' });
  });

  it('says how it gets home when away: direct or relayed, with the latest ping', () => {
    assert.deepEqual(wayLine(false, tailnet({ pings: [ping({})] })), { label: 'Away · via Tailscale · direct 38 ms', status: 'ok' });
    assert.deepEqual(wayLine(false, tailnet()), { label: 'Away · via Tailscale · direct', status: 'ok' });
    const relayed = tailnet({ peers: [{ ...gateway, connection: 'relay', relay: 'hkg', endpoint: null }], pings: [ping({ via: 'relay', relay: 'hkg', latencyMs: 71 })] });
    assert.deepEqual(wayLine(false, relayed), { label: 'Away · via Tailscale · relayed via DERP(hkg) 71 ms', status: 'warn' });
    // A failed ping says nothing about the round trip: the peer's own path stands.
    assert.deepEqual(wayLine(false, tailnet({ pings: [ping({ ok: false, latencyMs: null, via: null })] })), { label: 'Away · via Tailscale · direct', status: 'ok' });
  });

  it('says when the way home is cut, and why', () => {
    assert.deepEqual(wayLine(false, tailnet({ peers: [{ ...gateway, online: false }] })), { label: 'Away · the way home is down: tailscale-gateway is offline', status: 'crit' });
    assert.deepEqual(wayLine(false, tailnet({ peers: [{ ...gateway, keyExpired: true }] })), { label: 'Away · the way home is down: the node key of tailscale-gateway expired', status: 'crit' });
    assert.deepEqual(wayLine(false, tailnet({ backendState: 'Stopped' })), { label: 'Away · Tailscale is not connected', status: 'crit' });
    assert.deepEqual(wayLine(false, tailnet({ peers: [peer('orangepi5', 'direct')] })), { label: 'Away · no subnet router into the home LAN', status: 'crit' });
    assert.deepEqual(wayLine(null, tailnet()), { label: 'Checking whether you are at home…', status: 'unknown' });
  });

  it('shows the router down as soon as its PVE guest is down, before Tailscale notices', () => {
    const stopped = homeCluster({ guests: [guest(110, 'tailscale-gateway', 's500plus', 'stopped')] });
    assert.deepEqual(wayLine(false, tailnet({ pings: [ping({})] }), {}, stopped), { label: 'Away · the way home is down: tailscale-gateway is offline', status: 'crit' });
  });

  it('follows the configured subnet router over the first peer with routes', () => {
    const other = { ...peer('nas', 'relay', 'fra'), routes: ['10.0.0.0/24'] };
    assert.deepEqual(wayLine(false, tailnet({ peers: [other, gateway] }), { subnetRouter: 'tailscale-gateway' }), { label: 'Away · via Tailscale · direct', status: 'ok' });
    assert.deepEqual(wayLine(false, tailnet({ peers: [other, gateway] })), { label: 'Away · via Tailscale · relayed via DERP(fra)', status: 'warn' });
  });

  it('has no line without Tailscale and location probes, nor while paused', () => {
    assert.equal(find(trayMenu(labSnapshot(), prefs()), 'way-home'), undefined);
    const w = wayHome({ proxmox: [], tailscale: tailnet(), location: null });
    assert.equal(find(trayMenu(labSnapshot({ wayHome: w, paused: true }), prefs()), 'way-home'), undefined);
  });
});

describe('guests that carry the way home', () => {
  const parts = (ts: TailscaleStatus | null = tailnet()) => ({ proxmox: [homeCluster()], tailscale: ts, location: { atHome: false, reason: 'probe', checkedAt: null } });

  it('guards the subnet router guest, the exit node in use and the guests the config protects', () => {
    const exit = { ...peer('home-assistant', 'direct'), exitNode: true };
    const w = wayHome(parts(tailnet({ peers: [gateway, exit] })), { protected: ['home/100', 'ubuntu-test', '9999'] });
    assert.deepEqual(
      w?.guarded.map((g) => [g.vmid, g.name, g.reason]),
      [
        [110, 'tailscale-gateway', 'subnetRouter'],
        [111, 'home-assistant', 'exitNode'],
        [100, 'openwrt', 'protected'],
        [130, 'ubuntu-test', 'protected'],
      ],
    );
    assert.deepEqual(wayHome(parts(tailnet({ peers: [peer('orangepi5', 'direct')] })))?.guarded, [], 'no router, nothing protected: nothing guarded');
  });

  it('asks before Shut down, Stop and Reboot of a guarded favourite, never before Start or Back up', () => {
    const w = wayHome(parts());
    const snap = labSnapshot({ wayHome: w });
    const fav = find(trayMenu(snap, prefs({ favourites: ['home/110', 'home/101'] })), 'fav:home/110');
    assert.ok(fav?.kind === 'submenu');
    assert.deepEqual(
      fav.items.map((i) => i.kind === 'item' && [i.label, i.command?.type === 'guestAction' ? (i.command.guard ?? null) : null]),
      [
        ['Start', null],
        ['Shut down — asks first', 'subnetRouter'],
        ['Stop — asks first', 'subnetRouter'],
        ['Reboot — asks first', 'subnetRouter'],
        ['Back up now', null],
      ],
    );
    const plain = guestOffers(snap, 'home', homeCluster().guests[1]);
    assert.ok(plain.every((o) => o.guard === undefined), 'docker-compose carries nothing');
  });

  it('says what the action costs from where the laptop is, in both languages', () => {
    const ask = { name: 'tailscale-gateway', action: 'shutdown' as const, guard: 'subnetRouter' as const };
    const away = guardQuestion(trayText('en'), ask, 'away');
    assert.equal(away.title, 'Shut down this guest?');
    assert.deepEqual(away.lines.slice(1), ["tailscale-gateway is the tailnet's subnet router into your home LAN.", 'You are away: this cuts your way home until it is back.']);
    assert.equal(away.confirm, 'Shutdown anyway');
    assert.equal(guardQuestion(trayText('en'), ask, 'home').lines[2], 'Away from home, you cannot reach the lab without it.');
    const zh = guardQuestion(trayText('zh-CN'), ask, 'away');
    assert.equal(zh.lines[2], '你现在在外：这会切断你回家的路，直到它恢复。');
  });
});

describe('favourites from stars and from tags', () => {
  const tagged = homeCluster({
    guests: [guest(101, 'docker-compose', 'um560'), { ...guest(111, 'home-assistant', 's500plus'), tags: ['LabTray', 'iot'] }, { ...guest(100, 'openwrt', 'um560'), tags: ['labtray'] }, { ...guest(120, 'tpl', 'gtr5'), tags: ['labtray'], template: true }],
  });

  it('lists starred guests first, then the tagged ones by name, each once; templates never', () => {
    const favs = favouriteGuests({ proxmox: [tagged] }, ['home/111', 'home/101'], 'labtray');
    assert.deepEqual(
      favs.map((f) => [f.guest.name, f.starred]),
      [
        ['home-assistant', true],
        ['docker-compose', true],
        ['openwrt', false],
      ],
    );
    assert.deepEqual(favouriteGuests({ proxmox: [tagged] }, [], '').map((f) => f.guest.name), [], 'an empty tag turns tags off');
  });

  it('shows a tagged guest in the tray at once, and a hint when there are none', () => {
    const m = trayMenu(labSnapshot({ proxmox: [tagged] }), prefs({ favouriteTag: 'labtray' }));
    assert.equal(label(find(m, 'fav:home/100')), 'openwrt (100) — running');
    const none = trayMenu(labSnapshot(), prefs({ favouriteTag: 'labtray' }));
    assert.deepEqual(find(none, 'favourites:hint'), { kind: 'item', id: 'favourites:hint', label: 'Star a guest in LabTray, or tag it “labtray” in Proxmox VE', enabled: true, command: { type: 'open', target: 'guests' } });
    assert.equal(label(find(trayMenu(labSnapshot(), prefs()), 'favourites:hint')), 'Star a guest in LabTray to have it here');
    assert.equal(find(trayMenu(labSnapshot({ proxmox: [] }), prefs()), 'favourites'), undefined, 'no cluster: no favourites section');
  });
});

describe('what can be woken, and how', () => {
  const hosts = [host('orangepi5', true), host('rockpi5a', false)];
  const cfg = { macs: ['rockpi5a', 'orangepi5', 'um560'], relays: ['orangepi5'] };
  const asleep = homeCluster({ nodes: [node('um560'), node('s500plus', 'offline'), { ...node('gtr5', 'offline'), hosts: ['gtr5-ssh'] }] });

  it('wakes straight from here only at home, and only what has a MAC', () => {
    const t = wakeTargets({ proxmox: [asleep], hosts, atHome: true }, cfg);
    assert.deepEqual(
      t.map((w) => [w.name, w.kind, w.up, w.route]),
      [
        ['gtr5', 'node', false, { kind: 'pve', via: 'um560' }],
        ['orangepi5', 'host', true, { kind: 'direct' }],
        ['rockpi5a', 'host', false, { kind: 'direct' }],
        ['s500plus', 'node', false, { kind: 'pve', via: 'um560' }],
        ['um560', 'node', true, { kind: 'direct' }],
      ],
    );
  });

  it('away (or not proven home) goes through another node, else an SSH relay, else says there is no way', () => {
    const t = wakeTargets({ proxmox: [homeCluster({ nodes: [node('um560', 'offline')] })], hosts, atHome: null }, cfg);
    assert.deepEqual(
      t.map((w) => [w.name, w.route]),
      [
        ['orangepi5', { kind: 'none' }],
        ['rockpi5a', { kind: 'relay', via: 'orangepi5' }],
        ['um560', { kind: 'relay', via: 'orangepi5' }],
      ],
    );
    const m = trayMenu(labSnapshot({ wake: t }), prefs());
    const wake = find(m, 'wake');
    assert.ok(wake?.kind === 'submenu');
    assert.deepEqual(
      wake.items.map((i) => i.kind === 'item' && [i.label, i.enabled]),
      [
        ['orangepi5 — awake · no way from here', false],
        ['rockpi5a — asleep · via orangepi5', true],
        ['um560 — asleep · via orangepi5', true],
      ],
    );
  });

  it('offers a host that is a PVE node once, as the node', () => {
    const t = wakeTargets({ proxmox: [asleep], hosts: [], atHome: false }, { macs: ['gtr5-ssh'], relays: [] });
    assert.deepEqual(
      t.map((w) => w.name),
      ['gtr5', 's500plus', 'um560'],
    );
  });
});

describe('a change of the way home is a notice', () => {
  const at = (where: 'home' | 'away', path: 'direct' | 'relay' | 'offline' | 'idle', version: number) =>
    labSnapshot({
      version,
      takenAt: new Date(NOW + version * 30_000).toISOString(),
      tailscale: tailnet({ peers: [{ ...gateway, connection: path === 'relay' ? 'relay' : 'direct', relay: 'hkg' }] }),
      wayHome: { where, tailscale: 'running', router: { name: 'tailscale-gateway', path, region: path === 'relay' ? 'hkg' : null, latencyMs: null, keyExpired: false, guest: null }, guarded: [] },
    });

  it('tells relayed, down and direct again while away, once each, and nothing at home or for idle', () => {
    const relayed = detectNotices(at('away', 'direct', 1), at('away', 'relay', 2));
    assert.deepEqual(
      relayed.map((n) => [n.key, n.notice.level, n.notice.title, n.notice.body, n.target]),
      [['way-home:relay', 'warn', 'The way home is relayed', 'Traffic to tailscale-gateway now goes through DERP(hkg): slower, but home is still reachable.', 'network']],
      'one notice for the router, not also the peer-relayed one',
    );
    assert.deepEqual(detectNotices(at('away', 'relay', 2), at('away', 'offline', 3)).map((n) => [n.key, n.notice.level]), [['way-home:offline', 'crit']]);
    assert.deepEqual(detectNotices(at('away', 'offline', 3), at('away', 'direct', 4)).map((n) => [n.key, n.notice.level]), [['way-home:direct', 'info']]);
    assert.deepEqual(detectNotices(at('home', 'direct', 1), at('home', 'offline', 2)).filter((n) => n.key.startsWith('way-home')), [], 'at home the LAN is the way');
    assert.deepEqual(detectNotices(at('away', 'direct', 1), at('away', 'idle', 2)), [], 'idle is no change of path');
    assert.deepEqual(detectNotices(at('away', 'direct', 1), at('away', 'relay', 2), 'zh-CN')[0].notice.title, '回家的路走中继了');
  });
});
