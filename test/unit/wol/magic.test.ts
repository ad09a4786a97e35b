import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { buildMagicPacket, formatMac, parseMac, parseSecureOn, requireMac } from '../../../electron/core/wol/magic';
import { requireBroadcast, sendMagicPacket } from '../../../electron/core/wol/send';
import { startUdpListener, type UdpListener } from '../../helpers/udp-listener';

// The orangepi5's NIC in the reference lab notation.
const MAC_HEX = '02ab3c4d5e6f';
const expectedPacket = Buffer.from('ff'.repeat(6) + MAC_HEX.repeat(16), 'hex');

describe('magic packet', () => {
  it('is six 0xFF bytes followed by the MAC sixteen times: 102 bytes', () => {
    const p = buildMagicPacket(parseMac('02:ab:3c:4d:5e:6f')!);
    assert.equal(p.length, 102);
    assert.deepEqual(p, expectedPacket);
    assert.deepEqual([...p.subarray(0, 6)], [0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
    assert.deepEqual([...p.subarray(96, 102)], [0x02, 0xab, 0x3c, 0x4d, 0x5e, 0x6f]);
  });

  it('appends a 6-byte SecureOn password: 108 bytes', () => {
    const p = buildMagicPacket(parseMac('02:ab:3c:4d:5e:6f')!, parseSecureOn('11-22-33-44-55-66')!);
    assert.equal(p.length, 108);
    assert.deepEqual(p.subarray(0, 102), expectedPacket);
    assert.equal(p.subarray(102).toString('hex'), '112233445566');
  });

  it('reads the MAC in every common notation, upper or lower case', () => {
    for (const text of ['02:ab:3c:4d:5e:6f', '02-AB-3C-4D-5E-6F', '02ab.3c4d.5e6f', '02AB3C4D5E6F', '  02:Ab:3c:4D:5e:6F ']) {
      assert.equal(parseMac(text)?.toString('hex'), MAC_HEX, text);
    }
  });

  it('rejects what is not a MAC address', () => {
    for (const text of ['02:ab:3c:4d:5e', '02:ab:3c:4d:5e:6f:70', '02:ab-3c:4d:5e:6f', '02:ab:3c:4d:5e:6g', '02ab3c4d5e6', '02ab.3c4d5e6f', '', 'orangepi5', '02:ab:3c:4d:5e:6f; reboot']) {
      assert.equal(parseMac(text), null, text);
    }
  });

  it('requireMac returns the six bytes, or refuses naming the place, the value and the notations it reads', () => {
    assert.equal(requireMac('02-AB-3C-4D-5E-6F', 'hosts.orangepi5').toString('hex'), MAC_HEX);
    assert.throws(
      () => requireMac('02:ab:3c:4d:5e', 'hosts.orangepi5'),
      (e: unknown) =>
        e instanceof Error &&
        e.message === 'hosts.orangepi5: "02:ab:3c:4d:5e" is not a MAC address (use aa:bb:cc:dd:ee:ff, aa-bb-cc-dd-ee-ff, aabb.ccdd.eeff or aabbccddeeff)',
    );
  });

  it('refuses a MAC or a SecureOn password that is not six bytes, saying how many it got', () => {
    const mac = parseMac('02:ab:3c:4d:5e:6f')!;
    assert.throws(() => buildMagicPacket(mac.subarray(0, 5)), (e: unknown) => e instanceof Error && e.message === 'a MAC address has 6 bytes, got 5');
    assert.throws(() => buildMagicPacket(Buffer.concat([mac, Buffer.from([0x70])])), (e: unknown) => e instanceof Error && e.message === 'a MAC address has 6 bytes, got 7');
    assert.throws(() => buildMagicPacket(mac, Buffer.from('1122334455', 'hex')), (e: unknown) => e instanceof Error && e.message === 'a SecureOn password has 6 bytes, got 5');
    assert.throws(() => formatMac(mac.subarray(0, 5)), (e: unknown) => e instanceof Error && e.message === 'a MAC address has 6 bytes, got 5');
  });

  it('turns any six bytes into the same packet whichever notation they were written in', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 6, maxLength: 6 }), (bytes) => {
        const mac = Buffer.from(bytes);
        const colon = formatMac(mac);
        const dash = colon.replace(/:/g, '-').toUpperCase();
        const bare = colon.replace(/:/g, '');
        const cisco = `${bare.slice(0, 4)}.${bare.slice(4, 8)}.${bare.slice(8)}`;
        const packets = [colon, dash, bare, cisco].map((t) => buildMagicPacket(parseMac(t)!));
        for (const p of packets) assert.deepEqual(p, packets[0]);
        for (let i = 0; i < 16; i++) assert.deepEqual(packets[0].subarray(6 + i * 6, 12 + i * 6), mac);
      }),
    );
  });
});

describe('sending the magic packet', () => {
  let nine: UdpListener;
  let seven: UdpListener;
  before(async () => {
    nine = await startUdpListener();
    seven = await startUdpListener();
  });
  after(async () => {
    await nine.stop();
    await seven.stop();
  });

  it('delivers the exact bytes once to each configured port', async () => {
    const packet = buildMagicPacket(parseMac('02ab.3c4d.5e6f')!);
    await sendMagicPacket(packet, { address: '127.0.0.1', ports: [nine.port, seven.port] });
    assert.deepEqual(await nine.next(), expectedPacket);
    assert.deepEqual(await seven.next(), expectedPacket);
    assert.equal(nine.received().length, 1);
    assert.equal(seven.received().length, 1);
  });

  it('refuses a broadcast address that is not plain IPv4, before sending anything', async () => {
    assert.throws(() => requireBroadcast('192.168.1.255; reboot', 'hosts.orangepi5'), /hosts\.orangepi5: broadcast .* is not an IPv4 address/);
    await assert.rejects(sendMagicPacket(expectedPacket, { address: 'localhost', ports: [nine.port] }), /not an IPv4 address/);
  });

  it('does not send when the task is already cancelled', async () => {
    const ac = new AbortController();
    ac.abort(new Error('cancelled by the user'));
    await assert.rejects(sendMagicPacket(expectedPacket, { address: '127.0.0.1', ports: [nine.port], signal: ac.signal }), /cancelled by the user/);
  });
});
