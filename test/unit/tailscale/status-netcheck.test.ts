import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NetcheckReport, TailscaleStatus } from '../../../shared/tailscale';
import { tailscaleChecks } from '../../../electron/core/tailscale/checks';
import { explainRelay, parseNetcheck, parseNetcheckJson } from '../../../electron/core/tailscale/netcheck';
import { parseStatusJson } from '../../../electron/core/tailscale/status-json';
import { demoTailnet, peer, TailnetModel } from '../../../demo/tailscale/model';

const NOW = Date.parse('2026-11-27T08:00:00Z');
const AT = new Date(NOW).toISOString();
const opts = { sourceId: 'tailscale', pinned: [] as string[] };

describe('tailscale status JSON, field by field', () => {
  it('names peers from the MagicDNS name with or without the suffix, else the host name', () => {
    const s = parseStatusJson({
      BackendState: 'Running', MagicDNSSuffix: 'Tail1.ts.net.', CurrentTailnet: { Name: '' },
      Peer: {
        a: { DNSName: 'nas.tail1.ts.net.', HostName: 'NAS-host', TailscaleIPs: ['fd7a::1', '100.64.0.1'] },
        b: { DNSName: 'pi.other.example.', HostName: 'pi-host', TailscaleIPs: ['fd7a::2'] },
        c: { HostName: 'cam', TailscaleIPs: 'not a list', RxBytes: Infinity, TxBytes: 12 },
        d: { ShareeNode: true, HostName: 'shared-in' },
        e: 'not an object',
        f: {},
      },
    }, 'cli', NOW);
    assert.equal(s.tailnet, null);
    assert.equal(s.magicDnsSuffix, 'Tail1.ts.net');
    assert.deepEqual(s.peers.map((p) => [p.name, p.ip, p.ips, p.rxBytes, p.txBytes, p.id]), [
      ['(unnamed)', null, [], 0, 0, 'f'],
      ['cam', null, [], 0, 12, 'c'],
      ['nas', '100.64.0.1', ['fd7a::1', '100.64.0.1'], 0, 0, 'a'],
      ['pi.other.example', 'fd7a::2', ['fd7a::2'], 0, 0, 'b'],
    ]);
    const noSuffix = parseStatusJson({ BackendState: 'Running', Peer: { a: { DNSName: 'nas.tail1.ts.net.', ID: 'n1', PublicKey: 'k' } } }, 'cli', NOW);
    assert.deepEqual([noSuffix.peers[0].name, noSuffix.peers[0].id, noSuffix.peers[0].dnsName], ['nas', 'n1', 'nas.tail1.ts.net']);
  });

  it('reads a peer’s times, turning Go’s zero time and garbage into never', () => {
    const s = parseStatusJson({ BackendState: 'Running', Peer: { a: { HostName: 'a', LastSeen: '0001-01-01T00:00:00Z', LastHandshake: 'yesterday', KeyExpiry: '2026-12-01T10:00:00+02:00' } } }, 'cli', NOW);
    assert.deepEqual([s.peers[0].lastSeen, s.peers[0].lastHandshake, s.peers[0].keyExpiry], [null, null, '2026-12-01T08:00:00.000Z']);
  });

  it('calls a legacy peer active when it wrote less than two minutes ago, not at two minutes', () => {
    const at = (ms: number) => parseStatusJson({ BackendState: 'Running', Peer: { a: { HostName: 'a', Relay: 'fra', LastWrite: new Date(NOW - ms).toISOString() } } }, 'cli', NOW).peers[0].connection;
    assert.deepEqual([at(119_999), at(120_000)], ['relay', 'idle']);
    const active = parseStatusJson({ BackendState: 'Running', Peer: { a: { HostName: 'a', Relay: 'fra', Active: false, LastWrite: new Date(NOW).toISOString() } } }, 'cli', NOW);
    assert.equal(active.peers[0].connection, 'idle', 'Active, when present, decides');
  });

  it('reads the self from its own addresses or the status ones, and not without an identity', () => {
    const s = parseStatusJson({ BackendState: 'Running', TailscaleIPs: ['100.64.0.9'], Self: { HostName: 'me', Relay: '' } }, 'cli', NOW);
    assert.deepEqual([s.self?.ip, s.self?.relay, s.authUrl, s.version], ['100.64.0.9', null, null, null]);
    assert.equal(parseStatusJson({ BackendState: 'Running', Self: { OS: 'linux' } }, 'cli', NOW).self, null);
    assert.equal(parseStatusJson({ Self: { HostName: 'me' } }, 'cli', NOW).backendState, '', 'an identity without addresses is not known to be connected');
    assert.throws(() => parseStatusJson([], 'cli', NOW), /not the expected JSON/);
    assert.equal(parseStatusJson({ Peer: {} }, 'cli', NOW).peers.length, 0);
  });
});

describe('tailscale checks, branch by branch', () => {
  const status = (over: Partial<TailscaleStatus>): TailscaleStatus => ({ ...parseStatusJson(new TailnetModel(demoTailnet()).status(NOW), 'localapi', NOW), ...over });

  it('says each backend state in words', () => {
    const said = (backendState: string) => tailscaleChecks(status({ backendState }), opts, AT)[0];
    assert.deepEqual([said('NeedsMachineAuth').status, said('NeedsMachineAuth').summary], ['crit', 'this device waits for approval by the tailnet admin (Machines page of the admin console)']);
    assert.deepEqual([said('Starting').status, said('Starting').summary], ['unknown', 'Tailscale is starting']);
    assert.deepEqual([said('Odd').status, said('Odd').summary], ['unknown', 'Tailscale is in state Odd']);
    assert.equal(said('').summary, 'Tailscale is in state unknown');
    const login = tailscaleChecks(status({ backendState: 'NeedsLogin', authUrl: null }), opts, AT)[0];
    assert.equal(login.detail, undefined);
  });

  it('names who it runs as, and the tailnet when known', () => {
    const base = status({});
    const online = base.peers.filter((p) => p.online).length;
    assert.equal(tailscaleChecks({ ...base, tailnet: null }, opts, AT)[0].summary, `Tailscale is running as ${base.self?.name} (${online} of ${base.peers.length} peers online)`);
    assert.equal(tailscaleChecks({ ...base, self: null }, opts, AT)[0].summary, `Tailscale is running (${online} of ${base.peers.length} peers online)`);
  });

  it('reports tailscaled health problems, one or several, each on its own line', () => {
    const one = tailscaleChecks(status({ health: ['no DNS'] }), opts, AT).find((c) => c.id === 'tailscale:health');
    assert.deepEqual([one?.status, one?.summary, one?.detail], ['warn', 'tailscaled reports a problem: no DNS', 'no DNS']);
    const two = tailscaleChecks(status({ health: ['no DNS', 'clock skew'] }), opts, AT).find((c) => c.id === 'tailscale:health');
    assert.deepEqual([two?.summary, two?.detail], ['tailscaled reports 2 problems: no DNS', 'no DNS\nclock skew']);
    assert.equal(tailscaleChecks(status({ health: [] }), opts, AT).find((c) => c.id === 'tailscale:health'), undefined);
  });

  it('pinned peers: missing, offline since a time, and answering ping', () => {
    const s = status({ pings: [{ peer: 'um560', ok: true, via: 'direct', endpoint: '192.168.50.11:41641', relay: null, latencyMs: 2, upgradedToDirect: false, message: 'pong from um560 via 192.168.50.11:41641 in 2ms' }] });
    const offline = s.peers.find((p) => !p.online);
    const checks = tailscaleChecks({ ...s, peers: s.peers.map((p) => (p === offline ? { ...p, lastSeen: '2026-11-26T08:00:00.000Z' } : p)) }, { ...opts, pinned: ['ghost', 'um560', offline?.name ?? ''] }, AT);
    const by = (n: string) => checks.find((c) => c.id === `tailscale:pinned:${n}`);
    assert.deepEqual([by('ghost')?.status, by('ghost')?.summary, by('ghost')?.target], ['warn', 'pinned peer ghost is not in the tailnet', 'peer:ghost']);
    assert.deepEqual([by('um560')?.status, by('um560')?.summary], ['ok', 'pinned peer um560: pong from um560 via 192.168.50.11:41641 in 2ms']);
    assert.equal(by(offline?.name ?? '')?.summary, `pinned peer ${offline?.name} is offline (last seen 2026-11-26T08:00:00.000Z)`);
  });

  it('shows a peer of the Tailscale fake reached through a peer relay as relayed via that relay, with the router relayed the same way', () => {
    const state = demoTailnet();
    state.peers.push(peer('nas-offsite', 'linux', '100.77.1.9', { link: 'peer-relay', peerRelay: '198.51.100.7:7777:vni:3', directAfter: null, active: true }));
    state.peers[0].link = 'peer-relay';
    state.peers[0].peerRelay = '198.51.100.9:7777:vni:1';
    const s = parseStatusJson(new TailnetModel(state).status(NOW), 'localapi', NOW);
    const checks = tailscaleChecks(s, { ...opts, subnetRouter: 'tailscale-gateway' }, AT);
    const nas = checks.find((c) => c.id === 'tailscale:peer:nas-offsite:path');
    assert.deepEqual([nas?.status, nas?.summary, nas?.target], ['warn', 'nas-offsite is relayed via peer relay 198.51.100.7:7777:vni:3, not direct', 'peer:nas-offsite']);
    const router = checks.find((c) => c.id === 'tailscale:subnet-router:tailscale-gateway');
    assert.equal(router?.status, 'warn');
    assert.match(router?.summary ?? '', /relayed via peer relay 198\.51\.100\.9:7777:vni:1/);
  });
});

describe('netcheck, at the edges', () => {
  const report = (over: Partial<NetcheckReport>): NetcheckReport => ({ udp: true, ipv4: '203.0.113.1:41641', ipv6: null, mappingVariesByDestIP: false, portMapping: [], preferredDerp: null, derpLatency: [], explanation: null, ...over });

  it('explains each network in one plain sentence, or says nothing when it knows nothing', () => {
    assert.equal(explainRelay(report({ udp: null, mappingVariesByDestIP: null })), null);
    assert.match(explainRelay(report({ udp: false, mappingVariesByDestIP: null })) ?? '', /^UDP is blocked on this network/);
    assert.equal(explainRelay(report({ mappingVariesByDestIP: true, portMapping: ['UPnP'] })), 'This network has a hard NAT (MappingVariesByDestIP: each destination gets a different public port), so peers that are also behind a hard or port-restricted NAT stay on a DERP relay; port mapping (UPnP) is available, which often still opens a direct path.');
    assert.match(explainRelay(report({ mappingVariesByDestIP: true })) ?? '', /; no port mapping \(UPnP, NAT-PMP or PCP\) is available to help\.$/);
    assert.match(explainRelay(report({ ipv4: null })) ?? '', /^netcheck found no public address/);
    assert.match(explainRelay(report({ ipv4: null, ipv6: '[2001:db8::1]:41641' })) ?? '', /^This network looks easy/);
    assert.match(explainRelay(report({ udp: null })) ?? '', /^This network looks easy/);
    assert.match(explainRelay(report({ mappingVariesByDestIP: null })) ?? '', /^UDP works, but netcheck could not tell/);
  });

  it('reads netcheck --format=json: opt.Bool text, port mapping names, DERP ids ordered by latency in ms to a tenth', () => {
    const r = parseNetcheckJson(JSON.stringify({ UDP: true, GlobalV4: '', GlobalV6: '[2001:db8::1]:41641', MappingVariesByDestIP: 'true', UPnP: '', PMP: 'true', PCP: true, PreferredDERP: 0, RegionLatency: { 1: 56_340_000, 12: 1_640_000, 9: 'x' } }));
    assert.deepEqual([r.udp, r.ipv4, r.ipv6, r.mappingVariesByDestIP, r.portMapping, r.preferredDerp], [true, null, '[2001:db8::1]:41641', true, ['NAT-PMP', 'PCP'], null]);
    assert.deepEqual(r.derpLatency, [{ region: '#12', latencyMs: 1.6 }, { region: '#1', latencyMs: 56.3 }]);
    assert.match(r.explanation ?? '', /^This network has a hard NAT/);
    const bare = parseNetcheckJson(JSON.stringify({ UDP: 'yes', MappingVariesByDestIP: 'false', PreferredDERP: 12, RegionLatency: [] }));
    assert.deepEqual([bare.udp, bare.mappingVariesByDestIP, bare.preferredDerp, bare.derpLatency], [null, false, '#12', []]);
    assert.throws(() => parseNetcheckJson('[1]'), (e: Error) => e.message === 'tailscale netcheck JSON is not an object');
    assert.throws(() => parseNetcheckJson('{nope'), (e: Error) => e.message.startsWith('tailscale netcheck printed JSON that does not parse: Expected property name'));
  });

  it('reads the text report, and names what it printed instead of one', () => {
    const r = parseNetcheck(['', 'Report:', '\t* UDP: maybe', '\t* IPv4: no', '\t* IPv6: yes, [2001:db8::1]:41641', '\t* MappingVariesByDestIP: false', '\t* PortMapping: UPnP, , PCP', '\t* Nearest DERP: Frankfurt', '\t* DERP latency:', '\t\t- fra: 12.5ms  (Frankfurt)', '\t\t- nue:  (Nuremberg)', '\t\t- fra2: 30ms (Frankfurt)'].join('\n'));
    assert.deepEqual([r.udp, r.ipv4, r.ipv6, r.mappingVariesByDestIP, r.portMapping, r.preferredDerp], [null, null, '[2001:db8::1]:41641', false, ['UPnP', 'PCP'], 'fra']);
    assert.deepEqual(r.derpLatency, [{ region: 'fra', latencyMs: 12.5 }, { region: 'nue', latencyMs: null }, { region: 'fra2', latencyMs: 30 }]);
    assert.deepEqual(parseNetcheck('Report:\n* PortMapping: not checked\n* Nearest DERP: 3 (sin)\n').portMapping, []);
    assert.equal(parseNetcheck('Report:\n* Nearest DERP: 3 (sin)\n').preferredDerp, 'sin');
    assert.equal(parseNetcheck('Report:\n* Nearest DERP: Atlantis\n').preferredDerp, null);
    assert.throws(() => parseNetcheck('  \n'), (e: Error) => e.message === 'tailscale netcheck printed no report: (nothing)');
    assert.throws(() => parseNetcheck('netcheck: context deadline exceeded\nmore'), (e: Error) => e.message === 'tailscale netcheck printed no report: netcheck: context deadline exceeded');
  });
});
