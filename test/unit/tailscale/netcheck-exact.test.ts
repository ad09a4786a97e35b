import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { LabError } from '../../../shared/api';
import { english, part } from '../../../shared/message';
import type { NetcheckReport } from '../../../shared/tailscale';
import { parseNetcheck, parseNetcheckJson } from '../../../electron/core/tailscale/netcheck';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/tailscale');
const read = (f: string): string => readFileSync(path.join(dir, f), 'utf8');

const said = (key: Parameters<typeof part>[0], params?: Parameters<typeof part>[1]): string => english(part(key, params));
const EASY = said('ts.netcheck.easy');
const UDP_BLOCKED = said('ts.netcheck.udpBlocked');
const hardNat = (methods: string[] | null): string =>
  said('ts.netcheck.hardNat', { mapping: methods ? part('ts.netcheck.portMapping', { methods }) : part('ts.netcheck.noPortMapping') });

/** The parts of a report that are plain data (the message is checked through `explanation`). */
const data = (r: NetcheckReport): Omit<NetcheckReport, 'explanationMsg'> => {
  const { explanationMsg: _msg, ...rest } = r;
  return rest;
};

const rejects = (fn: () => unknown, message: string): void =>
  assert.throws(fn, (e: unknown) => e instanceof LabError && e.code === 'tailscale-format' && e.message === message);

describe('netcheck text report, whole reports of real captures', () => {
  it('reads the hard-NAT capture with NAT-PMP and PCP field by field, every region with its latency', () => {
    assert.deepEqual(data(parseNetcheck(read('netcheck-hard-nat-natpmp-pcp-truncated.txt'))), {
      udp: true, ipv4: 'w.x.y.z:1511', ipv6: null, mappingVariesByDestIP: true, portMapping: ['NAT-PMP', 'PCP'], preferredDerp: 'sfo',
      derpLatency: [
        { region: 'sfo', latencyMs: 5.9 }, { region: 'sea', latencyMs: 24 }, { region: 'dfw', latencyMs: 45 },
        { region: 'ord', latencyMs: 53.7 }, { region: 'nyc', latencyMs: 74.1 },
      ],
      explanation: hardNat(['NAT-PMP', 'PCP']),
    });
  });

  it('reads the legacy capture ("3 (sin)" and "- 1, nyc = 299.6ms" rows) whole', () => {
    assert.deepEqual(data(parseNetcheck(read('netcheck-legacy-format-region-ids.txt'))), {
      udp: true, ipv4: '<PublicIP>:51163', ipv6: null, mappingVariesByDestIP: false, portMapping: [], preferredDerp: 'sin',
      derpLatency: [
        { region: 'nyc', latencyMs: 299.6 }, { region: 'sfo', latencyMs: 262.9 }, { region: 'sin', latencyMs: 76.5 },
        { region: 'fra', latencyMs: 163.5 }, { region: 'syd', latencyMs: 437.7 },
      ],
      explanation: EASY,
    });
  });

  it('reads the capture behind log lines and with "no, but OS has support" as no IPv6', () => {
    const r = parseNetcheck(read('netcheck-udp-false-with-log-prefix-truncated.txt'));
    assert.deepEqual([r.udp, r.ipv4, r.ipv6, r.mappingVariesByDestIP, r.portMapping, r.preferredDerp, r.explanation], [false, null, null, null, [], 'fra', UDP_BLOCKED]);
    assert.deepEqual(r.derpLatency.slice(0, 2), [{ region: 'fra', latencyMs: 17.6 }, { region: 'ams', latencyMs: 25.5 }]);
    assert.equal(r.derpLatency.length, 18);
  });

  it('reads the same report saved with Windows line ends and an indented Report: line with trailing blanks', () => {
    const crlf = read('netcheck-udp-true-easy-nat-dualstack.txt').replace(/\n/g, '\r\n').replace('\r\nReport:', '\r\n    Report:  ');
    const r = parseNetcheck(crlf);
    assert.deepEqual([r.udp, r.ipv4, r.ipv6, r.mappingVariesByDestIP, r.preferredDerp, r.explanation], [true, '203.0.113.85:34272', '[2001:db8:de49:4900:9298:64ff:fe01:5aab]:57710', false, 'lhr', EASY]);
    assert.deepEqual(r.derpLatency[0], { region: 'lhr', latencyMs: 45.8 });
  });

  it('a report with fields missing leaves them unknown and says nothing', () => {
    assert.deepEqual(data(parseNetcheck('Report:\n\t* Nearest DERP: 3 (sin)\n')), {
      udp: null, ipv4: null, ipv6: null, mappingVariesByDestIP: null, portMapping: [], preferredDerp: 'sin', derpLatency: [], explanation: null,
    });
  });
});

describe('netcheck text report, the shapes of lines', () => {
  it('finds the nearest region through the verbose "(derp12, Hong Kong)" rows, and two-digit legacy ids', () => {
    const verbose = parseNetcheck('Report:\n\t* UDP: true\n\t* Nearest DERP: Hong Kong\n\t* DERP latency:\n\t\t- hkg: 1.6ms (derp12, Hong Kong)\n\t\t- sin: 30.7ms (derp15, Singapore)\n');
    assert.equal(verbose.preferredDerp, 'hkg');
    assert.deepEqual(verbose.derpLatency, [{ region: 'hkg', latencyMs: 1.6 }, { region: 'sin', latencyMs: 30.7 }]);
    const legacy = parseNetcheck('Report:\n\t* Nearest DERP: 12 (hkg)\n\t* DERP latency:\n\t\t- 12, hkg = 1.6ms\n\t\t- 3, sin = 30.7ms\n');
    assert.equal(legacy.preferredDerp, 'hkg');
    assert.deepEqual(legacy.derpLatency, [{ region: 'hkg', latencyMs: 1.6 }, { region: 'sin', latencyMs: 30.7 }]);
  });

  it('reads fields however the value is spaced', () => {
    const r = parseNetcheck('Report:\n\t* UDP:   false\n\t* MappingVariesByDestIP:true\n\t* DERP latency:\n\t\t- fra:17.6ms (Frankfurt)\n');
    assert.deepEqual([r.udp, r.mappingVariesByDestIP, r.derpLatency], [false, true, [{ region: 'fra', latencyMs: 17.6 }]]);
  });

  it('reads nothing from lines that only look like fields or rows somewhere inside them', () => {
    const r = parseNetcheck([
      'Report:',
      '\t* UDP: true',
      '\tnote * UDP: false',
      '\t* IPv4: no, yes, 198.51.100.1:1',
      '\t* IPv6: not yes, [2001:db8::9]:1',
      '\t* MappingVariesByDestIP: false',
      '\t* PortMapping: UPnP (not checked)',
      '\t* Nearest DERP: near 3 (sin) now',
      '\t* DERP latency:',
      '\t\tx- fra: 17.6ms (Frankfurt)',
      '\t\t- ams: 25.5ms (Amsterdam) extra',
      '\t\tx- 1, nyc = 299.6ms',
      '\t\t- 2, sfo = 262.9ms extra',
    ].join('\n'));
    assert.deepEqual(data(r), {
      udp: true, ipv4: null, ipv6: null, mappingVariesByDestIP: false, portMapping: ['UPnP (not checked)'], preferredDerp: null, derpLatency: [], explanation: said('ts.netcheck.noPublicAddress'),
    });
  });

  it('takes the nearest region from a legacy value only when it is "<id> (<code>)" and nothing more', () => {
    const nearest = (v: string): string | null => parseNetcheck(`Report:\n\t* Nearest DERP: ${v}\n\t* DERP latency:\n\t\t- sin: 76.5ms (Singapore)\n`).preferredDerp;
    assert.deepEqual([nearest('3 (sin)'), nearest('3 (sin) x'), nearest('x3 (sin)'), nearest('Singapore')], ['sin', null, null, 'sin']);
  });

  it('reads only from the Report: line on, not a line that merely ends in or starts with Report:', () => {
    const r = parseNetcheck('* UDP: false\n- fra: 1ms (Frankfurt)\n- 1, nyc = 2ms\nReport:\n\t* UDP: true\n');
    assert.deepEqual([r.udp, r.derpLatency], [true, []]);
    rejects(() => parseNetcheck('2026/04/27 20:13:10 netcheck: no Report:\n'), 'tailscale netcheck printed no report: 2026/04/27 20:13:10 netcheck: no Report:');
    rejects(() => parseNetcheck('Report: unavailable\n\t* UDP: true\n'), 'tailscale netcheck printed no report: Report: unavailable');
  });

  it('names at most 200 characters of what it printed instead of a report', () => {
    const long = 'e'.repeat(250);
    rejects(() => parseNetcheck(`${long}\nsecond`), `tailscale netcheck printed no report: ${'e'.repeat(200)}`);
  });
});

describe('netcheck: text or JSON', () => {
  const json = JSON.stringify({ UDP: true, GlobalV4: '198.51.100.23:61409', GlobalV6: '', MappingVariesByDestIP: 'false', PreferredDERP: 12, RegionLatency: { 12: 38_200_000 } });

  it('reads JSON after log lines and indentation', () => {
    const r = parseNetcheck(`2026/04/27 20:13:10 No DERP map from tailscaled; using default.\n   ${json}\n`);
    assert.deepEqual(data(r), {
      udp: true, ipv4: '198.51.100.23:61409', ipv6: null, mappingVariesByDestIP: false, portMapping: [], preferredDerp: '#12',
      derpLatency: [{ region: '#12', latencyMs: 38.2 }], explanation: EASY,
    });
  });

  it('reads JSON that mentions Report: inside a line', () => {
    const r = parseNetcheck(`2026/04/27 20:13:10 netcheck: Report: as JSON\n${json}`);
    assert.equal(r.preferredDerp, '#12');
  });

  it('reads text when a log line starts with a brace, with Report: at the start of a line or indented', () => {
    for (const head of ['Report:', '  Report:']) {
      const r = parseNetcheck(`{"logtail": "started"}\n${head}\n\t* UDP: false\n`);
      assert.deepEqual([r.udp, r.explanation], [false, UDP_BLOCKED], head);
    }
  });

  it('an error with a brace inside it is no report, not broken JSON', () => {
    rejects(() => parseNetcheck('netcheck: unexpected {DERPMap: nil}\n'), 'tailscale netcheck printed no report: netcheck: unexpected {DERPMap: nil}');
    rejects(() => parseNetcheck('x{"UDP": true}\n'), 'tailscale netcheck printed no report: x{"UDP": true}');
  });

  it('takes addresses and the preferred region only of the right type', () => {
    const r = parseNetcheckJson(JSON.stringify({ UDP: true, GlobalV4: 7, GlobalV6: 9, MappingVariesByDestIP: false, PreferredDERP: '12' }));
    assert.deepEqual([r.ipv4, r.ipv6, r.preferredDerp, r.explanation], [null, null, null, said('ts.netcheck.noPublicAddress')]);
    const v6 = parseNetcheckJson(JSON.stringify({ UDP: true, GlobalV4: '', GlobalV6: '[2001:db8::1]:41641', MappingVariesByDestIP: false }));
    assert.deepEqual([v6.ipv4, v6.ipv6, v6.explanation], [null, '[2001:db8::1]:41641', EASY]);
  });

  it('refuses JSON that does not parse or is not an object, naming why and keeping the cause', () => {
    assert.throws(() => parseNetcheckJson('{nope'), (e: unknown) => e instanceof LabError && e.code === 'tailscale-format' && e.cause instanceof SyntaxError && e.message === `tailscale netcheck printed JSON that does not parse: ${e.cause.message}`);
    rejects(() => parseNetcheckJson('"text"'), 'tailscale netcheck JSON is not an object');
  });
});
