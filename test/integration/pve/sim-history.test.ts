import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { PveClient } from '../../../electron/core/proxmox/client';
import { PveHttpError } from '../../../electron/core/proxmox/errors';
import { PveSim } from '../../../demo/pve/sim';
import { simClient } from '../../helpers/pve';

type Row = Record<string, number>;
interface AgentIface {
  name: string;
  'hardware-address'?: string;
  'ip-addresses': { 'ip-address': string; 'ip-address-type': string; prefix: number }[];
}

async function refusal(p: Promise<unknown>): Promise<PveHttpError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof PveHttpError, String(err));
    return err;
  }
  assert.fail('the request should have been refused');
}

// rrddata, the guest agent's interfaces and container interfaces, as PVE answers them (shapes per pve-apidoc.json).
describe('the simulator\'s history and guest network reads', () => {
  let sim: PveSim;
  let client: PveClient;
  let close: () => Promise<void>;
  before(async () => {
    sim = await PveSim.start({ speed: 0.02 });
    ({ client, close } = simClient(sim));
  });
  after(async () => {
    await close();
    await sim.stop();
  });

  it('a guest\'s hour has 70 one-minute rows ending now, the newest near its live CPU and memory', async () => {
    const rows = (await client.request('GET', '/nodes/um560/qemu/102/rrddata', { timeframe: 'hour', cf: 'AVERAGE' })) as Row[];
    assert.equal(rows.length, 70);
    for (let i = 1; i < rows.length; i++) assert.equal(rows[i].time - rows[i - 1].time, 60);
    assert.ok(Date.now() / 1000 - rows[69].time < 60);
    for (const k of ['cpu', 'maxcpu', 'mem', 'maxmem', 'disk', 'maxdisk', 'netin', 'netout', 'diskread', 'diskwrite']) assert.equal(typeof rows[69][k], 'number', k);
    const live = (await client.request('GET', '/nodes/um560/qemu/102/status/current')) as Row;
    assert.equal(rows[69].maxmem, live.maxmem);
    assert.ok(rows[69].cpu > live.cpu * 0.4 && rows[69].cpu < live.cpu * 2, `${rows[69].cpu} vs ${live.cpu}`);
    assert.ok(rows[69].mem > live.mem * 0.8 && rows[69].mem <= live.maxmem, `${rows[69].mem} vs ${live.mem}`);
  });

  it('the same bucket reads the same twice; MAX rows are not below AVERAGE; the series is not flat', async () => {
    const a = (await client.request('GET', '/nodes/s500plus/qemu/111/rrddata', { timeframe: 'day' })) as Row[];
    const b = (await client.request('GET', '/nodes/s500plus/qemu/111/rrddata', { timeframe: 'day' })) as Row[];
    const mx = (await client.request('GET', '/nodes/s500plus/qemu/111/rrddata', { timeframe: 'day', cf: 'MAX' })) as Row[];
    assert.equal(b[0].time - b[1].time, -1800);
    const sameStart = b.findIndex((r) => r.time === a[0].time);
    assert.deepEqual(b.slice(sameStart, sameStart + 60), a.slice(0, 60));
    for (let i = 0; i < a.length; i++) if (mx[i].time === a[i].time) assert.ok(mx[i].cpu >= a[i].cpu);
    assert.ok(new Set(a.map((r) => r.cpu)).size > 30, 'the CPU series varies over the day');
  });

  it('a stopped guest has zero load; a node\'s week has its own fields', async () => {
    const stopped = (await client.request('GET', '/nodes/um560/qemu/101/rrddata', { timeframe: 'hour' })) as Row[];
    assert.ok(stopped.every((r) => r.cpu === 0 && r.netin === 0 && r.maxmem > 0));
    const node = (await client.request('GET', '/nodes/gtr5/rrddata', { timeframe: 'week' })) as Row[];
    assert.equal(node.length, 70);
    assert.equal(node[1].time - node[0].time, 10800);
    for (const k of ['cpu', 'maxcpu', 'memused', 'memtotal', 'loadavg', 'iowait', 'netin', 'netout', 'rootused', 'roottotal']) assert.equal(typeof node[69][k], 'number', k);
    assert.equal(node[69].maxcpu, 16);
  });

  it('refuses a timeframe or cf outside the schema, and a guest on another node', async () => {
    const bad = await refusal(client.request('GET', '/nodes/um560/qemu/102/rrddata', { timeframe: 'minute' }));
    assert.equal(bad.status, 400);
    assert.match(bad.paramErrors?.timeframe ?? '', /enumeration/);
    assert.equal((await refusal(client.request('GET', '/nodes/um560/qemu/102/rrddata', { timeframe: 'hour', cf: 'MIN' }))).paramErrors?.cf !== undefined, true);
    assert.equal((await refusal(client.request('GET', '/nodes/um560/qemu/102/rrddata'))).status, 400);
    assert.equal((await refusal(client.request('GET', '/nodes/gtr5/qemu/102/rrddata', { timeframe: 'hour' }))).status, 500);
  });

  it('the guest agent lists a VM\'s interfaces with its LAN address; tailscale-gateway also has its tailnet address', async () => {
    const ha = (await client.request('GET', '/nodes/s500plus/qemu/111/agent/network-get-interfaces')) as { result: AgentIface[] };
    const nic = ha.result.find((i) => i.name === 'ens18');
    assert.ok(nic);
    assert.match(nic['hardware-address'] ?? '', /^bc:24:11(:[0-9a-f]{2}){3}$/);
    assert.deepEqual(nic['ip-addresses'].find((a) => a['ip-address-type'] === 'ipv4'), { 'ip-address': '192.168.1.30', 'ip-address-type': 'ipv4', prefix: 24 });
    const gw = (await client.request('GET', '/nodes/s500plus/qemu/110/agent/network-get-interfaces')) as { result: AgentIface[] };
    const all = gw.result.flatMap((i) => i['ip-addresses'].map((a) => a['ip-address']));
    assert.ok(all.includes('100.88.10.1'), all.join(' '));
    assert.ok(all.some((a) => a.startsWith('192.168.1.')));
  });

  it('a VM without a running agent gets PVE\'s 500, a stopped one says it is not running', async () => {
    const noAgent = await refusal(client.request('GET', '/nodes/gtr5/qemu/123/agent/network-get-interfaces'));
    assert.equal(noAgent.status, 500);
    assert.equal(noAgent.reason, 'QEMU guest agent is not running');
    const stopped = await refusal(client.request('GET', '/nodes/um560/qemu/101/agent/network-get-interfaces'));
    assert.match(stopped.reason, /VM 101 is not running/);
  });

  it('a container lists its interfaces with inet and ip-addresses; a stopped one is refused', async () => {
    const ifs = (await client.request('GET', '/nodes/s500plus/lxc/114/interfaces')) as (AgentIface & { hwaddr: string; inet?: string })[];
    const eth0 = ifs.find((i) => i.name === 'eth0');
    assert.equal(eth0?.inet, '192.168.1.35/24');
    assert.equal(eth0?.hwaddr, eth0?.['hardware-address']);
    assert.equal((await refusal(client.request('GET', '/nodes/gtr5/lxc/124/interfaces'))).status, 500);
  });

  it('config and snapshots read as PVE lists them', async () => {
    const cfg = (await client.request('GET', '/nodes/s500plus/qemu/111/config')) as Record<string, unknown>;
    assert.equal(cfg.cores, 2);
    assert.equal(cfg.memory, 2048);
    assert.match(String(cfg.scsi0), /size=20G/);
    const snaps = (await client.request('GET', '/nodes/s500plus/qemu/111/snapshot')) as { name: string; parent?: string; snaptime?: number }[];
    assert.deepEqual(snaps.map((s) => s.name), ['pre_2024_12', 'zigbee_ok', 'current']);
    assert.equal(snaps[2].parent, 'zigbee_ok');
    const ct = (await client.request('GET', '/nodes/s500plus/lxc/114/config')) as Record<string, unknown>;
    assert.match(String(ct.rootfs), /size=8G/);
  });
});
