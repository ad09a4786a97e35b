import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Guest, ProxmoxCluster } from '../../../shared/proxmox';
import { emptySnapshot, type Snapshot } from '../../../shared/snapshot';
import { UsageError } from '../../../electron/cli/args';
import { CliFailure } from '../../../electron/cli/explain';
import { resolveGuests } from '../../../electron/cli/resolve';

const guest = (vmid: number, name: string, node = 'um560'): Guest => ({ vmid, name, type: 'qemu', node, status: 'running', cpu: null, maxcpu: null, mem: null, maxmem: null, disk: null, maxdisk: null, uptime: null, tags: [], template: false, hastate: null, lock: null });
const cluster = (name: string, guests: Guest[]): ProxmoxCluster => ({ name, endpoint: null, clusterName: null, quorate: true, nodes: [], guests, storages: [], disks: [], tasks: [], backups: [], backupJobs: [] });

/** Two clusters, as a user with a second lab at a friend's place has them: both run an openwrt. */
function lab(): Snapshot {
  return {
    ...emptySnapshot(),
    proxmox: [cluster('home', [guest(100, 'openwrt'), guest(101, 'win2022'), guest(111, 'home-assistant', 's500plus')]), cluster('lab2', [guest(200, 'openwrt', 'pve1'), guest(201, 'nas', 'pve1')])],
  };
}

const usage = (pattern: RegExp) => (err: unknown): boolean => {
  assert.ok(err instanceof UsageError, `a usage error, got ${String(err)}`);
  assert.match(err.message, pattern);
  return true;
};

describe('naming guests on the command line', () => {
  it('finds a guest by its name, in any case, in the cluster that has it', () => {
    assert.deepEqual(
      resolveGuests(lab(), ['Home-Assistant'], { command: 'vm' }).map((c) => ({ cluster: c.cluster, vmids: c.guests.map((g) => g.vmid) })),
      [{ cluster: 'home', vmids: [111] }],
    );
  });

  it('finds guests by vmid and groups them per cluster', () => {
    const r = resolveGuests(lab(), ['101', 'nas', '100'], { command: 'vm' });
    assert.deepEqual(r.map((c) => [c.cluster, c.guests.map((g) => g.vmid)]), [['home', [101, 100]], ['lab2', [201]]]);
  });

  it('refuses a name used in two clusters, listing each candidate as cluster/vmid', () => {
    assert.throws(() => resolveGuests(lab(), ['openwrt'], { command: 'vm' }), usage(/"openwrt" is ambiguous: home\/100 \(openwrt\), lab2\/200 \(openwrt\); name one as cluster\/vmid, e\.g\. home\/100/));
  });

  it('takes cluster/vmid, cluster/name, or --cluster to say which one is meant', () => {
    assert.equal(resolveGuests(lab(), ['lab2/200'], { command: 'vm' })[0].guests[0].name, 'openwrt');
    assert.equal(resolveGuests(lab(), ['lab2/openwrt'], { command: 'vm' })[0].cluster, 'lab2');
    assert.equal(resolveGuests(lab(), ['openwrt'], { command: 'vm', cluster: 'home' })[0].guests[0].vmid, 100);
  });

  it('says when a name is unknown and suggests close ones', () => {
    assert.throws(() => resolveGuests(lab(), ['openwrtt'], { command: 'vm', cluster: 'home' }), usage(/no guest named "openwrtt" in cluster home; did you mean home\/100 \(openwrt\)\?/));
    assert.throws(() => resolveGuests(lab(), ['999'], { command: 'vm' }), usage(/no guest with vmid "999"/));
  });

  it('names an unknown cluster and lists the configured ones', () => {
    assert.throws(() => resolveGuests(lab(), ['100'], { command: 'vm', cluster: 'office' }), usage(/no cluster named "office" \(configured: home, lab2\)/));
    assert.throws(() => resolveGuests(lab(), ['office/100'], { command: 'vm' }), usage(/"office\/100": no cluster named "office"/));
  });

  it('does not claim a guest is missing when its cluster could not be read', () => {
    const s = { ...emptySnapshot(), proxmox: [cluster('home', [])], sources: [{ id: 'proxmox:home', kind: 'proxmox' as const, name: 'home', updatedAt: null, lastAttemptAt: null, stale: false, error: 'connection refused', latencyMs: null }] };
    assert.throws(
      () => resolveGuests(s, ['openwrt'], { command: 'vm' }),
      (err: Error) =>
        err instanceof CliFailure &&
        err.explained.sentence === 'Could not find "openwrt": the guests of home could not be read: the server refused the connection (is the service running?)' &&
        err.explained.detail === 'connection refused',
    );
  });

  it('asks for at least one guest', () => {
    assert.throws(() => resolveGuests(lab(), [], { command: 'backup' }), usage(/name at least one guest/));
  });
});
