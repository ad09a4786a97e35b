import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { emptySnapshot, type Snapshot } from '../../../shared/snapshot';
import type { Guest, ProxmoxCluster } from '../../../shared/proxmox';
import { checkLink, freshnessRows, lastBackups, rowFreshness, filterGuests, guestFacets, guestRows, problems } from '../../../renderer/src/selectors';
import { defaultFilters } from '../../../renderer/src/store';

const NOW = Date.parse('2026-11-27T12:00:00Z');

function guest(vmid: number, name: string, node: string, status: Guest['status'], extra: Partial<Guest> = {}): Guest {
  return { vmid, name, type: 'qemu', node, status, cpu: 0.1, maxcpu: 2, mem: 1, maxmem: 2, disk: 0, maxdisk: 1, uptime: 1, tags: [], template: false, hastate: null, lock: null, ...extra };
}

function lab(guests: Guest[], backups: [number, number][] = []): Snapshot {
  const cluster: ProxmoxCluster = {
    name: 'home', endpoint: null, clusterName: 'home', quorate: true, nodes: [], guests, storages: [], disks: [], tasks: [], backupJobs: [],
    backups: backups.map(([vmid, ctime]) => ({ volid: `usb:backup/${vmid}-${ctime}`, storage: 'usb', node: 'um560', vmid, ctime, size: 1, format: 'vma.zst', notes: null, protected: false, verification: 'none' })),
  };
  return { ...emptySnapshot(), version: 1, proxmox: [cluster] };
}

const reference = lab(
  [
    guest(100, 'openwrt', 'um560', 'running', { tags: ['network'] }),
    guest(101, 'win2022', 'um560', 'stopped'),
    guest(200, 'tailscale-gateway', 's500plus', 'running', { tags: ['network'] }),
    guest(300, 'ubuntu-test', 'gtr5', 'stopped', { tags: ['test'] }),
    guest(9000, 'debian-template', 'gtr5', 'stopped', { template: true }),
  ],
  [
    [100, NOW / 1000 - 3600],
    [100, NOW / 1000 - 86400 * 3],
    [200, NOW / 1000 - 86400 * 4],
  ],
);

describe('guest rows', () => {
  it('lists every guest except templates, keyed by cluster and vmid', () => {
    const rows = guestRows(reference, [], {});
    assert.deepEqual(rows.map((r) => r.key), ['home/100', 'home/101', 'home/200', 'home/300']);
  });

  it('gives each guest its newest backup, and none to a guest never backed up', () => {
    const rows = guestRows(reference, [], {});
    assert.equal(rows.find((r) => r.key === 'home/100')?.lastBackup, NOW / 1000 - 3600);
    assert.equal(rows.find((r) => r.key === 'home/101')?.lastBackup, null);
  });

  it('filters by node, status and tag together', () => {
    const rows = guestRows(reference, [], {});
    const f = filterGuests(rows, { ...defaultFilters, status: 'stopped', tag: 'test' }, { key: 'name', dir: 'asc' });
    assert.deepEqual(f.map((r) => r.guest.name), ['ubuntu-test']);
    assert.deepEqual(filterGuests(rows, { ...defaultFilters, node: 'um560' }, { key: 'name', dir: 'asc' }).map((r) => r.guest.vmid), [100, 101]);
  });

  it('searches names, vmids and tags', () => {
    const rows = guestRows(reference, [], {});
    const sort = { key: 'name', dir: 'asc' } as const;
    assert.deepEqual(filterGuests(rows, { ...defaultFilters, query: 'GATE' }, sort).map((r) => r.guest.vmid), [200]);
    assert.deepEqual(filterGuests(rows, { ...defaultFilters, query: '300' }, sort).map((r) => r.guest.vmid), [300]);
    assert.deepEqual(filterGuests(rows, { ...defaultFilters, query: 'network' }, sort).map((r) => r.guest.vmid), [100, 200]);
  });

  it('puts favourites first, then sorts by the chosen column', () => {
    const rows = guestRows(reference, ['home/300'], {});
    const byName = filterGuests(rows, defaultFilters, { key: 'name', dir: 'desc' });
    assert.deepEqual(byName.map((r) => r.guest.name), ['ubuntu-test', 'win2022', 'tailscale-gateway', 'openwrt']);
  });

  it('sorts guests never backed up before the oldest backup', () => {
    const rows = guestRows(reference, [], {});
    const sorted = filterGuests(rows, defaultFilters, { key: 'backup', dir: 'asc' });
    assert.deepEqual(sorted.map((r) => r.guest.vmid), [101, 300, 200, 100]);
  });

  it('does not match a search across two fields (name and vmid are separate)', () => {
    const rows = guestRows(reference, [], {});
    assert.deepEqual(filterGuests(rows, { ...defaultFilters, query: 'wrt100' }, { key: 'name', dir: 'asc' }), []);
  });

  it('computes the backup ages once per snapshot and again for a new one', () => {
    assert.equal(lastBackups(reference), lastBackups(reference));
    const next = { ...reference, version: 2 };
    assert.notEqual(lastBackups(next), lastBackups(reference));
    assert.deepEqual([...lastBackups(next)], [...lastBackups(reference)]);
  });

  it('offers the nodes and tags that exist as filter values', () => {
    assert.deepEqual(guestFacets(guestRows(reference, [], {})), { nodes: ['gtr5', 's500plus', 'um560'], tags: ['network', 'test'] });
  });
});

describe('backup freshness', () => {
  it('warns about a guest never backed up, as the core does', () => {
    assert.equal(rowFreshness({ lastBackup: null, backupCheck: null }, NOW), 'warn');
  });
  it('takes the core verdict over its own estimate (the core knows the configured limits)', () => {
    const checked: Snapshot = { ...reference, checks: [{ id: 'proxmox:home:backup:100', source: 'proxmox:home', target: 'guest:home/100', status: 'crit', summary: '100 (openwrt): last backup is 9 days old', observedAt: new Date(NOW).toISOString() }] };
    const rows = guestRows(checked, [], {});
    assert.equal(rowFreshness(rows.find((r) => r.key === 'home/100')!, NOW), 'crit');
    assert.equal(rowFreshness(rows.find((r) => r.key === 'home/200')!, NOW), 'ok');
  });
  it('judges a guest the core has not judged yet by the core default limits: a week warns, two weeks are critical', () => {
    const aged = (days: number) => rowFreshness({ lastBackup: NOW / 1000 - days * 86400, backupCheck: null }, NOW);
    assert.equal(aged(6.9), 'ok');
    assert.equal(aged(7), 'warn', 'the limit reached counts, as in the core');
    assert.equal(aged(13.9), 'warn');
    assert.equal(aged(14), 'crit');
  });
});

describe('problems', () => {
  const at = (s: number): string => new Date(NOW - s * 1000).toISOString();
  const snap: Snapshot = {
    ...reference,
    checks: [
      { id: 'a', source: 'proxmox:home', target: 'node:gtr5', status: 'warn', summary: 'gtr5 NVMe wearing', observedAt: at(10) },
      { id: 'b', source: 'proxmox:home', target: 'guest:home/300', status: 'crit', summary: 'ubuntu-test never backed up', observedAt: at(20) },
      { id: 'c', source: 'tailscale', target: 'peer:orangepi5', status: 'ok', summary: 'orangepi5 direct', observedAt: at(5) },
      { id: 'd', source: 'kubernetes:k3s-main', status: 'unknown', summary: 'k3s-main not read yet', observedAt: at(1) },
    ],
  };

  it('lists what needs attention, worst first, leaving out what is fine', () => {
    assert.deepEqual(problems(snap).map((c) => c.id), ['b', 'a', 'd']);
  });

  it('links each problem to the view that shows its target', () => {
    assert.deepEqual(checkLink(snap.checks[1]), { view: 'guests', query: '300' });
    assert.deepEqual(checkLink(snap.checks[0]), { view: 'overview', anchor: 'node-gtr5' });
    assert.equal(checkLink(snap.checks[2]).view, 'network');
    assert.equal(checkLink(snap.checks[3]).view, 'kubernetes');
  });
});

describe('backup freshness list', () => {
  it('puts crit first, then warn, then ok, and the oldest first within each', () => {
    const day = 86400;
    const snap = lab(
      [guest(100, 'fresh-a', 'um560', 'running'), guest(101, 'never', 'um560', 'stopped'), guest(102, 'old', 'gtr5', 'running'), guest(103, 'week', 'gtr5', 'running'), guest(104, 'fresh-b', 'gtr5', 'running'), guest(105, 'older', 'gtr5', 'running')],
      [
        [100, NOW / 1000 - 2 * 3600],
        [104, NOW / 1000 - 5 * 3600],
        [102, NOW / 1000 - 20 * day],
        [105, NOW / 1000 - 30 * day],
        [103, NOW / 1000 - 9 * day],
      ],
    );
    const rows = freshnessRows(snap, NOW);
    assert.deepEqual(rows.map((r) => [r.guest.name, r.freshness]), [
      ['older', 'crit'],
      ['old', 'crit'],
      ['never', 'warn'],
      ['week', 'warn'],
      ['fresh-b', 'ok'],
      ['fresh-a', 'ok'],
    ]);
  });
});
