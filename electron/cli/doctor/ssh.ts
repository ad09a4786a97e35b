import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import type { HostConfig, SshTarget } from '../../../shared/config';
import { systemClock } from '../../core/clock';
import type { SecretStore } from '../../core/secrets';
import { expandHome, resolveAuth, systemAuthEnv } from '../../core/ssh/auth';
import { SshConnection } from '../../core/ssh/connection';
import { parseKnownHosts, type KnownHostEntry } from '../../core/ssh/known-hosts';
import { dnsStep, tcpStep } from './net';
import { chain, errorText, say, StepFailure, type Section, type Step } from './steps';

type SshHost = HostConfig & { ssh: SshTarget };

async function knownHosts(paths: string[]): Promise<KnownHostEntry[]> {
  const all = await Promise.all(paths.map(async (p) => parseKnownHosts(await readFile(p, 'utf8').catch(() => ''), p)));
  return all.flat();
}

/** A connection built as the SSH integration builds it: the configured key or agent, the pinned key or known_hosts. */
function connectionFor(h: SshHost, secrets: SecretStore, all: Map<string, SshHost>, open: SshConnection[]): SshConnection {
  const t = h.ssh;
  const env = systemAuthEnv();
  const port = t.port ?? 22;
  const conn = new SshConnection({
    name: h.name,
    endpoint: { host: t.host, port, username: t.user ?? userInfo().username },
    clock: systemClock,
    connectTimeoutMs: 8_000,
    backoffBaseMs: 0,
    auth: () => resolveAuth(h.name, t, secrets, env),
    hostKeyPolicy: async () => {
      const files = t.knownHosts ? [expandHome(t.knownHosts, env.home)] : [expandHome('~/.ssh/known_hosts', env.home), expandHome('~/.ssh/known_hosts2', env.home)];
      return { pinned: t.hostKey, known: t.hostKey ? [] : await knownHosts(files), names: [t.host], port };
    },
    tunnel: t.proxyJump
      ? (host, p, signal) => {
          const jump = all.get(t.proxyJump!);
          if (!jump || jump === h) throw new StepFailure(say('doctor.sshNoJump', { jump: t.proxyJump! }));
          return connectionFor(jump, secrets, all, open).forward(host, p, signal);
        }
      : undefined,
  });
  open.push(conn);
  return conn;
}

/** One host: DNS → TCP (unless reached through a jump host) → host key → login. */
async function hostSection(h: SshHost, secrets: SecretStore, all: Map<string, SshHost>): Promise<Section> {
  const t = h.ssh;
  const port = t.port ?? 22;
  const open: SshConnection[] = [];
  let login: Promise<unknown> | null = null;
  const conn = connectionFor(h, secrets, all, open);
  // One handshake answers both steps: the key is judged first, the login comes after it.
  const attempt = (): Promise<unknown> => (login ??= conn.exec('true', { timeoutMs: 15_000 }).then(() => null, (err: unknown) => err));
  const keyStep: Step = {
    name: say('doctor.stepHostKey'),
    run: async () => {
      const err = await attempt();
      const seen = conn.lastHostKey;
      if (seen?.ok) return say(seen.via === 'pin' ? 'doctor.sshKeyPinned' : 'doctor.sshKeyKnown', { fingerprint: seen.fingerprint });
      if (seen && !seen.ok) {
        const where = seen.where ?? 'known_hosts';
        const detail =
          seen.problem === 'unknown'
            ? say('doctor.sshKeyUnknown', { fingerprint: seen.fingerprint })
            : seen.problem === 'revoked'
              ? say('doctor.sshKeyRevoked', { fingerprint: seen.fingerprint, where })
              : say('doctor.sshKeyChanged', { fingerprint: seen.fingerprint, expected: seen.expected.join(', '), where });
        throw new StepFailure(detail, err ? errorText(err) : undefined);
      }
      throw new StepFailure(say('doctor.sshNoHandshake'), err ? errorText(err) : undefined);
    },
  };
  const loginStep: Step = {
    name: say('doctor.stepLogin'),
    run: async () => {
      const err = await attempt();
      if (err) throw new StepFailure((err as { code?: unknown }).code === 'ssh-auth' ? say('doctor.sshLoginRefused', { user: conn.endpoint.username }) : errorText(err), errorText(err));
      return say('doctor.sshLoginOk', { user: conn.endpoint.username });
    },
  };
  const reach: Step[] = t.proxyJump ? [] : [dnsStep(t.host), tcpStep(t.host, port)];
  try {
    return await chain(`SSH ${h.name} · ${conn.endpoint.username}@${t.host}:${port}${t.proxyJump ? ` via ${t.proxyJump}` : ''}`, [...reach, keyStep, loginStep]);
  } finally {
    for (const c of open) c.close();
  }
}

/** Every host of `hosts:` with ssh settings. */
export function sshSections(hosts: readonly HostConfig[], secrets: SecretStore): Promise<Section>[] {
  const withSsh = hosts.filter((h): h is SshHost => h.ssh !== undefined);
  const all = new Map(withSsh.map((h) => [h.name, h]));
  return withSsh.map((h) => hostSection(h, secrets, all));
}
