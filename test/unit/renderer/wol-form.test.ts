import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { macAddress } from '../../../shared/config';
import { applyDraft, checkBroadcast, checkMac, relaysFor } from '../../../renderer/src/wol-form';

describe('the MAC address typed in Settings → Wake-on-LAN', () => {
  it('accepts the layouts people copy from ip link, Windows and switches, saved as aa:bb:..', () => {
    for (const typed of ['c0:74:2b:fe:5a:31', 'C0-74-2B-FE-5A-31', 'c0742bfe5a31', 'c074.2bfe.5a31', ' c0:74:2b:fe:5a:31 ']) {
      assert.deepEqual(checkMac(typed), { ok: true, mac: 'c0:74:2b:fe:5a:31' }, typed);
    }
  });

  it('saves only what the config schema accepts', () => {
    const r = checkMac('E2-45-71-0A-9C-12');
    assert.ok(r.ok && r.mac);
    assert.equal(macAddress.safeParse(r.mac).success, true);
  });

  it('clears the MAC when the field is emptied', () => {
    assert.deepEqual(checkMac('  '), { ok: true, mac: null });
  });

  it('names the characters that are not hex digits', () => {
    assert.deepEqual(checkMac('c0:74:2b:fe:5a:3g'), { ok: false, problem: { kind: 'chars', chars: 'g' } });
    assert.deepEqual(checkMac('c0 74 2b fe 5a 31'), { ok: false, problem: { kind: 'chars', chars: ' ' } });
  });

  it('counts the digits when a pair is missing or extra', () => {
    assert.deepEqual(checkMac('c0:74:2b:fe:5a'), { ok: false, problem: { kind: 'count', count: 10 } });
    assert.deepEqual(checkMac('c0:74:2b:fe:5a:31:00'), { ok: false, problem: { kind: 'count', count: 14 } });
  });

  it('refuses uneven separators', () => {
    assert.deepEqual(checkMac('c0:74-2b:fe:5a:31'), { ok: false, problem: { kind: 'layout' } });
    assert.deepEqual(checkMac('c07:42b:fe:5a:31'), { ok: false, problem: { kind: 'layout' } });
  });

  it('refuses the broadcast address and multicast addresses, which no network card owns', () => {
    assert.deepEqual(checkMac('ff:ff:ff:ff:ff:ff'), { ok: false, problem: { kind: 'group', mac: 'ff:ff:ff:ff:ff:ff' } });
    assert.deepEqual(checkMac('01:00:5e:00:00:fb'), { ok: false, problem: { kind: 'group', mac: '01:00:5e:00:00:fb' } });
  });
});

describe('the broadcast address typed in Settings → Wake-on-LAN', () => {
  it('takes a dotted IPv4 address, or empty for the default', () => {
    assert.deepEqual(checkBroadcast('192.168.1.255'), { ok: true, address: '192.168.1.255' });
    assert.deepEqual(checkBroadcast(''), { ok: true, address: null });
  });

  it('refuses what the core would refuse to send to', () => {
    for (const bad of ['192.168.1.256', '192.168.1', 'lan.home', '192.168.01.255', '192.168.1.255; reboot']) assert.deepEqual(checkBroadcast(bad), { ok: false }, bad);
  });
});

describe('a host with its Wake-on-LAN draft applied', () => {
  const host = { name: 'rockpi5a', ssh: { host: '10.0.0.12', user: 'rock' }, mac: 'e2:45:71:0a:9c:12', broadcast: '10.0.0.255', interval: 30_000 };

  it('drops cleared fields instead of saving empty strings, and keeps the rest of the host', () => {
    assert.deepEqual(applyDraft(host, { mac: '', broadcast: '', relay: false }), { name: 'rockpi5a', ssh: host.ssh, interval: 30_000 });
  });

  it('marks an SSH host as a relay, but never a host LabTray cannot reach over SSH', () => {
    assert.equal(applyDraft(host, { mac: host.mac, broadcast: '', relay: true }).wakeRelay, true);
    assert.equal('wakeRelay' in applyDraft({ name: 'nas', mac: host.mac }, { mac: host.mac, broadcast: '', relay: true }), false);
  });

  it('refuses to apply a draft the form shows as wrong', () => {
    assert.throws(() => applyDraft(host, { mac: 'ff:ff:ff:ff:ff:ff', broadcast: '', relay: false }), /rockpi5a/);
  });
});

describe('the relays that would wake a host from away', () => {
  const hosts = [
    { name: 'openwrt', relay: true, ssh: true },
    { name: 'orangepi5', relay: true, ssh: true },
    { name: 'nas', relay: true, ssh: false },
    { name: 'rockpi5a', relay: false, ssh: true },
  ];
  it('are the SSH hosts marked as relays, never the sleeping host itself', () => {
    assert.deepEqual(relaysFor('rockpi5a', hosts), ['openwrt', 'orangepi5']);
    assert.deepEqual(relaysFor('orangepi5', hosts), ['openwrt']);
  });
});
