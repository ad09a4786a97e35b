import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { tailscaleChecks } from '../../../electron/core/tailscale/checks';
import { parseNetcheck } from '../../../electron/core/tailscale/netcheck';
import { parseStatusJson } from '../../../electron/core/tailscale/status-json';
import { demoTailnet, TailnetModel, type TailnetState } from '../../../demo/tailscale/model';

const NOW = Date.parse('2026-11-27T08:00:00Z');
const AT = new Date(NOW).toISOString();

function statusOf(mutate: (s: TailnetState) => void = () => undefined) {
  const state = demoTailnet();
  mutate(state);
  return parseStatusJson(new TailnetModel(state).status(NOW), 'localapi', NOW);
}

describe('tailscale status JSON from tailscaled', () => {
  it('classifies the demo tailnet: direct, relay via DERP(hkg), idle and offline', () => {
    const s = statusOf();
    const by = Object.fromEntries(s.peers.map((p) => [p.name, [p.classification, p.relay, p.endpoint]]));
    assert.deepEqual(by['tailscale-gateway'], ['direct', 'hkg', '203.0.113.1:41641']);
    assert.deepEqual(by['realme-x2-pro'], ['relay', 'hkg', null]);
    assert.deepEqual(by['s500plus'], ['idle', 'hkg', null]);
    assert.equal(by['xiaomi-pad-5-pro'][0], 'offline');
    assert.deepEqual(s.peers.find((p) => p.name === 'tailscale-gateway')?.routes, ['192.168.50.0/24']);
    assert.deepEqual(s.peers.find((p) => p.name === 'um560')?.tags, ['tag:pve']);
  });

  it('reads a 2020-era status (TailAddr, no Active, no Online): recent LastWrite without CurAddr is relayed, an old one idle', () => {
    const legacy = {
      Version: '1.2.10',
      BackendState: 'Running',
      TailscaleIPs: ['100.101.102.103'],
      Self: { PublicKey: 'mkey', HostName: 'laptop', DNSName: 'laptop.example.com.beta.tailscale.net.', OS: 'windows', TailAddr: '100.101.102.103', Relay: 'tok' },
      MagicDNSSuffix: 'example.com.beta.tailscale.net',
      Peer: {
        k1: { PublicKey: 'k1', HostName: 'gw', DNSName: 'gw.example.com.beta.tailscale.net.', OS: 'linux', TailAddr: '100.64.0.1', CurAddr: '', Relay: 'hkg', LastWrite: new Date(NOW - 30_000).toISOString() },
        k2: { PublicKey: 'k2', HostName: 'nas', DNSName: 'nas.example.com.beta.tailscale.net.', OS: 'linux', TailAddr: '100.64.0.2', CurAddr: '', Relay: 'hkg', LastWrite: '2020-05-01T00:00:00Z' },
        k3: { PublicKey: 'k3', HostName: 'pi', DNSName: 'pi.example.com.beta.tailscale.net.', OS: 'linux', TailAddr: '100.64.0.3', CurAddr: '192.168.1.9:41641', Relay: 'hkg', LastWrite: '2020-05-01T00:00:00Z' },
      },
    };
    const s = parseStatusJson(legacy, 'cli', NOW);
    assert.equal(s.self?.ip, '100.101.102.103');
    assert.deepEqual(s.peers.map((p) => [p.name, p.ip, p.classification]), [['gw', '100.64.0.1', 'relay'], ['nas', '100.64.0.2', 'idle'], ['pi', '100.64.0.3', 'direct']]);
  });

  it('classifies a peer reached through a Tailscale peer relay as peer-relay', () => {
    const s = parseStatusJson({ BackendState: 'Running', Peer: { k: { HostName: 'nas', Online: true, Active: true, CurAddr: '', Relay: 'fra', PeerRelay: '198.51.100.7:7777:vni:12', TailscaleIPs: ['100.64.0.9'] } } }, 'cli', NOW);
    assert.equal(s.peers[0].classification, 'peer-relay');
    assert.equal(s.peers[0].peerRelay, '198.51.100.7:7777:vni:12');
  });
});

describe('tailscale checks', () => {
  const opts = { sourceId: 'tailscale', subnetRouter: 'tailscale-gateway', pinned: [] as string[] };

  it('is happy with a running backend and a direct subnet router, and flags the phone relayed via DERP(hkg) with the netcheck reason', () => {
    const s = { ...statusOf(), netcheck: parseNetcheck(new TailnetModel(demoTailnet()).netcheckText(NOW)) };
    const checks = tailscaleChecks(s, opts, AT);
    const byId = Object.fromEntries(checks.map((c) => [c.id, c]));
    assert.equal(byId['tailscale:backend'].status, 'ok');
    assert.equal(byId['tailscale:subnet-router:tailscale-gateway'].status, 'ok');
    assert.match(byId['tailscale:subnet-router:tailscale-gateway'].summary, /192\.168\.50\.0\/24, direct 203\.0\.113\.1:41641/);
    const phone = byId['tailscale:peer:realme-x2-pro:path'];
    assert.equal(phone.status, 'warn');
    assert.match(phone.summary, /relayed via DERP\(hkg\)/);
    assert.match(phone.detail ?? '', /hard NAT/);
    assert.equal(byId['tailscale:peer:s500plus:path'], undefined, 'an idle peer is not a problem');
  });

  it('warns when the subnet router is relayed, and is critical when it is offline or missing', () => {
    const relayed = tailscaleChecks(statusOf((s) => (s.peers[0].link = 'derp')), opts, AT).find((c) => c.id === 'tailscale:subnet-router:tailscale-gateway');
    assert.equal(relayed?.status, 'warn');
    assert.match(relayed?.summary ?? '', /relayed via DERP\(hkg\)/);
    const offline = tailscaleChecks(statusOf((s) => (s.peers[0].online = false)), opts, AT).find((c) => c.id === 'tailscale:subnet-router:tailscale-gateway');
    assert.equal(offline?.status, 'crit');
    const missing = tailscaleChecks(statusOf((s) => s.peers.shift()), opts, AT).find((c) => c.id.startsWith('tailscale:subnet-router'));
    assert.equal(missing?.status, 'crit');
    const noRoutes = tailscaleChecks(statusOf((s) => (s.peers[0].routes = [])), opts, AT).find((c) => c.id.startsWith('tailscale:subnet-router'));
    assert.equal(noRoutes?.status, 'warn');
    assert.match(noRoutes?.summary ?? '', /serves no routes/);
  });

  it('finds the subnet router by its PrimaryRoutes when none is configured', () => {
    const c = tailscaleChecks(statusOf(), { sourceId: 'tailscale', pinned: [] }, AT).find((x) => x.id.startsWith('tailscale:subnet-router'));
    assert.equal(c?.id, 'tailscale:subnet-router:tailscale-gateway');
  });

  it('says NeedsLogin and Stopped in words, with the login URL', () => {
    const login = tailscaleChecks(statusOf((s) => (s.backendState = 'NeedsLogin')), opts, AT);
    assert.equal(login.length, 1);
    assert.equal(login[0].status, 'crit');
    assert.match(login[0].summary, /logged out/);
    assert.match(login[0].detail ?? '', /https:\/\/login\.tailscale\.com\/a\//);
    const stopped = tailscaleChecks(statusOf((s) => (s.backendState = 'Stopped')), opts, AT);
    assert.deepEqual([stopped[0].status, stopped.length], ['warn', 1]);
  });

  it('warns about an offline pinned peer and one that does not answer ping', () => {
    const s = { ...statusOf(), pings: [{ peer: 'um560', ok: false, via: null, endpoint: null, relay: null, latencyMs: null, upgradedToDirect: false, message: 'no reply' }] };
    const checks = tailscaleChecks(s, { ...opts, pinned: ['xiaomi-pad-5-pro', 'um560', 'gtr5'] }, AT);
    assert.equal(checks.find((c) => c.id === 'tailscale:pinned:xiaomi-pad-5-pro')?.status, 'warn');
    assert.match(checks.find((c) => c.id === 'tailscale:pinned:um560')?.summary ?? '', /does not answer tailscale ping: no reply/);
    assert.equal(checks.find((c) => c.id === 'tailscale:pinned:gtr5'), undefined, 'not pinged yet: no finding');
  });
});
