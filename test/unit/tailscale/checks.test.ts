import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { textIn } from '../../../shared/message';
import type { TailscalePeer } from '../../../shared/tailscale';
import { tailscaleChecks } from '../../../electron/core/tailscale/checks';
import { offlinePing } from '../../../electron/core/tailscale/integration';
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

  it('reads a status whose BackendState is empty or missing (the oldest clients): connected when it has an identity, and the peer checks still run', () => {
    const peers = { k1: { PublicKey: 'k1', HostName: 'gw', OS: 'linux', TailAddr: '100.64.0.1', CurAddr: '', Relay: 'hkg', LastWrite: new Date(NOW - 30_000).toISOString() } };
    const self = { PublicKey: 'mkey', HostName: 'laptop', OS: 'windows', TailAddr: '100.101.102.103' };
    for (const legacy of [{ BackendState: '', Self: self, Peer: peers }, { Self: self, Peer: peers }]) {
      const s = parseStatusJson(legacy, 'cli', NOW);
      assert.equal(s.backendState, 'Running');
      const checks = tailscaleChecks(s, { sourceId: 'tailscale', pinned: [] }, AT);
      assert.ok(checks.some((c) => c.id === 'tailscale:peer:gw:path' && c.status === 'warn'), 'the relayed peer is still reported');
    }
    // No identity at all: nothing to say it is connected.
    assert.equal(parseStatusJson({ BackendState: '', Peer: {} }, 'cli', NOW).backendState, '');
    assert.throws(() => parseStatusJson({ Version: '1.0' }, 'cli', NOW), /no BackendState, Self or Peer/);
  });

  it('reads a peer’s node key expiry: a real status has the time, and an expired key is flagged', () => {
    const real = parseStatusJson(JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures/tailscale/status-json-running-self-relay-peer-idle.json'), 'utf8')), 'cli', NOW);
    assert.equal(real.peers[0].keyExpiry, '2025-04-29T13:46:06.000Z');
    assert.equal(real.peers[0].keyExpired, false);
    const s = parseStatusJson({ BackendState: 'Running', Peer: { k: { HostName: 'nas', Online: false, Expired: true, KeyExpiry: '2026-11-20T09:00:00Z', TailscaleIPs: ['100.64.0.9'] } } }, 'cli', NOW);
    assert.equal(s.peers[0].keyExpired, true);
    assert.equal(s.peers[0].keyExpiry, '2026-11-20T09:00:00.000Z');
  });

  it('classifies a peer reached through a Tailscale peer relay as peer-relay', () => {
    const s = parseStatusJson({ BackendState: 'Running', Peer: { k: { HostName: 'nas', Online: true, Active: true, CurAddr: '', Relay: 'fra', PeerRelay: '198.51.100.7:7777:vni:12', TailscaleIPs: ['100.64.0.9'] } } }, 'cli', NOW);
    assert.equal(s.peers[0].classification, 'peer-relay');
    assert.equal(s.peers[0].peerRelay, '198.51.100.7:7777:vni:12');
  });
});

describe('tailscale checks', () => {
  const opts = { sourceId: 'tailscale', subnetRouter: 'tailscale-gateway', pinned: [] as string[] };

  it('a pinned peer or the subnet router whose node key expired says so, why it is offline and what to do, in both languages', () => {
    const expired = (p: TailscalePeer): TailscalePeer => ({ ...p, online: false, keyExpired: true, keyExpiry: '2026-11-20T09:00:00.000Z', classification: 'offline' });
    const base = statusOf();
    const s = { ...base, peers: base.peers.map((p) => (p.name === 'tailscale-gateway' || p.name === 'xiaomi-pad-5-pro' ? expired(p) : p)) };
    const checks = tailscaleChecks(s, { ...opts, pinned: ['xiaomi-pad-5-pro'] }, AT);
    const router = checks.find((c) => c.id === 'tailscale:subnet-router:tailscale-gateway');
    assert.equal(router?.status, 'crit');
    assert.match(router?.summary ?? '', /^subnet router tailscale-gateway: its node key expired on 2026-11-20T09:00:00\.000Z, so it is offline .*tailscale up on it/);
    const pinned = checks.find((c) => c.id === 'tailscale:pinned:xiaomi-pad-5-pro');
    assert.equal(pinned?.status, 'warn');
    assert.match(pinned?.summary ?? '', /node key expired on 2026-11-20T09:00:00\.000Z, so it stays offline until it logs in again/);
    assert.match(textIn('zh-CN', pinned?.msg, ''), /节点密钥已过期/);
    // The same peer offline with a valid key is just offline.
    const plain = tailscaleChecks(base, { ...opts, pinned: ['xiaomi-pad-5-pro'] }, AT).find((c) => c.id === 'tailscale:pinned:xiaomi-pad-5-pro');
    assert.match(plain?.summary ?? '', /^pinned peer xiaomi-pad-5-pro is offline/);
    // A ping to it answers at once with the reason.
    const ping = offlinePing(expired(base.peers.find((p) => p.name === 'xiaomi-pad-5-pro') as TailscalePeer), NOW);
    assert.equal(ping.message, 'xiaomi-pad-5-pro cannot answer: its node key expired on 2026-11-20T09:00:00.000Z; log it in again (tailscale up on it)');
  });

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
