import SSHConfig, { LineType, type Line } from 'ssh-config';
import type { HostConfig } from '../../../shared/config';

/** A config `name` from an ssh alias (names allow letters, digits, `-`, `_`, `.`). */
function safeName(alias: string): string {
  return alias.replace(/[^A-Za-z0-9_.-]/g, '-');
}

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function hostAliases(lines: Line[]): string[] {
  const out: string[] = [];
  for (const line of lines) {
    if (line.type !== LineType.DIRECTIVE || line.param.toLowerCase() !== 'host') continue;
    const values = typeof line.value === 'string' ? line.value.split(/\s+/) : line.value.map((v) => v.val);
    for (const v of values) if (v && !/[*?!]/.test(v)) out.push(v);
  }
  return [...new Set(out)];
}

/**
 * IdentityAgent as LabTray's `agent`: `none` → false; a path (`~/…`, absolute, a Windows pipe) → that socket;
 * `SSH_AUTH_SOCK` (the default) and values naming environment variables → left to the default.
 */
export function identityAgent(value: string | undefined): false | string | undefined {
  const v = value?.trim().replace(/^"(.*)"$/, '$1');
  if (!v || v === 'SSH_AUTH_SOCK' || v.includes('$')) return undefined;
  if (v.toLowerCase() === 'none') return false;
  return /^(~[\\/]|\/|[A-Za-z]:[\\/]|[\\/]{2})/.test(v) ? v : undefined;
}

/** `CanonicalizeHostName yes`, `CanonicalDomains home.lan` (with `=` or spaces, any case). */
const CANONICAL_LINE = /^[ \t]*Canonical(?:izeHostName|Domains)(?:[ \t]*=[ \t]*|[ \t]+).*$/gim;

/**
 * Hosts from `~/.ssh/config` text as LabTray host entries (HostName, User,
 * Port, IdentityFile, IdentityAgent, ProxyJump). Pure: reads nothing, runs no `Match exec` and no nslookup.
 * Wildcard-only sections are folded into each alias as OpenSSH would.
 */
export function importSshConfig(text: string): HostConfig[] {
  // ssh-config resolves CanonicalizeHostName + CanonicalDomains by running nslookup: importing never runs a program, so those lines are left out.
  const config = SSHConfig.parse(text.replace(CANONICAL_LINE, ''));
  const aliases = hostAliases(config);
  const names = new Map(aliases.map((a) => [a, safeName(a)]));
  const out: HostConfig[] = [];
  for (const alias of aliases) {
    const c = config.compute(alias, { ignoreCase: true, matchExec: false });
    const port = Number(first(c.port));
    const identity = first(c.identityfile);
    const jump = first(c.proxyjump)?.split(',')[0]?.trim();
    let proxyJump: string | undefined;
    if (jump && jump.toLowerCase() !== 'none') {
      // `user@host:port` of an alias in the same file → that entry; anything else is kept as written.
      const bare = jump.replace(/^[^@]*@/, '').replace(/:\d+$/, '');
      proxyJump = names.get(bare) ?? jump;
    }
    const agent = identityAgent(first(c.identityagent));
    out.push({
      name: names.get(alias)!,
      ssh: {
        host: first(c.hostname) ?? alias,
        ...(Number.isInteger(port) && port > 0 && port !== 22 ? { port } : {}),
        ...(first(c.user) ? { user: first(c.user) } : {}),
        ...(identity ? { identityFile: identity } : {}),
        ...(agent !== undefined ? { agent } : {}),
        ...(proxyJump ? { proxyJump } : {}),
      },
    });
  }
  return out;
}
