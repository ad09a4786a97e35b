import { createHmac, timingSafeEqual } from 'node:crypto';

/** One key line of a known_hosts file. */
export interface KnownHostEntry {
  marker: 'revoked' | 'cert-authority' | null;
  /** The host field as written: patterns, or `|1|salt|hash` when hashed. */
  hosts: string;
  keyType: string;
  key: Buffer;
  /** `file:line`, for messages that tell the user where to look. */
  where: string;
}

/** Parses known_hosts text; malformed lines are skipped like OpenSSH does. */
export function parseKnownHosts(text: string, file = 'known_hosts'): KnownHostEntry[] {
  const out: KnownHostEntry[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const fields = line.split(/\s+/);
    let marker: KnownHostEntry['marker'] = null;
    if (fields[0] === '@revoked' || fields[0] === '@cert-authority') marker = fields.shift()!.slice(1) as 'revoked' | 'cert-authority';
    const [hosts, keyType, b64] = fields;
    if (!hosts || !keyType || !b64 || !/^[A-Za-z0-9+/]+=*$/.test(b64)) return;
    out.push({ marker, hosts, keyType, key: Buffer.from(b64, 'base64'), where: `${file}:${i + 1}` });
  });
  return out;
}

/** How OpenSSH names a host in known_hosts: `host` on port 22, `[host]:port` otherwise. */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

/** Whether a known_hosts host field (patterns or a hashed name) covers `host` on `port`. */
export function hostFieldMatches(field: string, host: string, port: number): boolean {
  const name = knownHostsName(host.toLowerCase(), port);
  if (field.startsWith('|1|')) {
    const [, , salt, hash] = field.split('|');
    if (!salt || !hash) return false;
    const want = Buffer.from(hash, 'base64');
    const got = createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest();
    return want.length === got.length && timingSafeEqual(want, got);
  }
  let matched = false;
  for (const raw of field.split(',')) {
    const negated = raw.startsWith('!');
    const pattern = (negated ? raw.slice(1) : raw).toLowerCase();
    if (!globMatch(pattern, name)) continue;
    if (negated) return false;
    matched = true;
  }
  return matched;
}

function globMatch(pattern: string, text: string): boolean {
  const re = new RegExp('^' + pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$');
  return re.test(text);
}

/** Hashes a name the way `ssh-keygen -H` does (for writing or for tests). */
export function hashKnownHostsName(name: string, salt: Buffer): string {
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
}
