import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { wakeTargets, type WakeTarget } from '../../../shared/wake-targets';
import { homeCluster, host, node } from './lab-snapshot';

const line = (w: WakeTarget): string => `${w.name} ${w.kind} ${w.up ? 'up' : 'down'} ${w.route.kind}${'via' in w.route ? ` ${w.route.via}` : ''}`;

describe('the way a wake-up would take, exactly', () => {
  it('another node of the cluster sends it only when that node is online: the first online one, never itself', () => {
    const cluster = homeCluster({ nodes: [node('um560', 'offline'), node('s500plus', 'offline'), node('gtr5')] });
    assert.deepEqual(wakeTargets({ proxmox: [cluster], hosts: [], atHome: false }, { macs: [], relays: [] }).map(line), [
      'gtr5 node up none',
      's500plus node down pve gtr5',
      'um560 node down pve gtr5',
    ]);
  });

  it('at home a node whose MAC the config gives under its SSH host name is woken from here', () => {
    const cluster = homeCluster({ nodes: [node('um560'), { ...node('gtr5', 'offline'), hosts: ['gtr5-ssh'] }] });
    assert.deepEqual(wakeTargets({ proxmox: [cluster], hosts: [], atHome: true }, { macs: ['gtr5-ssh'], relays: [] }).map(line), ['gtr5 node down direct', 'um560 node up none']);
  });

  it('without a PVE way, goes through the relay last seen reachable, then one not yet probed, then one that did not answer', () => {
    // orangepi5 answered, rockpi5a did not, nas was never probed (an SSH host with no checks yet).
    const hosts = [host('orangepi5', true), host('rockpi5a', false)];
    const via = (relays: string[]): string[] => wakeTargets({ proxmox: [], hosts, atHome: false }, { macs: ['htpc'], relays }).map(line);
    assert.deepEqual(via(['nas', 'rockpi5a', 'orangepi5']), ['htpc host down relay orangepi5']);
    assert.deepEqual(via(['rockpi5a', 'nas']), ['htpc host down relay nas']);
    assert.deepEqual(via(['rockpi5a']), ['htpc host down relay rockpi5a'], 'one that did not answer is still tried');
  });

  it('a relay never wakes itself: it goes through the next one', () => {
    const hosts = [host('orangepi5', false), host('rockpi5a', true)];
    assert.deepEqual(wakeTargets({ proxmox: [], hosts, atHome: null }, { macs: ['rockpi5a', 'orangepi5'], relays: ['rockpi5a', 'orangepi5'] }).map(line), [
      'orangepi5 host down relay rockpi5a',
      'rockpi5a host up relay orangepi5',
    ]);
  });
});
