import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { certFingerprint } from '../../../shared/config';
import { normalizeFingerprint, sameCertFingerprint } from '../../../shared/fingerprint';

// The SHA-256 fingerprint of a PVE node certificate as `pvenode cert info` prints it.
const PINNED = 'B8:4C:7E:1A:95:2F:03:D6:61:AE:90:3B:7C:22:E5:48:0F:19:D3:BA:6E:44:81:C7:2A:5D:F0:93:1E:B6:07:8C';
const bare = PINNED.replace(/:/g, '');

describe('certificate fingerprints', () => {
  it('writes every spelling of one fingerprint as AB:CD:…', () => {
    for (const s of [PINNED, PINNED.toLowerCase(), bare, bare.toLowerCase(), PINNED.replace(/:/g, ' '), ` ${PINNED} `, PINNED.slice(0, 20) + PINNED.slice(20).replace(/:/g, '')]) {
      assert.equal(normalizeFingerprint(s), PINNED, s);
    }
  });

  it('refuses what is not 32 bytes of hex: a SHA-1 fingerprint, a typo, an SSH key fingerprint', () => {
    const sha1 = 'B8:4C:7E:1A:95:2F:03:D6:61:AE:90:3B:7C:22:E5:48:0F:19:D3:BA';
    for (const s of [sha1, PINNED.slice(0, -1) + 'G', PINNED + ':00', 'SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s', '']) {
      assert.equal(normalizeFingerprint(s), null, s);
    }
  });

  it('compares case-insensitively, with or without colons', () => {
    assert.equal(sameCertFingerprint(PINNED, bare.toLowerCase()), true);
    assert.equal(sameCertFingerprint(PINNED.toLowerCase(), PINNED), true);
    assert.equal(sameCertFingerprint(PINNED, PINNED.replace(/8C$/, '8D')), false);
  });

  it('never counts two malformed values, or a missing pin, as the same certificate', () => {
    assert.equal(sameCertFingerprint('AB:CD', 'abcd'), false);
    assert.equal(sameCertFingerprint('', ''), false);
    assert.equal(sameCertFingerprint(null, PINNED), false);
    assert.equal(sameCertFingerprint(PINNED, undefined), false);
  });

  it('is the rule the config schema applies to a pinned fingerprint', () => {
    assert.deepEqual(certFingerprint.safeParse(bare.toLowerCase()), { success: true, data: PINNED });
    assert.equal(certFingerprint.safeParse('AB:CD').success, false);
  });
});
