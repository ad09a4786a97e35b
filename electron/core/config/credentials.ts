import type { LabConfig } from '../../../shared/config';

/**
 * Where each stored secret is used and where it is sent. A secret is bound to
 * the place it was entered for (a cluster's token, the metrics bearer token, a
 * host's SecureOn password) and to that place's destination (endpoints, pins,
 * CA, URL, broadcast address). From the window, moving a secret to another
 * place or sending it somewhere new needs the secret typed in again, so a
 * window that has been taken over cannot send a stored token to its own server.
 */
interface Place {
  /** Which config field holds the reference, e.g. `proxmox[home].tokenSecret`. */
  owner: string;
  /** The field's kind, so a renamed cluster or host keeps its secret: `proxmox.tokenSecret`. */
  field: string;
  /** The secret's name (without `secret:`). */
  ref: string;
  /** Where the secret goes: compared as JSON. */
  destination: Record<string, unknown>;
}

const name = (ref: string): string => ref.slice('secret:'.length);

function places(c: LabConfig): Place[] {
  const out: Place[] = [];
  for (const p of c.proxmox ?? []) {
    const destination = { endpoints: p.endpoints, fingerprint: p.fingerprint ?? null, fingerprints: p.fingerprints ?? null, caFile: p.caFile ?? null };
    if (p.tokenSecret) out.push({ owner: `proxmox[${p.name}].tokenSecret`, field: 'proxmox.tokenSecret', ref: name(p.tokenSecret), destination });
    if (p.password) out.push({ owner: `proxmox[${p.name}].password`, field: 'proxmox.password', ref: name(p.password), destination: { ...destination, username: p.username ?? null } });
  }
  const m = c.metrics;
  if (m) {
    const destination = { url: m.url, fingerprint: m.fingerprint ?? null, caFile: m.caFile ?? null };
    if (m.bearerToken) out.push({ owner: 'metrics.bearerToken', field: 'metrics.bearerToken', ref: name(m.bearerToken), destination });
    if (m.password) out.push({ owner: 'metrics.password', field: 'metrics.password', ref: name(m.password), destination: { ...destination, username: m.username ?? null } });
  }
  for (const h of c.hosts ?? []) {
    if (h.secureOn) out.push({ owner: `hosts[${h.name}].secureOn`, field: 'hosts.secureOn', ref: name(h.secureOn), destination: { mac: h.mac ?? null, broadcast: h.broadcast ?? null } });
    if (h.ssh?.passphrase) out.push({ owner: `hosts[${h.name}].ssh.passphrase`, field: 'hosts.ssh.passphrase', ref: name(h.ssh.passphrase), destination: { identityFile: h.ssh.identityFile ?? null } });
  }
  return out;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

function changedFields(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  return Object.keys({ ...a, ...b }).filter((k) => !same(a[k] ?? null, b[k] ?? null));
}

/** The names of every secret a config refers to (without `secret:`). */
export function referencedSecrets(c: LabConfig): string[] {
  return [...new Set(places(c).map((p) => p.ref))];
}

/**
 * What a save from the window would do with stored secrets that it may not do
 * without the secret being entered again (`entered`: the names typed in with
 * this save; `stored`: the names the secret store holds). A reference to a
 * secret that is not stored and not used anywhere sends nothing, so it is
 * allowed: the row then asks for the secret. Empty when the save keeps every
 * secret where it was.
 */
export function credentialProblems(current: LabConfig, next: LabConfig, entered: ReadonlySet<string>, stored: ReadonlySet<string>): string[] {
  const before = places(current);
  const after = places(next);
  const problems: string[] = [];
  const ownersOf = (list: Place[], ref: string): string[] => list.filter((p) => p.ref === ref).map((p) => p.owner);
  for (const p of after) {
    if (entered.has(p.ref)) continue;
    // The same place, or the same secret in the same kind of field of a place that was renamed.
    const stillThere = new Set(after.map((a) => a.owner));
    const was = before.find((b) => b.owner === p.owner) ?? before.find((b) => b.ref === p.ref && b.field === p.field && !stillThere.has(b.owner));
    if (!was || was.ref !== p.ref) {
      const users = ownersOf(before, p.ref);
      if (!users.length && !stored.has(p.ref)) continue;
      problems.push(`${p.owner}: "secret:${p.ref}" ${users.length ? `belongs to ${users.join(', ')}` : 'was not entered for it'}; type the secret in for this place to use it here`);
      continue;
    }
    const moved = changedFields(was.destination, p.destination);
    if (moved.length) problems.push(`${p.owner}: ${moved.join(', ')} changed, so the stored secret would be sent somewhere new; type it in again to send it there`);
  }
  // One secret for two places: only as the config file already had it.
  for (const ref of new Set(after.map((p) => p.ref))) {
    const users = ownersOf(after, ref);
    if (users.length > 1 && !same(users, ownersOf(before, ref))) problems.push(`"secret:${ref}" would be shared by ${users.join(' and ')}; give each place its own secret`);
  }
  return [...new Set(problems)];
}
