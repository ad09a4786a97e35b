import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parseClusterStatus, parseNodeStatus, parseResources, parseTags } from '../../../electron/core/proxmox/parse';
import type { Guest } from '../../../shared/proxmox';

const data = (f: string): unknown => (JSON.parse(readFileSync(new URL(`../../fixtures/pve/${f}`, import.meta.url), 'utf8')) as { data: unknown }).data;

const noUsage = { cpu: null, maxcpu: null, mem: null, maxmem: null, disk: null, maxdisk: null, uptime: null };

/** A guest as parseResources gives it when the answer carries only what is named. */
function guest(over: Partial<Guest> & Pick<Guest, 'vmid' | 'name' | 'type'>): Guest {
  return { node: 'pve', status: 'running', ...noUsage, tags: [], template: false, hastate: null, lock: null, ...over };
}

describe('parseResources: guests, field by field', () => {
  it('reads every guest of the captured /cluster/resources answer exactly, sorted by vmid', () => {
    const r = parseResources(data('cluster-resources_vm-qemu-lxc-pool.json'));
    const stoppedCt = { cpu: 0, disk: 0, maxcpu: 2, maxdisk: 10737418240, maxmem: 536870912, mem: 0, uptime: 0, node: 'pve2', status: 'stopped' } as const;
    assert.deepEqual(r, {
      nodes: [],
      storages: [],
      guests: [
        guest({ vmid: 100, name: 'pxe.home.arpa', type: 'qemu', cpu: 0.174069059487628, disk: 0, maxcpu: 1, maxdisk: 34359738368, maxmem: 4294967296, mem: 35304543, uptime: 669 }),
        guest({ vmid: 101, name: 'test1', type: 'qemu', node: 'pve2', status: 'stopped', cpu: 0, disk: 0, maxcpu: 1, maxdisk: 0, maxmem: 536870912, mem: 0, uptime: 0 }),
        guest({ vmid: 102, name: 'test-lxc.home.arpa', type: 'lxc', cpu: 0, disk: 352190464, maxcpu: 2, maxdisk: 10737418240, maxmem: 536870912, mem: 28192768, uptime: 161 }),
        guest({ vmid: 103, name: 'test1-lxc.home.arpa', type: 'lxc', ...stoppedCt }),
        guest({ vmid: 104, name: 'test-lxc.home.arpa', type: 'lxc', ...stoppedCt }),
        // The captured answer gives CT 105 an empty name: it is named after its id.
        guest({ vmid: 105, name: 'CT 105', type: 'lxc', ...stoppedCt }),
      ],
    });
  });

  it('takes figures sent as strings as numbers, and blank, non-numeric or non-finite ones as unknown', () => {
    const r = parseResources([
      { type: 'qemu', id: 'qemu/1', vmid: '1', node: 'pve', status: 'running', cpu: '0.25', maxcpu: ' 4 ', mem: '', maxmem: '   ', disk: 'n/a', maxdisk: Infinity, uptime: Number.NaN },
    ]);
    assert.deepEqual(r.guests, [guest({ vmid: 1, name: 'VM 1', type: 'qemu', cpu: 0.25, maxcpu: 4 })]);
  });

  it('names a guest after its type and id when the name is missing, and a numeric name or node as text', () => {
    const r = parseResources([
      { type: 'qemu', id: 'qemu/7', vmid: 7, node: 'pve', status: 'running' },
      { type: 'lxc', id: 'lxc/8', vmid: 8, status: 'running', name: null },
      { type: 'qemu', id: 'qemu/9', vmid: 9, node: 2, name: 9000, status: 'running' },
    ]);
    assert.deepEqual(r.guests, [
      guest({ vmid: 7, name: 'VM 7', type: 'qemu' }),
      guest({ vmid: 8, name: 'CT 8', type: 'lxc', node: 'unknown' }),
      guest({ vmid: 9, name: '9000', type: 'qemu', node: '2' }),
    ]);
  });

  it('takes the vmid from the field, else from the id, and skips a guest with neither', () => {
    const r = parseResources([
      { type: 'qemu', vmid: 120, name: 'no-id', node: 'pve', status: 'running' },
      { type: 'lxc', id: 'lxc/130', name: 'id-only', node: 'pve', status: 'running' },
      { type: 'qemu', id: 'qemu/abc', name: 'bad-id', node: 'pve', status: 'running' },
      { type: 'lxc', name: 'nothing', node: 'pve', status: 'running' },
    ]);
    assert.deepEqual(r.guests, [guest({ vmid: 120, name: 'no-id', type: 'qemu' }), guest({ vmid: 130, name: 'id-only', type: 'lxc' })]);
  });

  it('maps every guest status, and a suspended lock over any status', () => {
    const cases: [unknown, unknown, Guest['status']][] = [
      ['running', undefined, 'running'],
      ['stopped', undefined, 'stopped'],
      ['paused', undefined, 'paused'],
      ['suspended', undefined, 'suspended'],
      ['prelaunch', undefined, 'unknown'],
      [undefined, undefined, 'unknown'],
      ['stopped', 'suspended', 'suspended'],
      ['running', 'backup', 'running'],
      ['stopped', 'migrate', 'stopped'],
    ];
    const r = parseResources(cases.map(([status, lock], i) => ({ type: 'qemu', vmid: 200 + i, name: `g${i}`, node: 'pve', status, lock })));
    assert.deepEqual(
      r.guests.map((g) => [g.status, g.lock]),
      cases.map(([, lock, want]) => [want, lock ?? null]),
    );
  });

  it('reads template flags as PVE sends them (1, "1", true) and anything else as not a template', () => {
    const flags: [unknown, boolean][] = [[1, true], ['1', true], [true, true], [0, false], ['0', false], [false, false], [undefined, false], ['yes', false]];
    const r = parseResources(flags.map(([template], i) => ({ type: 'lxc', vmid: 300 + i, name: `t${i}`, node: 'pve', status: 'stopped', template })));
    assert.deepEqual(r.guests.map((g) => g.template), flags.map(([, want]) => want));
  });

  it('keeps ha state and lock as given, null when absent or empty', () => {
    const r = parseResources([
      { type: 'qemu', vmid: 401, name: 'ha', node: 'pve', status: 'running', hastate: 'started', lock: 'snapshot', tags: 'prod;web' },
      { type: 'qemu', vmid: 402, name: 'plain', node: 'pve', status: 'running', hastate: '', lock: '' },
    ]);
    assert.deepEqual(r.guests, [
      guest({ vmid: 401, name: 'ha', type: 'qemu', hastate: 'started', lock: 'snapshot', tags: ['prod', 'web'] }),
      guest({ vmid: 402, name: 'plain', type: 'qemu' }),
    ]);
  });

  it('sorts guests by vmid whatever order the answer lists them in', () => {
    const r = parseResources([300, 100, 250, 5, 1000].map((vmid) => ({ type: 'lxc', vmid, name: `c${vmid}`, node: 'pve', status: 'running' })));
    assert.deepEqual(r.guests.map((g) => g.vmid), [5, 100, 250, 300, 1000]);
  });
});

describe('parseTags', () => {
  it('splits on semicolons, commas and white space, dropping empty pieces', () => {
    assert.deepEqual(parseTags('prod;web'), ['prod', 'web']);
    assert.deepEqual(parseTags(' prod;;web,, db\tk8s \n'), ['prod', 'web', 'db', 'k8s']);
    assert.deepEqual(parseTags(';'), []);
    assert.deepEqual(parseTags(''), []);
  });

  it('has no tags for a missing or non-text value', () => {
    assert.deepEqual(parseTags(undefined), []);
    assert.deepEqual(parseTags(null), []);
    assert.deepEqual(parseTags(['prod']), []);
    assert.deepEqual(parseTags(5), []);
  });
});

describe('parseResources: nodes and storages', () => {
  it('reads node entries exactly, sorted by name, with every status mapped', () => {
    const r = parseResources([
      { type: 'node', id: 'node/pve3', node: 'pve3', status: 'unknown' },
      { type: 'node', id: 'node/pve1', node: 'pve1', status: 'online', cpu: 0.0123, maxcpu: 8, mem: 8095399936, maxmem: 65919459328, disk: 10487595008, maxdisk: 948338819072, uptime: 2501631, level: '' },
      { type: 'node', id: 'node/pve2', node: 'pve2', status: 'offline' },
      { type: 'node', id: 'node/pve0', name: 'pve0' },
      { type: 'node', id: 'node/pve-by-id' },
    ]);
    assert.deepEqual(r, {
      nodes: [
        { name: 'node/pve-by-id', status: 'unknown', ...noUsage, detail: null },
        { name: 'pve0', status: 'unknown', ...noUsage, detail: null },
        { name: 'pve1', status: 'online', cpu: 0.0123, maxcpu: 8, mem: 8095399936, maxmem: 65919459328, disk: 10487595008, maxdisk: 948338819072, uptime: 2501631, detail: null },
        { name: 'pve2', status: 'offline', ...noUsage, detail: null },
        { name: 'pve3', status: 'unknown', ...noUsage, detail: null },
      ],
      guests: [],
      storages: [],
    });
  });

  it('prefers a node entry\'s node field over its name', () => {
    const r = parseResources([{ type: 'node', id: 'node/pve1', node: 'pve1', name: 'other', status: 'online' }]);
    assert.deepEqual(r.nodes.map((n) => n.name), ['pve1']);
  });

  it('reads storage entries exactly: plugin type, content list, status, sizes, shared flag', () => {
    const r = parseResources([
      { type: 'storage', id: 'storage/pve1/local', storage: 'local', node: 'pve1', plugintype: 'dir', content: 'iso,vztmpl,backup', status: 'available', disk: '10487595008', maxdisk: 948338819072, shared: 0 },
      { type: 'storage', id: 'storage/pve1/pbs', storage: 'pbs', node: 'pve1', plugintype: 'pbs', content: 'backup,', status: 'unknown', shared: 1 },
      { type: 'storage', id: 'storage/pve2/nfs', node: 'pve2', plugintype: 'nfs', content: ['images'], status: 'unavailable' },
      { type: 'storage', id: 'storage/x/y', storage: 'y', status: 'offline' },
    ]);
    assert.deepEqual(r, {
      nodes: [],
      guests: [],
      storages: [
        { storage: 'local', node: 'pve1', type: 'dir', content: ['iso', 'vztmpl', 'backup'], status: 'available', disk: 10487595008, maxdisk: 948338819072, shared: false },
        { storage: 'pbs', node: 'pve1', type: 'pbs', content: ['backup'], status: 'unknown', disk: null, maxdisk: null, shared: true },
        { storage: 'storage/pve2/nfs', node: 'pve2', type: 'nfs', content: [], status: 'unavailable', disk: null, maxdisk: null, shared: false },
        { storage: 'y', node: 'unknown', type: null, content: [], status: 'unavailable', disk: null, maxdisk: null, shared: false },
      ],
    });
  });

  it('skips pools, sdn zones and entries that are not objects', () => {
    const r = parseResources([null, 5, 'node', [], { type: 'pool', id: '/pool/pool1', pool: 'pool1' }, { type: 'sdn', id: 'sdn/pve/localnetwork', sdn: 'localnetwork', node: 'pve' }]);
    assert.deepEqual(r, { nodes: [], guests: [], storages: [] });
  });

  it('names the endpoint and what it got when the answer is not a list', () => {
    assert.throws(() => parseResources(null), { message: '/cluster/resources: expected a list, got null' });
    assert.throws(() => parseResources({ data: [] }), { message: '/cluster/resources: expected a list, got object' });
    assert.throws(() => parseResources(undefined), { message: '/cluster/resources: expected a list, got undefined' });
    assert.throws(() => parseResources('[]'), { message: '/cluster/resources: expected a list, got string' });
  });
});

describe('parseClusterStatus', () => {
  it('reads the captured four-node answer exactly', () => {
    const s = parseClusterStatus(data('cluster-status_4nodes-quorate.json'));
    assert.deepEqual(s, {
      clusterName: 'clustername',
      quorate: true,
      online: new Map([['node2', true], ['node3', true], ['node1', true], ['node4', true]]),
      addresses: new Map([['node2', '192.168.1.2'], ['node3', '192.168.1.3'], ['node1', '192.168.1.1'], ['node4', '192.168.1.4']]),
    });
  });

  it('keeps a lost quorum and offline nodes, and leaves out missing addresses', () => {
    const s = parseClusterStatus([
      { type: 'cluster', name: 'lab', quorate: 0, nodes: 2 },
      { type: 'node', name: 'pve1', online: 1, ip: '10.0.0.1' },
      { type: 'node', name: 'pve2', online: 0, ip: '' },
      { type: 'node', name: 'pve3', online: '1' },
      { type: 'node', id: 'node/nameless', online: 1, ip: '10.0.0.9' },
      { type: 'qdevice', name: 'qdev', online: 1, ip: '10.0.0.5' },
      null,
    ]);
    assert.deepEqual(s, {
      clusterName: 'lab',
      quorate: false,
      online: new Map([['pve1', true], ['pve2', false], ['pve3', true]]),
      addresses: new Map([['pve1', '10.0.0.1']]),
    });
  });

  it('takes a standalone node (no cluster entry) as quorate, and an empty answer as not known', () => {
    assert.deepEqual(parseClusterStatus([{ type: 'node', name: 'pve', online: 1, local: 1, nodeid: 0 }]), {
      clusterName: null,
      quorate: true,
      online: new Map([['pve', true]]),
      addresses: new Map(),
    });
    assert.deepEqual(parseClusterStatus([]), { clusterName: null, quorate: null, online: new Map(), addresses: new Map() });
  });

  it('reads a quorate flag sent as text and a cluster without a name', () => {
    assert.deepEqual(parseClusterStatus([{ type: 'cluster', quorate: '1' }]), { clusterName: null, quorate: true, online: new Map(), addresses: new Map() });
  });

  it('names the endpoint when the answer is not a list', () => {
    assert.throws(() => parseClusterStatus({}), { message: '/cluster/status: expected a list, got object' });
  });
});

describe('parseNodeStatus', () => {
  it('reads the captured PVE 7.4 answer exactly (load sent as strings)', () => {
    assert.deepEqual(parseNodeStatus(data('node-status_pve7.4.json')), {
      loadavg: [0, 0, 0],
      kernel: 'Linux 5.15.108-1-pve #1 SMP PVE 5.15.108-2 (2023-07-20T10:06Z)',
      pveVersion: 'pve-manager/7.4-16/0f39f621',
      cpuModel: 'Intel(R) Core(TM) i7-6700 CPU @ 3.40GHz',
      cpus: 8,
      swapUsed: 0,
      swapTotal: 0,
      rootfsUsed: 10487595008,
      rootfsTotal: 948338819072,
    });
  });

  it('reads non-zero load, swap in use and the kernel from current-kernel when kversion is absent', () => {
    const d = parseNodeStatus({
      loadavg: ['0.52', '1.50', 2],
      'current-kernel': { sysname: 'Linux', release: '6.8.12-4-pve', version: '#1 SMP PREEMPT_DYNAMIC', machine: 'x86_64' },
      pveversion: 'pve-manager/8.3.0/c1689ccb1065a83b',
      cpuinfo: { model: 'AMD Ryzen 7 5700G', cpus: '16' },
      swap: { used: 1048576, total: '8589934592' },
      rootfs: { used: '2048', total: 4096 },
    });
    assert.deepEqual(d, {
      loadavg: [0.52, 1.5, 2],
      kernel: '6.8.12-4-pve',
      pveVersion: 'pve-manager/8.3.0/c1689ccb1065a83b',
      cpuModel: 'AMD Ryzen 7 5700G',
      cpus: 16,
      swapUsed: 1048576,
      swapTotal: 8589934592,
      rootfsUsed: 2048,
      rootfsTotal: 4096,
    });
  });

  it('fills defaults for a missing, empty or short answer', () => {
    const empty = { loadavg: [0, 0, 0], kernel: '', pveVersion: '', cpuModel: '', cpus: 0, swapUsed: 0, swapTotal: 0, rootfsUsed: 0, rootfsTotal: 0 };
    assert.deepEqual(parseNodeStatus(null), empty);
    assert.deepEqual(parseNodeStatus('up'), empty);
    assert.deepEqual(parseNodeStatus({}), empty);
    assert.deepEqual(parseNodeStatus({ loadavg: '0.1 0.2 0.3', kversion: '', pveversion: '', cpuinfo: { model: '' } }), empty);
    assert.deepEqual(parseNodeStatus({ loadavg: ['0.75', 'x'] }).loadavg, [0.75, 0, 0]);
  });
});
