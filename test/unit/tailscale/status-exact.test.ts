import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { LabError } from '../../../shared/api';
import { english, part } from '../../../shared/message';
import type { PingResult, TailscaleStatus } from '../../../shared/tailscale';
import { tailscaleChecks } from '../../../electron/core/tailscale/checks';
import { parseNetcheck } from '../../../electron/core/tailscale/netcheck';
import { parseStatusJson } from '../../../electron/core/tailscale/status-json';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/tailscale');
const NOW = Date.parse('2026-11-27T08:00:00Z');
const AT = new Date(NOW).toISOString();
const opts = { sourceId: 'tailscale', pinned: [] as string[] };
type Key = Parameters<typeof part>[0];
const said = (key: Key, params?: Parameters<typeof part>[1]): string => english(part(key, params));

/** The real iKuai capture, with its one peer (istoreos, idle) changed by `peer`. */
function capture(peer: Record<string, unknown> = {}, top: Record<string, unknown> = {}): TailscaleStatus {
  const raw = JSON.parse(readFileSync(path.join(dir, 'status-json-running-self-relay-peer-idle.json'), 'utf8')) as { Peer: Record<string, Record<string, unknown>> };
  const [key] = Object.keys(raw.Peer);
  raw.Peer[key] = { ...raw.Peer[key], ...peer };
  return parseStatusJson({ ...raw, ...top }, 'cli', NOW);
}

describe('tailscale status JSON, the fields of a peer', () => {
  it('reads OS, times, traffic and both exit-node flags of the captured peer', () => {
    const p = capture({ OS: 'windows', LastSeen: '2026-11-27T07:00:00Z', LastHandshake: '2026-11-27T07:59:30Z', RxBytes: 5_000, TxBytes: 7_000, ExitNode: true, ExitNodeOption: true }).peers[0];
    assert.deepEqual([p.os, p.lastSeen, p.lastHandshake, p.rxBytes, p.txBytes, p.exitNode, p.exitNodeOption], ['windows', '2026-11-27T07:00:00.000Z', '2026-11-27T07:59:30.000Z', 5_000, 7_000, true, true]);
    const plain = capture().peers[0];
    assert.deepEqual([plain.os, plain.exitNode, plain.exitNodeOption], ['linux', false, false], 'the capture says false for both');
    const text = capture({ ExitNode: 'true', ExitNodeOption: 1 }).peers[0];
    assert.deepEqual([text.exitNode, text.exitNodeOption], [false, false], 'only a JSON true counts');
  });

  it('is known by its ID, else its node key, else its map key', () => {
    assert.equal(capture().peers[0].id, 'nBBBBBBBBB11CNTRL');
    assert.equal(capture({ ID: '' }).peers[0].id, 'nodekey:2222222222222222222222222222222222222222222222222222222222222222');
    assert.equal(capture({ ID: undefined, PublicKey: undefined }).peers[0].id, 'nodekey:2222222222222222222222222222222222222222222222222222222222222222');
  });

  it('a peer through a peer relay is relayed even when tailscaled does not call it active', () => {
    const p = capture({ PeerRelay: '198.51.100.7:7777:vni:3', Active: false }).peers[0];
    assert.deepEqual([p.connection, p.peerRelay, p.classification], ['relay', '198.51.100.7:7777:vni:3', 'peer-relay']);
  });

  it('keeps only the text entries of an address list', () => {
    const p = capture({ TailscaleIPs: [7, '100.103.182.58', null, 'fd7a:115c:a1e0::f01:b63a'] }).peers[0];
    assert.deepEqual([p.ip, p.ips], ['100.103.182.58', ['100.103.182.58', 'fd7a:115c:a1e0::f01:b63a']]);
  });

  it('takes Online only when it is a JSON boolean, else shows the peer as reachable', () => {
    assert.equal(capture({ Online: false }).peers[0].online, false);
    assert.equal(capture({ Online: 'false' }).peers[0].online, true);
    assert.equal(capture({ Active: 'true', Relay: 'lax', LastWrite: '0001-01-01T00:00:00Z' }).peers[0].connection, 'idle', 'an Active that is not a boolean falls back to LastWrite');
  });

  it('strips the tailnet suffix only at a dot, not from a name that merely ends the same', () => {
    const s = capture({ DNSName: 'nas.mytaila1b2c3.ts.net.' });
    assert.equal(s.peers[0].name, 'nas.mytaila1b2c3.ts.net');
  });
});

describe('tailscale status JSON, the whole status', () => {
  it('reads tailscaled health warnings', () => {
    assert.deepEqual(capture({}, { Health: ['not connected to home DERP region 10', 7] }).health, ['not connected to home DERP region 10']);
  });

  it('reads a logged-out status that has a state and a login address but neither Self nor Peer', () => {
    const s = parseStatusJson({ BackendState: 'NeedsLogin', AuthURL: 'https://login.tailscale.com/a/abc123', Health: [] }, 'localapi', NOW);
    assert.deepEqual([s.backendState, s.authUrl, s.self, s.peers], ['NeedsLogin', 'https://login.tailscale.com/a/abc123', null, []]);
  });

  it('knows the device by its MagicDNS name alone', () => {
    const s = parseStatusJson({ BackendState: 'Running', MagicDNSSuffix: 'taila1b2c3.ts.net', Self: { DNSName: 'ikuai-1.taila1b2c3.ts.net.' } }, 'cli', NOW);
    assert.deepEqual([s.self?.name, s.self?.ips], ['ikuai-1', []]);
  });

  it('refuses JSON that is not a status with the tailscale-format code', () => {
    assert.throws(() => parseStatusJson({ Version: '1.76.1' }, 'cli', NOW), (e: unknown) => e instanceof LabError && e.code === 'tailscale-format'
      && e.message === 'tailscale status is not the expected JSON (no BackendState, Self or Peer): is this really `tailscale status --json`?');
  });
});

const pong = (peer: string, ok: boolean, message: string): PingResult => ({ peer, ok, via: ok ? 'direct' : null, endpoint: null, relay: null, latencyMs: ok ? 2 : null, upgradedToDirect: false, message });

describe('tailscale checks on the captured status, targets and words', () => {
  it('points the backend and health findings at tailscale', () => {
    const checks = tailscaleChecks(capture({}, { Health: ['no DNS'] }), opts, AT);
    assert.deepEqual(checks.map((c) => [c.id, c.target, c.status]), [['tailscale:backend', 'tailscale', 'ok'], ['tailscale:health', 'tailscale', 'warn']]);
    assert.equal(checks[0].summary, said('ts.running', { who: part('ts.asOn', { name: 'ikuai-1', tailnet: 'user@example.com' }), online: 1, total: 1 }));
  });

  it('a missing subnet router is critical and points at it', () => {
    const c = tailscaleChecks(capture(), { ...opts, subnetRouter: 'gateway' }, AT).find((x) => x.id === 'tailscale:subnet-router:gateway');
    assert.deepEqual([c?.status, c?.target, c?.summary], ['crit', 'peer:gateway', said('ts.routerMissing', { router: 'gateway' })]);
  });

  it('a relayed subnet router is reported once, as the router, with the netcheck reason in the UI language', () => {
    const netcheck = parseNetcheck(readFileSync(path.join(dir, 'netcheck-hard-nat-natpmp-pcp-truncated.txt'), 'utf8'));
    const s = { ...capture({ PrimaryRoutes: ['192.168.1.0/24'], Active: true, Relay: 'lax' }), netcheck };
    const checks = tailscaleChecks(s, { ...opts, subnetRouter: 'istoreos' }, AT);
    assert.deepEqual(checks.map((c) => c.id), ['tailscale:backend', 'tailscale:subnet-router:istoreos']);
    const router = checks[1];
    assert.deepEqual([router.status, router.target, router.detail, router.detailMsg], ['warn', 'peer:istoreos', netcheck.explanation, netcheck.explanationMsg]);
    const peerCheck = tailscaleChecks(s, opts, AT).find((c) => c.id === 'tailscale:subnet-router:istoreos');
    assert.equal(peerCheck?.target, 'peer:istoreos', 'found by its routes too');
  });

  it('a relayed peer carries the netcheck reason as a message', () => {
    const netcheck = parseNetcheck(readFileSync(path.join(dir, 'netcheck-udp-false-blank-latencies.txt'), 'utf8'));
    const c = tailscaleChecks({ ...capture({ Active: true }), netcheck }, opts, AT).find((x) => x.id === 'tailscale:peer:istoreos:path');
    assert.deepEqual([c?.status, c?.detail, c?.detailMsg], ['warn', said('ts.netcheck.udpBlocked'), part('ts.netcheck.udpBlocked')]);
  });
});

describe('tailscale checks, pinned peers by any of their names', () => {
  const pinned = (peer: Record<string, unknown>, pin: string, pings: PingResult[] = []) =>
    tailscaleChecks({ ...capture(peer), pings }, { ...opts, pinned: [pin] }, AT).find((c) => c.id === `tailscale:pinned:${pin}`);

  it('finds the ping whether it was recorded under the pinned address or the peer name', () => {
    const byIp = pinned({}, '100.103.182.58', [pong('100.103.182.58', true, 'pong from istoreos (100.103.182.58) via 192.168.1.2:41641 in 2ms')]);
    assert.deepEqual([byIp?.status, byIp?.target, byIp?.summary], ['ok', 'peer:istoreos', 'pinned peer istoreos: pong from istoreos (100.103.182.58) via 192.168.1.2:41641 in 2ms']);
    const byName = pinned({}, '100.103.182.58', [pong('istoreos', true, 'pong from istoreos via DERP(lax) in 180ms')]);
    assert.equal(byName?.summary, 'pinned peer istoreos: pong from istoreos via DERP(lax) in 180ms');
    assert.equal(pinned({}, '100.103.182.58', [pong('other', true, 'x')]), undefined, 'no ping of this peer, nothing to say');
  });

  it('a pinned peer that does not answer is a warning naming the result', () => {
    const c = pinned({}, 'istoreos', [pong('istoreos', false, 'no reply')]);
    assert.deepEqual([c?.status, c?.target, c?.summary], ['warn', 'peer:istoreos', said('ts.pinnedNoAnswer', { peer: 'istoreos', result: 'no reply' })]);
  });

  it('an offline pinned peer never seen, and one whose key expired at an unknown time, are said without a time', () => {
    const off = pinned({ Online: false }, 'istoreos');
    assert.deepEqual([off?.status, off?.target, off?.summary], ['warn', 'peer:istoreos', 'pinned peer istoreos is offline']);
    const expired = pinned({ Expired: true, KeyExpiry: '' }, 'istoreos');
    assert.deepEqual([expired?.status, expired?.target, expired?.summary], ['warn', 'peer:istoreos', said('ts.pinnedKeyExpired', { peer: 'istoreos', when: '' })]);
    assert.match(expired?.summary ?? '', /^pinned peer istoreos: its node key expired, so it stays offline/);
    const dated = pinned({ Expired: true }, 'istoreos');
    assert.match(dated?.summary ?? '', /^pinned peer istoreos: its node key expired on 2025-04-29T13:46:06\.000Z, so/);
  });
});
