import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Lab } from '../../../electron/core/lab/lab';
import { nextDailyRun } from '../../../electron/core/proxmox/guest-detail';
import type { PveSim } from '../../../demo/pve/sim';
import { startPveLab, until } from '../../helpers/pve';

const rrd = (sim: PveSim): string[] => sim.requests.filter((r) => r.path.endsWith('/rrddata')).map((r) => `${r.path}?${r.query}`);

// History and a guest's whole story, read on demand through the LabApi against the simulated cluster.
describe('history and guest detail through the LabApi', () => {
  let sim: PveSim;
  let lab: Lab;
  let stop: () => Promise<void>;
  before(async () => {
    ({ sim, lab, stop } = await startPveLab({ config: { ui: { links: { 'home/111': [{ name: 'Home Assistant', url: 'http://192.168.1.30:8123' }] } } } }));
    await until(lab, (s) => (s.proxmox[0]?.guests.length ?? 0) > 0);
  });
  after(() => stop());

  it('a guest\'s hour is one rrddata request, served from the cache on the second ask; another time frame is its own request', async () => {
    const before = rrd(sim).length;
    const a = await lab.invoke('history', { cluster: 'home', node: 'um560', vmid: 102, timeframe: 'hour' });
    const b = await lab.invoke('history', { cluster: 'home', node: 'um560', vmid: 102, timeframe: 'hour' });
    assert.equal(rrd(sim).length - before, 1);
    assert.match(rrd(sim).at(-1) ?? '', /\/nodes\/um560\/qemu\/102\/rrddata\?.*timeframe=hour/);
    assert.equal(a.points.length, 70);
    assert.deepEqual(b, a);
    assert.ok(a.points.every((p) => p.cpu !== null && p.maxmem === 8 * 1024 ** 3 && p.diskwrite !== null));
    await lab.invoke('history', { cluster: 'home', node: 'um560', vmid: 102, timeframe: 'day' });
    assert.equal(rrd(sim).length - before, 2);
  });

  it('a node\'s history maps memused/memtotal to mem/maxmem and has no disk I/O', async () => {
    const h = await lab.invoke('history', { cluster: 'home', node: 'gtr5', timeframe: 'week' });
    assert.equal(h.vmid, null);
    const last = h.points.at(-1)!;
    assert.ok(last.mem! > 0 && last.maxmem! > last.mem!);
    assert.equal(last.diskread, null);
  });

  it('refuses a guest asked on the wrong node or an unknown node, before any request', async () => {
    const before = rrd(sim).length;
    await assert.rejects(lab.invoke('history', { cluster: 'home', node: 'gtr5', vmid: 102, timeframe: 'hour' }), /102 is on um560, not gtr5/);
    await assert.rejects(lab.invoke('history', { cluster: 'home', node: 'nope', timeframe: 'hour' }), /no node named "nope"/);
    await assert.rejects(lab.invoke('history', { cluster: 'home', node: 'um560', timeframe: 'decade' as 'hour' }), /timeframe/);
    assert.equal(rrd(sim).length, before);
  });

  it('home-assistant: agent addresses, config, snapshots, backups, the next nightly run is not scheduled for it, console and links', async () => {
    const d = await lab.invoke('guestDetail', { cluster: 'home', vmid: 111 });
    assert.deepEqual(d.addresses?.map((a) => a.address).filter((a) => !a.includes(':')), ['192.168.1.30']);
    assert.deepEqual(d.gaps, []);
    assert.equal(d.config?.cores, 2);
    assert.equal(d.config?.memoryMiB, 2048);
    assert.deepEqual(d.config?.disks.map((x) => [x.key, x.size]), [['scsi0', '20G']]);
    assert.deepEqual(d.snapshots?.map((s) => s.name), ['pre_2024_12', 'zigbee_ok']);
    // Its weekly manual backups: four in the demo lab's history, the newest first.
    assert.equal(d.backups.length, 4);
    assert.equal(d.backups[0].storage, 'usb-backup');
    // The nightly job lists 100,102,103,104,105,110: 111 is not in it.
    assert.equal(d.nextBackup, null);
    assert.match(d.consoleUrl ?? '', /^https:\/\/127\.0\.0\.1:\d+\/\?console=kvm&novnc=1&vmid=111&vmname=home-assistant&node=s500plus/);
    assert.deepEqual(d.links, [{ name: 'Home Assistant', url: 'http://192.168.1.30:8123' }]);
  });

  it('tailscale-gateway shows its tailnet address and its next backup at 02:30', async () => {
    const d = await lab.invoke('guestDetail', { cluster: 'home', vmid: 110 });
    assert.ok(d.addresses?.some((a) => a.address === '100.88.10.1' && a.iface === 'tailscale0'));
    assert.equal(d.nextBackup?.schedule, '02:30');
    const at = new Date(d.nextBackup!.at! * 1000);
    assert.deepEqual([at.getHours(), at.getMinutes()], [2, 30]);
    assert.ok(d.nextBackup!.at! * 1000 > Date.now() && d.nextBackup!.at! * 1000 <= Date.now() + 86_400_000);
  });

  it('a VM whose agent is not running has no addresses and says why; the rest of the panel is there', async () => {
    const d = await lab.invoke('guestDetail', { cluster: 'home', vmid: 123 });
    assert.equal(d.addresses, null);
    assert.deepEqual(d.gaps.map((g) => [g.part, g.reason, g.detail]), [['addresses', 'agent-not-running', 'QEMU guest agent is not running']]);
    assert.equal(d.config?.cores, 2);
    assert.ok(d.tasks.some((t) => t.type === 'qmstart'), 'its start task is among its recent tasks');
  });

  it('a container\'s addresses come from its interfaces; a stopped guest says it is not running without asking', async () => {
    const ct = await lab.invoke('guestDetail', { cluster: 'home', vmid: 114 });
    assert.deepEqual(ct.addresses?.filter((a) => a.family === 'ipv4'), [{ iface: 'eth0', address: '192.168.1.35', family: 'ipv4', prefix: 24 }]);
    assert.deepEqual(ct.config?.disks.map((x) => x.key), ['rootfs']);
    const asked = sim.requests.length;
    const stopped = await lab.invoke('guestDetail', { cluster: 'home', vmid: 101 });
    assert.equal(stopped.gaps[0]?.reason, 'guest-not-running');
    assert.ok(!sim.requests.slice(asked).some((r) => r.path.includes('agent')));
  });

  it('a read-only token without VM.GuestAgent.Audit gets a permission gap, not a failure', async () => {
    const ro = await startPveLab({ cluster: (c, s) => ({ ...c, tokenId: s.tokens[1].id, tokenSecret: 'secret:pve-ro' }) });
    try {
      await until(ro.lab, (s) => (s.proxmox[0]?.guests.length ?? 0) > 0);
      const d = await ro.lab.invoke('guestDetail', { cluster: 'home', vmid: 111 });
      assert.equal(d.gaps[0]?.reason, 'no-permission');
      assert.equal(d.config?.cores, 2);
    } finally {
      await ro.stop();
    }
  });

  it('the poller never reads history: polls send no rrddata request', async () => {
    const before = rrd(sim).length;
    for (let i = 0; i < 4; i++) await lab.pollOnce();
    assert.equal(rrd(sim).length, before);
  });

  it('an unknown guest is refused by name', async () => {
    await assert.rejects(lab.invoke('guestDetail', { cluster: 'home', vmid: 4242 }), /no guest with vmid 4242/);
  });
});

describe('the next run of a simple schedule', () => {
  it('is today when the time is still ahead, tomorrow when it passed; other schedules are not guessed', () => {
    const noon = new Date(2026, 11, 4, 12, 0).getTime();
    assert.equal(nextDailyRun('14:05', noon), new Date(2026, 11, 4, 14, 5).getTime() / 1000);
    assert.equal(nextDailyRun('02:30', noon), new Date(2026, 11, 5, 2, 30).getTime() / 1000);
    assert.equal(nextDailyRun('sat 02:00', noon), null);
    assert.equal(nextDailyRun('25:00', noon), null);
  });
});
