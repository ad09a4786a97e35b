import { LabError } from '../../../shared/api';
import { keyTypeOf, sameFingerprint, sshFingerprint } from './fingerprint';
import { hostFieldMatches, type KnownHostEntry } from './known-hosts';

export type HostKeyVerdict =
  | { ok: true; fingerprint: string; via: 'pin' | 'known_hosts' }
  | { ok: false; problem: 'unknown' | 'changed' | 'revoked'; fingerprint: string; keyType: string; expected: string[]; where: string | null };

export interface HostKeyPolicy {
  /** `hostKey: SHA256:...` from the config: when set, it alone decides. */
  pinned?: string;
  known: KnownHostEntry[];
  /** Names the host goes by (address dialled, configured host); any may appear in known_hosts. */
  names: string[];
  port: number;
}

/** Decides about a presented host key like OpenSSH with StrictHostKeyChecking=yes. */
export function judgeHostKey(blob: Buffer, policy: HostKeyPolicy): HostKeyVerdict {
  const fingerprint = sshFingerprint(blob);
  const keyType = keyTypeOf(blob);
  if (policy.pinned) {
    if (sameFingerprint(policy.pinned, fingerprint)) return { ok: true, fingerprint, via: 'pin' };
    return { ok: false, problem: 'changed', fingerprint, keyType, expected: [policy.pinned], where: 'hostKey in the LabTray config' };
  }
  const forHost = policy.known.filter((e) => e.marker !== 'cert-authority' && policy.names.some((n) => hostFieldMatches(e.hosts, n, policy.port)));
  const revoked = policy.known.find((e) => e.marker === 'revoked' && e.key.equals(blob));
  if (revoked) return { ok: false, problem: 'revoked', fingerprint, keyType, expected: [], where: revoked.where };
  const plain = forHost.filter((e) => e.marker === null);
  if (plain.some((e) => e.key.equals(blob))) return { ok: true, fingerprint, via: 'known_hosts' };
  const sameType = plain.filter((e) => e.keyType === keyType);
  if (sameType.length) {
    return { ok: false, problem: 'changed', fingerprint, keyType, expected: sameType.map((e) => sshFingerprint(e.key)), where: sameType[0].where };
  }
  return { ok: false, problem: 'unknown', fingerprint, keyType, expected: plain.map((e) => sshFingerprint(e.key)), where: null };
}

/** Key types known for the host, so the handshake asks for those first (as OpenSSH does). */
export function preferredKeyTypes(policy: HostKeyPolicy): string[] {
  if (policy.pinned) return [];
  const types = policy.known
    .filter((e) => e.marker === null && policy.names.some((n) => hostFieldMatches(e.hosts, n, policy.port)))
    .map((e) => e.keyType);
  return [...new Set(types)];
}

/** A host key that was refused; carries both fingerprints for the UI and the check. */
export class HostKeyError extends LabError {
  constructor(
    readonly host: string,
    readonly verdict: Extract<HostKeyVerdict, { ok: false }>,
  ) {
    super(`host-key-${verdict.problem}`, hostKeyMessage(host, verdict));
    this.name = 'HostKeyError';
  }
}

/** The sentence a person reads; modelled on OpenSSH's warnings. */
export function hostKeyMessage(host: string, v: Extract<HostKeyVerdict, { ok: false }>): string {
  switch (v.problem) {
    case 'changed':
      return (
        `host key of ${host} has CHANGED: expected ${v.expected.join(' or ')} (${v.where}), the host presented ${v.fingerprint} (${v.keyType}). ` +
        'Someone could be intercepting the connection (man-in-the-middle), or the host was reinstalled. Connection refused; ' +
        'if you know why the key changed, trust the new key.'
      );
    case 'revoked':
      return `host key of ${host} (${v.fingerprint}) is marked @revoked in ${v.where}. Connection refused.`;
    case 'unknown':
      return (
        `host key of ${host} is not trusted yet: it presented ${v.fingerprint} (${v.keyType}). ` +
        'Compare it with `ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub` on the host, then trust it.' +
        (v.expected.length ? ` known_hosts lists other key types for it: ${v.expected.join(', ')}.` : '')
      );
  }
}
