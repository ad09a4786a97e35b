import { createHash } from 'node:crypto';

/** OpenSSH's `SHA256:base64` fingerprint (no padding) of a public key blob, as `ssh-keygen -lf` prints it. */
export function sshFingerprint(blob: Buffer): string {
  return 'SHA256:' + createHash('sha256').update(blob).digest('base64').replace(/=+$/, '');
}

/** The algorithm name at the start of a public key blob (`ssh-ed25519`, `ssh-rsa`, `ecdsa-sha2-nistp256`). */
export function keyTypeOf(blob: Buffer): string {
  if (blob.length < 4) return 'unknown';
  const len = blob.readUInt32BE(0);
  if (len > blob.length - 4 || len > 64) return 'unknown';
  return blob.subarray(4, 4 + len).toString('latin1');
}

/** Normalises a fingerprint for comparison: base64 padding is optional in configs. */
export function sameFingerprint(a: string, b: string): boolean {
  return a.replace(/=+$/, '') === b.replace(/=+$/, '');
}
