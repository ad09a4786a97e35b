import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { describePeerPath } from '../../../shared/tailscale';
import { parseNetcheck } from '../../../electron/core/tailscale/netcheck';
import { parseGoDuration, parsePingOutput } from '../../../electron/core/tailscale/ping';
import { parseStatusJson } from '../../../electron/core/tailscale/status-json';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/tailscale');
const read = (f: string): string => readFileSync(path.join(dir, f), 'utf8');
const NOW = Date.parse('2026-11-27T08:00:00Z');

describe('tailscale status fixtures (real captures)', () => {
  it('reads the iKuai status --json: Running, self on its home DERP(sea), peer iStoreOS idle (online, not active, Relay lax is only its home)', () => {
    const s = parseStatusJson(JSON.parse(read('status-json-running-self-relay-peer-idle.json')), 'cli', NOW);
    assert.equal(s.backendState, 'Running');
    assert.equal(s.version, '1.76.1-ERR-BuildInfo');
    assert.equal(s.tailnet, 'user@example.com');
    assert.equal(s.magicDnsSuffix, 'taila1b2c3.ts.net');
    assert.deepEqual(s.self, { name: 'ikuai-1', dnsName: 'ikuai-1.taila1b2c3.ts.net', ip: '100.104.58.51', ips: ['100.104.58.51', 'fd7a:115c:a1e0::ef01:3a34'], os: 'linux', relay: 'sea' });
    assert.equal(s.peers.length, 1);
    const p = s.peers[0];
    assert.equal(p.name, 'istoreos');
    assert.equal(p.ip, '100.103.182.58');
    assert.equal(p.online, true);
    assert.equal(p.connection, 'idle');
    assert.equal(p.classification, 'idle');
    assert.equal(p.relay, 'lax');
    assert.equal(p.endpoint, null);
    assert.equal(p.lastSeen, null, 'Go zero time means never');
    assert.match(describePeerPath(p), /^idle \(no recent traffic/);
  });
});

describe('tailscale ping fixtures', () => {
  it('shows DERP(sfo) pongs followed by a direct IPv6 pong as an upgrade to direct', () => {
    const r = parsePingOutput('monitoring', read('ping-derp-then-direct-ipv6.txt'));
    assert.equal(r.ok, true);
    assert.equal(r.via, 'direct');
    assert.equal(r.endpoint, '[2001:db8:2:d1::36:d001]:41641');
    assert.equal(r.latencyMs, 33);
    assert.equal(r.upgradedToDirect, true);
    assert.match(r.message, /upgraded from DERP\(sfo\)/);
  });

  it('keeps a peer behind DERP(sea) as relayed when the CLI says the direct connection was not established', () => {
    const r = parsePingOutput('pisdr', read('ping-derp-direct-not-established.txt'));
    assert.deepEqual([r.ok, r.via, r.relay, r.latencyMs, r.upgradedToDirect], [true, 'relay', 'sea', 137, false]);
    assert.match(r.message, /direct connection not established/);
  });

  it('reads a custom DERP region code ("home") from a headscale setup', () => {
    const r = parsePingOutput('oneplus-8t', read('ping-custom-derp-region.txt'));
    assert.deepEqual([r.via, r.relay, r.latencyMs], ['relay', 'home', 30]);
  });

  it('reports no reply when every ping timed out, and reads Go durations', () => {
    const r = parsePingOutput('pad', 'ping "100.92.3.21" timed out\nping "100.92.3.21" timed out\nno reply\n');
    assert.equal(r.ok, false);
    assert.equal(r.message, 'no reply');
    assert.equal(parseGoDuration('1.204s'), 1204);
    assert.equal(parseGoDuration('1m2.5s'), 62500);
    assert.equal(parseGoDuration('fast'), null);
  });
});

describe('tailscale netcheck fixtures', () => {
  const cases: [string, Partial<Record<string, unknown>>, RegExp][] = [
    ['netcheck-udp-true-easy-nat-dualstack.txt', { udp: true, mappingVariesByDestIP: false, preferredDerp: 'lhr', ipv4: '203.0.113.85:34272' }, /easy for direct/],
    ['netcheck-legacy-format-region-ids.txt', { udp: true, mappingVariesByDestIP: false, preferredDerp: 'sin' }, /easy for direct/],
    ['netcheck-udp-false-blank-latencies.txt', { udp: false, mappingVariesByDestIP: null, preferredDerp: 'nyc', ipv4: null }, /UDP is blocked/],
    ['netcheck-udp-false-with-log-prefix-truncated.txt', { udp: false, preferredDerp: 'fra' }, /UDP is blocked/],
    ['netcheck-udp-true-many-unreachable-regions.txt', { udp: true, preferredDerp: 'hkg' }, /easy for direct/],
    ['netcheck-hard-nat-natpmp-pcp-truncated.txt', { udp: true, mappingVariesByDestIP: true, preferredDerp: 'sfo', portMapping: ['NAT-PMP', 'PCP'] }, /hard NAT.*NAT-PMP, PCP/],
    ['netcheck-hard-nat-custom-derp-truncated.txt', { udp: true, mappingVariesByDestIP: true, preferredDerp: 'iCd', portMapping: [] }, /hard NAT.*no port mapping/],
  ];
  for (const [file, expected, why] of cases) {
    it(`explains ${file.replace(/\.txt$/, '')}`, () => {
      const r = parseNetcheck(read(file));
      for (const [k, v] of Object.entries(expected)) assert.deepEqual((r as unknown as Record<string, unknown>)[k], v, k);
      assert.match(r.explanation ?? '', why);
      assert.ok(r.derpLatency.length >= 5);
    });
  }

  it('keeps regions that did not answer with a null latency, and reads the legacy "1, nyc = 299.6ms" rows', () => {
    const blank = parseNetcheck(read('netcheck-udp-false-blank-latencies.txt'));
    assert.deepEqual(blank.derpLatency.find((r) => r.region === 'tok'), { region: 'tok', latencyMs: null });
    const legacy = parseNetcheck(read('netcheck-legacy-format-region-ids.txt'));
    assert.deepEqual(legacy.derpLatency[0], { region: 'nyc', latencyMs: 299.6 });
  });

  it('reads the --format=json report (regions by id)', () => {
    const r = parseNetcheck('{"UDP":true,"MappingVariesByDestIP":"true","PMP":"","PreferredDERP":12,"RegionLatency":{"12":38200000,"7":71500000},"GlobalV4":"198.51.100.23:61409"}');
    assert.deepEqual([r.udp, r.mappingVariesByDestIP, r.preferredDerp, r.derpLatency[0]], [true, true, '#12', { region: '#12', latencyMs: 38.2 }]);
  });
});
