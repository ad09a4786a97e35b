import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configSchema, type LabConfig } from '../../../shared/config';
import { dropCluster, dropHost, putCluster, putHost } from '../../../electron/core/config/transaction';

// The power sensors follow the machines they measure through Settings' edits: a rename carries the reference along,
// a removal keeps the plug being read under the machine's name (the machine still draws power).
const base = (): LabConfig =>
  configSchema.parse({
    proxmox: [
      { name: 'home', endpoints: ['https://192.0.2.10:8006'], tokenId: 'labtray@pve!tray', tokenSecret: 'secret:pve-home' },
      { name: 'office', endpoints: ['https://192.0.2.20:8006'], tokenId: 'labtray@pve!tray', tokenSecret: 'secret:pve-office' },
    ],
    hosts: [{ name: 'nas', ssh: { host: '192.0.2.30' } }],
    power: {
      url: 'https://ha.example:8123',
      token: 'secret:ha',
      sensors: [
        { entity: 'sensor.gtr5_power', node: 'gtr5', cluster: 'home' },
        { entity: 'sensor.um560_power', node: 'um560' },
        { entity: 'sensor.nas_power', host: 'nas' },
        { entity: 'sensor.router_power', name: 'router' },
      ],
    },
  });

describe('power sensors follow the machines Settings renames and removes', () => {
  it('a renamed cluster or host takes its sensors along', () => {
    const c = base();
    const renamed = putHost({ ...c.hosts![0], name: 'nas2' }, 'nas')(putCluster({ ...c.proxmox![0], name: 'homelab' }, 'home')(c));
    assert.deepEqual(renamed.power?.sensors, [
      { entity: 'sensor.gtr5_power', node: 'gtr5', cluster: 'homelab' },
      { entity: 'sensor.um560_power', node: 'um560' },
      { entity: 'sensor.nas_power', host: 'nas2' },
      { entity: 'sensor.router_power', name: 'router' },
    ]);
  });

  it('a removed host or cluster leaves its sensors reading by name; a node sensor without a cluster stays while a cluster is left', () => {
    const afterHome = dropHost('nas')(dropCluster('home')(base()));
    assert.deepEqual(afterHome.power?.sensors, [
      { entity: 'sensor.gtr5_power', name: 'gtr5' },
      { entity: 'sensor.um560_power', node: 'um560' },
      { entity: 'sensor.nas_power', name: 'nas' },
      { entity: 'sensor.router_power', name: 'router' },
    ]);
    const none = dropCluster('office')(afterHome);
    assert.deepEqual(none.power?.sensors.map((s) => s.name ?? `node:${s.node}`), ['gtr5', 'um560', 'nas', 'router']);
  });

  it('a config without a power section is left without one', () => {
    const c = base();
    delete c.power;
    assert.equal('power' in dropCluster('home')(c), false);
    assert.equal('power' in putHost({ ...c.hosts![0], name: 'n' }, 'nas')(c), false);
  });
});
