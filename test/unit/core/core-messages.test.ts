import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { coreMessages, english, msg, part, plural, textIn, type Msg } from '../../../shared/message';
import type { Check } from '../../../shared/status';
import type { KubeCluster, KubeNode } from '../../../shared/kube';
import type { ProxmoxCluster } from '../../../shared/proxmox';
import { clusterChecks } from '../../../electron/core/proxmox/checks';
import { kubeChecks } from '../../../electron/core/kube/checks';
import { podProblem } from '../../../electron/core/kube/summarize';
import { scsiFindings } from '../../../electron/core/ssh/probes/smart-judge';
import { tailscaleChecks } from '../../../electron/core/tailscale/checks';
import { parseNetcheck } from '../../../electron/core/tailscale/netcheck';
import { parsePingOutput } from '../../../electron/core/tailscale/ping';
import { parseStatusJson } from '../../../electron/core/tailscale/status-json';
import { runProbes } from '../../../electron/core/ssh/probes';
import { resolveThresholds } from '../../../electron/core/ssh/probes/thresholds';
import { nodeChecks, type MetricsNode } from '../../../electron/core/metrics/health';
import { decideLocation, runProbe, type IdentityProber } from '../../../electron/core/location/decide';
import { LocationHolder, LocationSource } from '../../../electron/core/location/source';
import { Lab } from '../../../electron/core/lab/lab';
import { MemorySecretStore } from '../../../electron/core/secrets';
import type { HostState } from '../../../shared/hosts';
import { demoTailnet, TailnetModel } from '../../../demo/tailscale/model';
import { FakeClock } from '../../helpers/fake-clock';

const AT = '2026-11-27T08:00:00.000Z';
const NOW = Date.parse(AT);
const fixtures = join(import.meta.dirname, '../../fixtures');
const fx = (area: string, name: string): string => readFileSync(join(fixtures, area, name), 'utf8');

/** Every key a message names, nested ones included. */
function keysOf(m: Msg): string[] {
  const out = [m.key];
  for (const v of Object.values(m.params ?? {})) {
    for (const x of Array.isArray(v) ? v : [v]) if (typeof x === 'object' && x !== null) out.push(...keysOf(x as Msg));
  }
  return out;
}

/** The message exists in the catalogue (all its parts) and renders exactly the English summary. */
function assertSaid(m: Msg | null | undefined, english_: string, what: string): void {
  assert.ok(m, `${what}: no structured message for "${english_}"`);
  for (const k of keysOf(m)) assert.ok(Object.hasOwn(coreMessages, k) || Object.hasOwn(coreMessages, `${k}_other`), `${what}: key ${k} is not in the catalogue`);
  assert.equal(english(m), english_, `${what}: the English summary is not the catalogue's rendering`);
}

function assertChecks(checks: Check[], what: string, min = 1): void {
  assert.ok(checks.length >= min, `${what}: expected at least ${min} checks`);
  for (const c of checks) {
    assertSaid(c.msg, c.summary, `${what} ${c.id}`);
    if (c.detailMsg) assertSaid(c.detailMsg, c.detail ?? '', `${what} ${c.id} detail`);
  }
}

describe('the core message catalogue', () => {
  it('renders a template with nested parts, lists and formats, and refuses a missing param', () => {
    const m = msg('pve.backupOld', { guest: '111 (home-assistant)', age: 200, job: part('pve.backupNoJob'), verify: part('pve.backupVerifyFailed') });
    assert.equal(m.summary, '111 (home-assistant): last backup is 8 days old; no scheduled backup job covers it (its verification failed)');
    assert.equal(english(part('kube.nodePressure', { context: 'k3s-main', node: 'rock5b', conditions: ['DiskPressure', 'PIDPressure'] })), 'k3s-main: node rock5b reports DiskPressure, PIDPressure');
    assert.equal(textIn('en', { key: 'pve.nodeOffline' }, 'the fallback'), 'the fallback', 'a missing param never leaves a hole in the sentence');
    assert.throws(() => english({ key: 'pve.noSuchKey' }), /no English template/);
  });
});

describe('every producer says its findings as catalogue messages', () => {
  it('Proxmox: quorum, nodes, guests, storage, disks and backups', () => {
    const nowS = NOW / 1000;
    const c: ProxmoxCluster = {
      name: 'home', endpoint: null, clusterName: 'homelab', quorate: false,
      nodes: [
        { name: 'um560', status: 'online', cpu: 0.1, maxcpu: 12, mem: 31.5e9, maxmem: 32e9, disk: 1, maxdisk: 2, uptime: 1 },
        { name: 's500plus', status: 'online', cpu: 0.1, maxcpu: 12, mem: 1e9, maxmem: 32e9, disk: 1, maxdisk: 2, uptime: 1 },
        { name: 'gtr5', status: 'offline', cpu: null, maxcpu: null, mem: null, maxmem: null, disk: null, maxdisk: null, uptime: null },
      ],
      guests: [
        { vmid: 100, name: 'openwrt', type: 'qemu', node: 'um560', status: 'running', cpu: 0, maxcpu: 1, mem: 1, maxmem: 2, disk: 0, maxdisk: 1, uptime: 1, tags: [], template: false, hastate: null, lock: null },
        { vmid: 111, name: 'home-assistant', type: 'qemu', node: 's500plus', status: 'running', cpu: 0, maxcpu: 1, mem: 1, maxmem: 2, disk: 0, maxdisk: 1, uptime: 1, tags: [], template: false, hastate: null, lock: null },
        { vmid: 130, name: 'ubuntu-test', type: 'qemu', node: 'gtr5', status: 'unknown', cpu: 0, maxcpu: 1, mem: 1, maxmem: 2, disk: 0, maxdisk: 1, uptime: 1, tags: [], template: false, hastate: null, lock: null },
      ],
      storages: [
        { storage: 'local-lvm', node: 'um560', type: 'lvmthin', status: 'available', disk: 98, maxdisk: 100, content: [], shared: false },
        { storage: 'nas', node: 's500plus', type: 'nfs', status: 'unavailable', disk: null, maxdisk: null, content: [], shared: true },
      ],
      disks: [
        { node: 'um560', devpath: '/dev/nvme0n1', model: 'Samsung SSD 970 EVO Plus 1TB', serial: null, type: 'nvme', size: 1, health: 'PASSED', wearout: 8, status: 'crit' },
        { node: 's500plus', devpath: '/dev/sda', model: null, serial: null, type: 'hdd', size: 1, health: 'FAILED', wearout: null, status: 'crit' },
      ],
      tasks: [],
      backups: [
        { volid: 'nas:backup/vzdump-qemu-100.vma.zst', storage: 'nas', node: 'um560', vmid: 100, ctime: nowS - 3 * 3600, size: 1, format: 'vma.zst', notes: null, protected: false, verification: 'failed' },
        { volid: 'nas:backup/vzdump-qemu-111.vma.zst', storage: 'nas', node: 's500plus', vmid: 111, ctime: nowS - 20 * 86400, size: 1, format: 'vma.zst', notes: null, protected: false, verification: 'ok' },
      ],
      backupJobs: [{ id: 'backup-daily', enabled: true, schedule: '02:00', node: null, vmids: [111], exclude: [], storage: 'nas', mode: 'snapshot', nextRun: nowS + 3600 }],
    };
    const checks = clusterChecks('proxmox:home', c, AT, { backupsKnown: true });
    assertChecks(checks, 'proxmox', 10);
    assert.ok(checks.some((x) => x.msg?.key === 'pve.diskWear' && x.detailMsg?.key === 'pve.diskDetail'));
    assert.ok(checks.some((x) => x.msg?.key === 'pve.backupNever' && x.detailMsg?.key === 'pve.backupNoJob'));
    assert.ok(checks.some((x) => x.msg?.key === 'pve.backupOld' && /next run 2026-11-27T09:00:00.000Z/.test(x.summary)));
  });

  it('SSH probes: every section of a real host, and the ones a host cannot produce', () => {
    const ctx = { host: 'um560', source: 'host:um560', observedAt: AT, thresholds: resolveThresholds({}) };
    const full = new Map([
      ['nproc', '4'],
      ['uptime', '200000.5 100.0'],
      ['loadavg', '9.10 8.20 7.00 3/400 1234'],
      ['meminfo', fx('host', 'proc-meminfo.txt')],
      ['df', fx('host', 'df-kPT.txt')],
      ['thermal', fx('host', 'sys-class-thermal.txt')],
      ['sensors', fx('host', 'sensors-j-coretemp-nvme.json')],
      ['smart', ''],
      ['smart:nvme0n1', fx('host', 'smartctl-nvme-critical-warning-failed.json')],
      ['smart:nvme1n1', fx('host', 'smartctl-nvme-healthy-970evoplus.json')],
      ['smart:sda', fx('host', 'smartctl-sata-hdd-reallocated-304.json')],
      ['smart:nvme2n1', fx('host', 'smartctl-nvme-percentage-used-75.json')],
      ['smart:mmcblk0', '!sdcard'],
      ['kernel', `#from journalctl\n${fx('host', 'kernel-disk-errors.txt')}`],
      ['systemd', fx('host', 'systemctl-failed.txt')],
    ]);
    assertChecks(runProbes(full, ctx).checks, 'ssh', 12);
    const none = new Map([['smart', '!unavailable smartctl is not installed (package smartmontools)'], ['kernel', '!unavailable cannot read the kernel log'], ['systemd', '!unavailable systemd is not used on this host']]);
    assertChecks(runProbes(none, ctx).checks, 'ssh unavailable', 8);
  });

  it('Kubernetes: API trouble, nodes and crash-looping pods', () => {
    const node = (name: string, ready: boolean, problems: string[] = []): KubeNode => ({ name, ready, roles: [], arch: null, kubeletVersion: null, problems, taints: [], unschedulable: false, cpuUsage: null, memUsage: null, cpuCapacity: null, memCapacity: null });
    const k: KubeCluster = {
      context: 'k3s-main', server: null, reachable: true, version: 'v1.31.4+k3s1', podCount: 3, warnings: [], mode: 'watch',
      nodes: [node('um560', true), node('rock5b', false, ['DiskPressure'])],
      unhealthyPods: [
        { namespace: 'media', name: 'jellyfin-7d9c', node: 'um560', phase: 'Running', reason: 'CrashLoopBackOff', message: null, restarts: 12, owner: { kind: 'ReplicaSet', name: 'jellyfin-7d9c' } },
        { namespace: 'default', name: 'once', node: null, phase: 'Pending', reason: 'Unschedulable', message: null, restarts: 1, owner: null },
      ],
    };
    assertChecks(kubeChecks('kube:k3s-main', k, AT, { summary: 'the API server rejects the credentials', error: '401', since: AT }), 'kube', 5);
    const healthy = { ...k, nodes: [node('um560', true)], unhealthyPods: [] };
    assertChecks(kubeChecks('kube:k3s-main', healthy, AT, { summary: 'something new', error: 'x', since: AT }), 'kube', 2);
  });

  it('Tailscale: backend, subnet router, relayed peers, pinned peers with their pings, netcheck and ping output', () => {
    const s = parseStatusJson(new TailnetModel(demoTailnet()).status(NOW), 'localapi', NOW);
    const pinged = parsePingOutput('realme-x2-pro', fx('tailscale', 'ping-derp-then-direct-ipv6.txt'));
    const checks = tailscaleChecks({ ...s, pings: [{ ...pinged, peer: 'realme-x2-pro' }] }, { sourceId: 'tailscale', pinned: ['realme-x2-pro', 'xiaomi-pad-5-pro', 'nas-gone'] }, AT);
    assertChecks(checks, 'tailscale', 4);
    assert.ok(checks.some((c) => c.msg?.key === 'ts.peerRelayed'));
    for (const f of ['ping-custom-derp-region.txt', 'ping-derp-direct-not-established.txt', 'ping-derp-then-direct-ipv6.txt']) {
      const r = parsePingOutput('gw', fx('tailscale', f));
      assertSaid(r.messageMsg, r.message, f);
    }
    const silent = parsePingOutput('gw', 'ping "100.64.0.9" timed out\nping "100.64.0.9" timed out\n');
    assertSaid(silent.messageMsg, silent.message, 'timeouts');
    assert.equal(silent.message, 'no reply to 2 pings');
    for (const f of ['netcheck-hard-nat-natpmp-pcp-truncated.txt', 'netcheck-udp-false-blank-latencies.txt', 'netcheck-udp-true-easy-nat-dualstack.txt', 'netcheck-hard-nat-custom-derp-truncated.txt']) {
      const r = parseNetcheck(fx('tailscale', f));
      assertSaid(r.explanationMsg, r.explanation ?? '', f);
    }
    // A relayed peer's detail is the netcheck explanation, and carries its message too.
    const hardNat = parseNetcheck(fx('tailscale', 'netcheck-hard-nat-natpmp-pcp-truncated.txt'));
    const relayed = tailscaleChecks({ ...s, netcheck: hardNat }, { sourceId: 'tailscale', pinned: [] }, AT).find((c) => c.msg?.key === 'ts.peerRelayed');
    assert.ok(relayed && hardNat.explanationMsg, 'the demo tailnet has a relayed peer and hard NAT is explained');
    assert.equal(relayed.detail, hardNat.explanation);
    assert.deepEqual(relayed.detailMsg, hardNat.explanationMsg);
  });

  it('metrics: a node that is up, with every figure, and one that is down', () => {
    const n: MetricsNode = {
      name: 'gtr5', instance: '192.168.1.12:9100', up: true, load: [3, 14, 2], cores: 8, memTotal: 32e9, memAvailable: 1e9, swapTotal: 4e9, swapFree: 1e9, uptimeSeconds: 90_061,
      filesystems: [{ mount: '/', device: '/dev/nvme0n1p2', fstype: 'ext4', size: 1e12, avail: 1e10, percent: 99 }],
      temperatures: [{ label: 'nvme Composite', kind: 'nvme', celsius: 71.85 }],
    };
    const ctx = { source: 'metrics', observedAt: AT, server: 'http://127.0.0.1:8428' };
    assertChecks(nodeChecks(n, resolveThresholds({}), ctx), 'metrics', 6);
    assertChecks(nodeChecks({ ...n, load: null, memTotal: null, filesystems: [], temperatures: [], uptimeSeconds: null }, resolveThresholds({}), ctx), 'metrics missing', 5);
    assertChecks(nodeChecks({ ...n, up: false }, resolveThresholds({}), ctx), 'metrics down', 1);
  });

  it('location: at home, away on another network, away with nobody answering, no probes, unusable probes', async () => {
    const prober: IdentityProber = {
      sshHostKey: async (host, _port, isPinned) => {
        const seen = host === '192.168.1.10' || host === '192.168.1.15' ? 'SHA256:home' : host === '192.168.1.11' ? 'SHA256:other' : null;
        if (!seen) throw new Error('connect ECONNREFUSED');
        return { seen, proven: isPinned(seen) && host !== '192.168.1.15' };
      },
      certificate: async () => ({ fingerprint: 'AA:BB' }),
      same: (a, b) => a === b,
    };
    const signal = new AbortController().signal;
    const home = await runProbe({ host: '192.168.1.10', port: 22, hostKey: 'SHA256:home' }, prober, signal);
    const other = await runProbe({ host: '192.168.1.11', port: 22, hostKey: 'SHA256:home' }, prober, signal);
    const down = await runProbe({ host: '192.168.1.12', port: 22, hostKey: 'SHA256:home' }, prober, signal);
    const cert = await runProbe({ host: '192.168.1.13', port: 8006, fingerprint: 'AA:CC' }, prober, signal);
    const unusable = await runProbe({ host: '192.168.1.14', port: 22 }, prober, signal);
    const unproven = await runProbe({ host: '192.168.1.15', port: 22, hostKey: 'SHA256:home' }, prober, signal);
    for (const o of [home, other, down, cert, unusable, unproven]) assertSaid(o.msg, o.detail, `probe ${o.probe.host}`);
    const net = { gateway: '192.168.1.1', addresses: [{ iface: 'wlan0', ip4: '192.168.1.50', mask: '255.255.255.0' }] };
    for (const outcomes of [[home], [other, down], [down, cert], [down], [], [unusable], [unproven]]) {
      const s = decideLocation(outcomes, net, AT);
      assertSaid(s.reasonMsg, s.reason, `location ${outcomes.map((o) => o.result).join(',')}`);
    }
    const src = new LocationSource({ probes: [{ host: '192.168.1.14', port: 22 }], prober, network: async () => net, holder: new LocationHolder(), now: () => NOW });
    const placeholder = src.placeholder();
    assertSaid(placeholder.reasonMsg, placeholder.reason, 'placeholder');
    const data = await src.poll({ signal });
    assertChecks(src.checks(data, AT), 'location checks', 2);
  });

  it("the Lab: a source that cannot be read and one whose data went stale", async () => {
    const clock = new FakeClock();
    let failing = false;
    const host = (name: string): HostState => ({ name, address: null, reachable: true, via: 'ssh', hostKey: null, uptimeSeconds: 1, load: null, cores: null, memUsed: null, memTotal: null, checks: [], wakeable: false });
    const source = (name: string, poll: () => Promise<HostState>) => ({
      id: `host:${name}`, kind: 'host' as const, name, intervalMs: 1000, timeoutMs: 500, placeholder: () => host(name), poll,
      checks: () => [] as Check[],
    });
    const lab = new Lab({
      config: {},
      factories: [() => ({ kind: 'ssh', sources: [source('orangepi5', async () => { if (failing) throw new Error('connection refused'); return host('orangepi5'); }), source('rockpi5a', async () => { throw new Error('no route to host'); })] })],
      secrets: new MemorySecretStore(),
      clock,
    });
    await lab.start();
    await clock.advance(0);
    failing = true;
    await clock.advance(1000);
    const checks = lab.snapshot.checks.filter((c) => c.id.endsWith(':source'));
    assertChecks(checks, 'lab', 2);
    assert.deepEqual(checks.map((c) => c.msg?.key).sort(), ['lab.cannotRead', 'lab.stale']);
    await lab.stop();
  });
});

describe('details the core composes come from the catalogue, in Chinese too (server text quoted as it was)', () => {
  type WirePod = Parameters<typeof podProblem>[0];
  const crashing = {
    metadata: { name: 'zigbee2mqtt-7d9f', namespace: 'home' },
    spec: { nodeName: 'rockpi5a' },
    status: { phase: 'Running', containerStatuses: [{ name: 'app', ready: false, restartCount: 7, state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container' } }, lastState: { terminated: { reason: 'Error', exitCode: 1, finishedAt: AT } } }] },
  } as unknown as WirePod;
  const pulling = {
    metadata: { name: 'frigate-0', namespace: 'nvr' },
    spec: { nodeName: 'um560' },
    status: { phase: 'Pending', containerStatuses: [{ name: 'frigate', ready: false, restartCount: 0, state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "ghcr.io/blakeblackshear/frigate:0.14"' } } }] },
  } as unknown as WirePod;
  const cluster = (pods: KubeCluster['unhealthyPods']): KubeCluster => ({ context: 'k3s-main', server: null, reachable: true, version: null, podCount: 3, warnings: [], mode: 'watch', nodes: [], unhealthyPods: pods });
  const zh = (c: Check | undefined): string => textIn('zh-CN', c?.detailMsg, 'NO MESSAGE');

  it('a crash-looping pod: "container app last exited 1 (Error)" and its node, in both languages', () => {
    const p = podProblem(crashing, NOW);
    assert.ok(p);
    const [c] = kubeChecks('kube:k3s-main', cluster([p]), AT, null).filter((x) => x.id.includes(':pod:'));
    assert.equal(c.detail, 'container app last exited 1 (Error)\non node rockpi5a');
    assertChecks([c], 'crash loop');
    assert.match(zh(c), /容器 app 上次退出码 1（Error）/);
    assert.match(zh(c), /位于节点 rockpi5a/);
    assert.doesNotMatch(zh(c), /container|last exited|on node/);
  });

  it('a server’s own words stay as written, in quotation marks inside the translated sentence', () => {
    const p = podProblem(pulling, NOW + 3_600_000);
    assert.ok(p);
    const [c] = kubeChecks('kube:k3s-main', cluster([p]), AT, null).filter((x) => x.id.includes(':pod:'));
    assertChecks([c], 'image pull');
    assert.match(zh(c), /^容器 frigate：“Back-off pulling image "ghcr\.io\/blakeblackshear\/frigate:0\.14"”/);
  });

  it('a failing disk’s facts (hours powered on, temperature)', () => {
    const ctx = { host: 'um560', source: 'host:um560', observedAt: AT, thresholds: resolveThresholds({}) };
    const checks = runProbes(new Map([['smart', ''], ['smart:sda', fx('host', 'smartctl-sata-hdd-reallocated-304.json')]]), ctx).checks;
    const sda = checks.find((c) => c.id.endsWith('smart:sda'));
    assert.ok(sda?.detail, 'the failing disk has its facts as the detail');
    assertChecks([sda], 'smart');
    assert.match(zh(sda), /\d/);
    assert.doesNotMatch(zh(sda), /hours|powered|temperature/i);
  });

  it('the API unreachable since a time, and a logged-out Tailscale with its login link', () => {
    const [api] = kubeChecks('kube:k3s-main', cluster([]), AT, { summary: 'connection refused', error: 'ECONNREFUSED', since: AT });
    assertChecks([api], 'api');
    assert.equal(zh(api), `自 ${AT} 起`);
    const s = parseStatusJson(new TailnetModel(demoTailnet()).status(NOW), 'localapi', NOW);
    const out = tailscaleChecks({ ...s, backendState: 'NeedsLogin', authUrl: 'https://login.tailscale.com/a/1f2e3d' }, { sourceId: 'tailscale', pinned: [] }, AT).find((c) => c.msg?.key === 'ts.needsLogin');
    assertChecks(out ? [out] : [], 'needs login');
    assert.equal(zh(out), '登录地址：https://login.tailscale.com/a/1f2e3d');
    assert.equal(out?.detail, 'Log in at: https://login.tailscale.com/a/1f2e3d');
  });
});

describe('counted words follow each language’s plural rule', () => {
  it('one sector, two sectors; Chinese has one form', () => {
    assert.equal(english(plural('smart.reallocated', 1)), '1 reallocated sector');
    assert.equal(english(plural('smart.reallocated', 304)), '304 reallocated sectors');
    assert.equal(english(plural('smart.mediaErrors', 1)), '1 media error (data could not be read back)');
    assert.equal(textIn('zh-CN', plural('smart.reallocated', 1), 'no Chinese'), '1 个重映射扇区');
    assert.equal(textIn('zh-CN', plural('smart.reallocated', 304), 'no Chinese'), '304 个重映射扇区');
    assert.equal(english(plural('group.backupNever', 1)), '1 guest has never been backed up');
    assert.equal(english(plural('group.backupNever', 2)), '2 guests have never been backed up');
  });
});

describe('what the owner reads, word for word, in English and Chinese', () => {
  // The sentences are written out here, not rendered again from the catalogue: a producer that passes the wrong
  // value, a template that loses a placeholder, or a Chinese entry that falls back to English fails here.
  const both = (m: Msg | null | undefined, en: string, zhCN: string): void => {
    assert.ok(m, `no message for "${en}"`);
    assert.equal(textIn('en', m, 'NO ENGLISH'), en);
    assert.equal(textIn('zh-CN', m, 'NO CHINESE'), zhCN);
  };
  const nowS = NOW / 1000;
  const c: ProxmoxCluster = {
    name: 'home', endpoint: null, clusterName: 'homelab', quorate: true,
    nodes: [{ name: 'gtr5', status: 'offline', cpu: null, maxcpu: null, mem: null, maxmem: null, disk: null, maxdisk: null, uptime: null }],
    guests: [
      { vmid: 111, name: 'home-assistant', type: 'qemu', node: 's500plus', status: 'running', cpu: 0, maxcpu: 1, mem: 1, maxmem: 2, disk: 0, maxdisk: 1, uptime: 1, tags: [], template: false, hastate: null, lock: null },
      { vmid: 130, name: 'ubuntu-test', type: 'qemu', node: 'gtr5', status: 'stopped', cpu: 0, maxcpu: 1, mem: 1, maxmem: 2, disk: 0, maxdisk: 1, uptime: 1, tags: [], template: false, hastate: null, lock: null },
      { vmid: 131, name: 'pbs', type: 'lxc', node: 'gtr5', status: 'stopped', cpu: 0, maxcpu: 1, mem: 1, maxmem: 2, disk: 0, maxdisk: 1, uptime: 1, tags: [], template: true, hastate: null, lock: null },
    ],
    storages: [{ storage: 'local-lvm', node: 'um560', type: 'lvmthin', status: 'available', disk: 97.2, maxdisk: 100, content: [], shared: false }],
    disks: [],
    tasks: [],
    backups: [{ volid: 'nas:backup/vzdump-qemu-111.vma.zst', storage: 'nas', node: 's500plus', vmid: 111, ctime: nowS - 200 * 3600, size: 1, format: 'vma.zst', notes: null, protected: false, verification: 'failed' }],
    backupJobs: [{ id: 'backup-daily', enabled: true, schedule: '02:00', node: null, vmids: [111], exclude: [], storage: 'nas', mode: 'snapshot', nextRun: null }],
  };
  const checks = clusterChecks('proxmox:home', c, AT, { backupsKnown: true });
  const byId = (id: string): Check => {
    const found = checks.find((x) => x.id === `proxmox:home:${id}`);
    assert.ok(found, id);
    return found;
  };

  it('an old backup whose verification failed, and the job that should have renewed it', () => {
    both(byId('backup:111').msg, '111 (home-assistant): last backup is 8 days old; covered by job backup-daily (02:00) (its verification failed)', '111 (home-assistant)：上次备份已是 8 天前；由备份任务 backup-daily 覆盖（02:00）（校验失败）');
    both(byId('backup:130').msg, '130 (ubuntu-test) has never been backed up; no scheduled backup job covers it', '130 (ubuntu-test) 从未备份；没有计划备份任务覆盖它');
  });

  it('a node that is offline and the guests on it; a storage nearly full and the limits it is judged by', () => {
    const node = byId('node:gtr5');
    both(node.msg, 'gtr5 is offline', 'gtr5 已离线');
    both(node.detailMsg, 'guests on gtr5: 130 ubuntu-test, 131 pbs', 'gtr5 上的虚拟机/容器：130 ubuntu-test、131 pbs');
    const store = byId('storage:um560:local-lvm');
    both(store.msg, 'storage local-lvm on um560 is 98% full', 'um560 上的存储 local-lvm 已用 98%');
    both(store.detailMsg, 'warn at 85 %, critical at 95 % (the limits disks are judged by)', '达 85 % 时警告，达 95 % 时严重（与磁盘相同的阈值）');
  });

  it('a SAS disk’s uncorrected errors, counted and named by operation', () => {
    const [f] = scsiFindings({ scsi_error_counter_log: { read: { total_uncorrected_errors: 2 }, write: { total_uncorrected_errors: 0 }, verify: { total_uncorrected_errors: 1 } } }, resolveThresholds({}));
    both(f.msg, '3 uncorrected errors in the error counter log (read: 2, verify: 1)', '错误计数日志中有 3 个未纠正错误（读取：2、校验：1）');
  });

  it('a container killed for its memory', () => {
    type WirePod = Parameters<typeof podProblem>[0];
    const oom = { metadata: { name: 'postgres-0', namespace: 'db' }, spec: { nodeName: 'um560' }, status: { phase: 'Running', containerStatuses: [{ name: 'db', ready: true, restartCount: 1, state: { running: {} }, lastState: { terminated: { reason: 'OOMKilled', exitCode: 137, finishedAt: AT } } }] } } as unknown as WirePod;
    both(podProblem(oom, NOW)?.messageMsg, 'container db was killed for using too much memory', '容器 db 因内存用量过高被终止');
  });
});
