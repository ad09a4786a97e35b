import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { macAddress } from '../../../shared/config';
import { isGroupMac, parseMac } from '../../../shared/mac';
import { parseMac as macBytes } from '../../../electron/core/wol/magic';
import { checkMac } from '../../../renderer/src/wol-form';

describe('MAC addresses as people copy them', () => {
  it('reads ip link, Windows, switch and bare layouts in any case as aa:bb:cc:dd:ee:ff', () => {
    for (const typed of ['c0:74:2b:fe:5a:31', 'C0-74-2B-FE-5A-31', 'c074.2bfe.5a31', 'C0742BFE5A31', '  c0:74:2b:fe:5a:31\n']) {
      assert.equal(parseMac(typed), 'c0:74:2b:fe:5a:31', JSON.stringify(typed));
    }
  });

  it('refuses mixed separators, misplaced separators, wrong lengths and non-hex digits', () => {
    for (const typed of ['c0:74-2b:fe:5a:31', 'c07:42b:fe:5a:31', 'c0:74:2b:fe:5a', 'c0:74:2b:fe:5a:31:00', 'c0742bfe5a3', 'c0:74:2b:fe:5a:3g', 'c0 74 2b fe 5a 31', 'c07.42bf.e5a31', '']) {
      assert.equal(parseMac(typed), null, JSON.stringify(typed));
    }
  });

  it('tells a group (broadcast or multicast) address from a network card’s own', () => {
    assert.equal(isGroupMac('ff:ff:ff:ff:ff:ff'), true);
    assert.equal(isGroupMac('01:00:5e:00:00:fb'), true);
    assert.equal(isGroupMac('c0:74:2b:fe:5a:31'), false);
    assert.equal(isGroupMac('02:ab:3c:4d:5e:6f'), false, 'locally administered but unicast');
  });

  it('is one rule for the config schema, the magic packet and the Settings form', () => {
    for (const typed of ['c0:74:2b:fe:5a:31', 'C0-74-2B-FE-5A-31', 'c074.2bfe.5a31', 'c0742bfe5a31', 'c0:74-2b:fe:5a:31', 'c0:74:2b:fe:5a']) {
      const ok = parseMac(typed) !== null;
      assert.equal(macAddress.safeParse(typed).success, ok, `config: ${typed}`);
      assert.equal(macBytes(typed) !== null, ok, `magic packet: ${typed}`);
      assert.equal(checkMac(typed).ok, ok, `Settings: ${typed}`);
    }
  });
});
