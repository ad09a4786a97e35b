/**
 * SHA-256 certificate fingerprints (what `pvenode cert info` and browsers show).
 * Two writings of one fingerprint are the same: case does not matter and the
 * colons are optional (spaces between the pairs too, as some certificate viewers
 * print them). Anything that is not 32 bytes of hex is no fingerprint at all, so
 * two malformed values never count as equal.
 */

/** `ab:cd…`, `ABCD…` or `AB CD…` → `AB:CD:…` (uppercase, colon separated); null when it is not a SHA-256 digest. */
export function normalizeFingerprint(raw: string): string | null {
  const hex = raw.replace(/[:\s]/g, '').toUpperCase();
  if (!/^[0-9A-F]{64}$/.test(hex)) return null;
  return hex.match(/../g)!.join(':');
}

/** Whether two fingerprints name the same certificate; false when either is not a SHA-256 fingerprint. */
export function sameCertFingerprint(a: string | null | undefined, b: string | null | undefined): boolean {
  if (!a || !b) return false;
  const x = normalizeFingerprint(a);
  return x !== null && x === normalizeFingerprint(b);
}
