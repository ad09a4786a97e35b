import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LOW_LOAD, MUCH_MORE, powerAdvice } from '../../../shared/power-advice';
import { guestCosts, type PowerReading } from '../../../shared/power';
import type { Guest, ProxmoxCluster, PveNode } from '../../../shared/proxmox';

const GiB = 1024 ** 3;
const node = (name: string, cpu: number, memGiB: number, maxGiB: number, threads = 16): PveNode => ({ name, status: 'online', cpu, maxcpu: threads, mem: memGiB * GiB, maxmem: maxGiB * GiB, disk: null, maxdisk: null, uptime: 1 });
let vmid = 100;
const guest = (name: string, on: string, memGiB: number, cpu = 0.05, cores = 4): Guest =>
  ({ vmid: vmid++, name, type: 'qemu', node: on, status: 'running', cpu, maxcpu: cores, mem: memGiB * GiB, maxmem: memGiB * 2 * GiB, disk: null, maxdisk: null, uptime: 1, tags: [], template: false, hastate: null, lock: null }) as Guest;
const cluster = (nodes: PveNode[], guests: Guest[]): ProxmoxCluster => ({ name: 'home', endpoint: null, clusterName: null, quorate: true, nodes, guests, storages: [], disks: [], tasks: [], backups: [], backupJobs: [] });
const watts = (w: Record<string, number>): PowerReading => ({ readAt: 1, sensors: Object.entries(w).map(([name, v]) => ({ entity: `sensor.${name}_power`, name, kind: 'node' as const, watts: v })) });
const lab = (gtr5Cpu = 0.08, gtr5Guests = [guest('w3', 'gtr5', 10), guest('w4', 'gtr5', 10), guest('w5', 'gtr5', 10), guest('ubuntu-test', 'gtr5', 3)]) =>
  cluster([node('um560', 0.1, 12, 32, 12), node('s500plus', 0.1, 20, 64), node('gtr5', gtr5Cpu, 24, 64)], [guest('openwrt', 'um560', 1), ...gtr5Guests]);

describe('power advice: a node worth letting sleep', () => {
  it('names gtr5 with the arithmetic: 35 W × 720 h = 25.2 kWh × 1.5 = 37.8, and where its 4 guests fit', () => {
    const [a, ...rest] = powerAdvice([lab()], watts({ um560: 15, s500plus: 16, gtr5: 35 }), 1.5);
    assert.equal(rest.length, 0);
    assert.equal(a.node, 'gtr5');
    assert.deepEqual([a.watts, a.hours, a.kwh], [35, 720, 25.2]);
    assert.ok(Math.abs(a.cost! - 37.8) < 1e-9);
    assert.deepEqual(a.guests, ['w3', 'w4', 'w5', 'ubuntu-test']);
    assert.deepEqual(a.targets, ['um560', 's500plus']);
  });

  it(`stays quiet when the node is busier than low load (${LOW_LOAD})`, () => {
    assert.equal(powerAdvice([lab(LOW_LOAD)], watts({ um560: 15, s500plus: 16, gtr5: 35 }), 1.5).length, 1);
    assert.equal(powerAdvice([lab(LOW_LOAD + 0.01)], watts({ um560: 15, s500plus: 16, gtr5: 35 }), 1.5).length, 0);
  });

  it(`stays quiet unless the node draws ${MUCH_MORE}× the next-hungriest`, () => {
    assert.equal(powerAdvice([lab()], watts({ um560: 15, s500plus: 16, gtr5: 16 * MUCH_MORE }), 1.5).length, 1);
    assert.equal(powerAdvice([lab()], watts({ um560: 15, s500plus: 16, gtr5: 16 * MUCH_MORE - 0.1 }), 1.5).length, 0);
  });

  it('stays quiet when its guests would not fit in the other nodes’ memory', () => {
    assert.equal(powerAdvice([lab(0.08, [guest('big', 'gtr5', 40)])], watts({ um560: 15, s500plus: 16, gtr5: 35 }), 1.5).length, 0);
    assert.deepEqual(powerAdvice([lab(0.08, [guest('fits', 'gtr5', 30)])], watts({ um560: 15, s500plus: 16, gtr5: 35 }), 1.5)[0].targets, ['s500plus']);
  });

  it('stays quiet when its guests would not fit in the other nodes’ CPU', () => {
    assert.equal(powerAdvice([lab(0.08, [guest('hot', 'gtr5', 1, 1, 16)])], watts({ um560: 15, s500plus: 16, gtr5: 35 }), 1.5).length, 0);
  });

  it('needs another measured node, and gives kWh without a price', () => {
    assert.equal(powerAdvice([lab()], watts({ gtr5: 35 }), 1.5).length, 0);
    assert.equal(powerAdvice([lab()], watts({ um560: 15, s500plus: 16, gtr5: 35 }), null)[0].cost, null);
  });
});

describe('guest cost estimates', () => {
  it("splits a node's watts by each guest's share of the CPU its guests use", () => {
    const c = cluster([node('gtr5', 0.1, 24, 64)], [guest('a', 'gtr5', 2, 0.375, 2), guest('b', 'gtr5', 2, 0.125, 2), { ...guest('off', 'gtr5', 2), status: 'stopped' } as Guest]);
    const costs = guestCosts([c], watts({ gtr5: 40 }), 1.5);
    assert.deepEqual(costs.map((g) => [g.name, g.share, g.watts]), [['a', 0.75, 30], ['b', 0.25, 10]]);
    assert.ok(Math.abs(costs[0].cost! - (30 * 720) / 1000 * 1.5) < 1e-9);
    assert.deepEqual(guestCosts([c], watts({ um560: 40 }), 1.5), []);
  });
});
