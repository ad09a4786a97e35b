import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Guest } from '../../../shared/proxmox';
import { favouriteGuests, guardQuestion, guestOffers, guestStateText, guestStatus, parseGuestRef, wakeLine, wayHomeLine } from '../../../shared/tray-lab';
import { trayText } from '../../../shared/tray-text';
import type { WayHome } from '../../../shared/way-home';
import { guest, homeCluster, labSnapshot, task } from './lab-snapshot';

const en = trayText('en');
const names = (favs: ReturnType<typeof favouriteGuests>): string[] => favs.map((f) => `${f.cluster.name}/${f.guest.vmid} ${f.guest.name}${f.starred ? ' *' : ''}`);

describe('favourite references', () => {
  it('reads cluster/vmid, guest:cluster/vmid and a bare vmid, with spaces around', () => {
    assert.deepEqual(parseGuestRef(' home/101 '), { cluster: 'home', vmid: 101 });
    assert.deepEqual(parseGuestRef('guest:home/101'), { cluster: 'home', vmid: 101 });
    assert.deepEqual(parseGuestRef('101'), { cluster: null, vmid: 101 });
  });

  it('anything else is no reference', () => {
    for (const ref of ['openwrt', 'vm:home/101', 'home/101-old', 'home/', '']) assert.equal(parseGuestRef(ref), null, ref);
  });

  it('a favourite that is no reference, or names another cluster, is skipped; the rest stay', () => {
    const lab2 = { ...homeCluster({ guests: [guest(100, 'router2', 'um560')] }), name: 'lab2' };
    const favs = favouriteGuests({ proxmox: [homeCluster(), lab2] }, ['openwrt', 'lab2/100', 'home/101'], '');
    assert.deepEqual(names(favs), ['lab2/100 router2 *', 'home/101 docker-compose *']);
  });
});

describe('guests tagged as favourites', () => {
  const tagged = (g: Guest, ...tags: string[]): Guest => ({ ...g, tags });
  const lab2 = { ...homeCluster({ guests: [tagged(guest(105, 'openwrt', 'um560'), 'labtray')] }), name: 'lab2' };
  const home = homeCluster({
    guests: [tagged(guest(101, 'zigbee2mqtt', 'um560'), 'labtray'), tagged(guest(120, 'adguard', 'gtr5'), 'LabTray', 'dns'), tagged(guest(100, 'openwrt', 'um560'), 'labtray'), tagged(guest(111, 'home-assistant', 's500plus'), 'iot')],
  });

  it('come by name, then by vmid for the same name, across clusters; a guest with other tags only is none', () => {
    assert.deepEqual(names(favouriteGuests({ proxmox: [lab2, home] }, [], 'labtray')), ['home/120 adguard', 'home/100 openwrt', 'lab2/105 openwrt', 'home/101 zigbee2mqtt']);
  });
});

describe('what a favourite offers', () => {
  const running = guest(101, 'docker-compose', 'um560');

  it('a guest that carries nothing offers its actions without a guard', () => {
    assert.deepEqual(guestOffers(labSnapshot(), 'home', running), [
      { action: 'start', enabled: false },
      { action: 'shutdown', enabled: true },
      { action: 'stop', enabled: true },
      { action: 'reboot', enabled: true },
      { action: 'backup', enabled: true },
    ]);
  });

  it('a task that has ended no longer makes the guest busy', () => {
    const done = labSnapshot({ tasks: [task({ id: 't', kind: 'guest', action: 'start', targetRef: 'guest:home/101', state: 'ok' })] });
    assert.deepEqual(guestOffers(done, 'home', running).map((o) => o.enabled), [false, true, true, true, true]);
    assert.equal(guestStateText(en, done, 'home', running), 'running');
    const busy = labSnapshot({ tasks: [task({ id: 't', kind: 'guest', action: 'reboot', targetRef: 'guest:home/101' })] });
    assert.equal(guestStateText(en, busy, 'home', running), 'rebooting…');
  });

  it('colours a favourite green when running, grey when unknown, amber otherwise', () => {
    const as = (status: Guest['status']) => guestStatus({ status });
    assert.deepEqual((['running', 'stopped', 'paused', 'suspended', 'unknown'] as const).map(as), ['ok', 'warn', 'warn', 'warn', 'unknown']);
  });
});

describe('lines of the way home and of waking', () => {
  it('a relayed path with no known region says so with a question mark', () => {
    const w: WayHome = { where: 'away', tailscale: 'running', router: { name: 'tailscale-gateway', path: 'relay', region: null, latencyMs: null, keyExpired: false, guest: null }, guarded: [] };
    assert.deepEqual(wayHomeLine(en, w), { text: 'Away · via Tailscale · relayed via DERP(?)', status: 'warn' });
  });

  it('an asleep machine with no way from here cannot be chosen', () => {
    assert.deepEqual(wakeLine(en, { name: 'rockpi5a', kind: 'host', up: false, route: { kind: 'none' } }), { text: 'rockpi5a — asleep · no way from here', enabled: false });
    assert.deepEqual(wakeLine(en, { name: 'rockpi5a', kind: 'host', up: false, route: { kind: 'relay', via: 'orangepi5' } }), { text: 'rockpi5a — asleep · via orangepi5', enabled: true });
  });
});

describe('the question before taking down a guarded guest', () => {
  it('names the guest in what the action does, and offers Cancel', () => {
    const q = guardQuestion(en, { name: 'home-assistant', action: 'stop', guard: 'exitNode' }, 'home');
    assert.deepEqual(q, {
      title: 'Force stop this guest?',
      lines: [
        'home-assistant will be powered off at once, like pulling the plug. Unsaved data inside it is lost.',
        'home-assistant is the exit node this computer sends its traffic through.',
        'Away from home, you cannot reach the lab without it.',
      ],
      confirm: 'Stop anyway',
      cancel: 'Cancel',
    });
  });
});
