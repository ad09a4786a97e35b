import { homedir } from 'node:os';
import { access, readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import ssh2 from 'ssh2';
import { LabError } from '../../../shared/api';
import type { SshTarget } from '../../../shared/config';
import { requireSecret, type SecretStore } from '../secrets';
import { pageantAgent, pagentExePath } from './pageant';

/** One way to log in, tried in the order resolveAuth lists them. */
export type AuthMethodSpec =
  | { kind: 'agent'; agent: string | ssh2.BaseAgent; label: string }
  | { kind: 'key'; privateKey: Buffer; passphrase?: string; path: string };

/** What ssh2 needs to log in: agent and keys, in the order they are offered. */
export interface AuthMaterial {
  methods: AuthMethodSpec[];
  /** What is tried, for messages. */
  describe: string;
  /** Default keys passed over (passphrase-protected without one set, unreadable), for the message when the login fails. */
  skipped?: string[];
}

export interface AuthEnv {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  home: string;
  readFile(path: string): Promise<Buffer>;
  /** Whether a file or Windows named pipe exists. */
  exists(path: string): Promise<boolean>;
  /** The agent for `agent: pageant` (Windows); the real one runs the pagent.exe unpacked from app.asar. */
  pageant?(): ssh2.BaseAgent;
}

export const WINDOWS_OPENSSH_AGENT_PIPE = '\\\\.\\pipe\\openssh-ssh-agent';

const PAGEANT = 'pageant';

/** `agent:` in a host's ssh settings: on/off, `pageant`, or the agent's socket (or Windows pipe). */
export type AgentChoice = SshTarget['agent'];

/**
 * The agent to use: the host's own socket or `pageant` when it names one; else SSH_AUTH_SOCK; else on
 * Windows the OpenSSH agent's pipe when it exists. Pageant is never picked on its own: only `agent: pageant` does.
 */
export async function pickAgent(e: Pick<AuthEnv, 'env' | 'platform' | 'exists'> & { home?: string }, choice?: AgentChoice): Promise<string | undefined> {
  if (choice === false) return undefined;
  if (typeof choice === 'string') return choice === PAGEANT ? PAGEANT : expandTilde(choice, e.home);
  const sock = e.env.SSH_AUTH_SOCK;
  if (sock) return sock;
  if (e.platform === 'win32' && (await e.exists(WINDOWS_OPENSSH_AGENT_PIPE))) return WINDOWS_OPENSSH_AGENT_PIPE;
  return undefined;
}

function expandTilde(path: string, home: string | undefined): string {
  if (!home) return path;
  if (path === '~') return home;
  return path.startsWith('~/') || path.startsWith('~\\') ? join(home, path.slice(2)) : path;
}

export function expandHome(path: string, home: string): string {
  if (path === '~') return home;
  if (path.startsWith('~/') || path.startsWith('~\\')) return join(home, path.slice(2));
  return isAbsolute(path) ? path : join(home, '.ssh', path);
}

export const DEFAULT_KEYS = ['id_ed25519', 'id_ecdsa', 'id_rsa'];

function agentMethod(host: string, agent: string, e: AuthEnv): AuthMethodSpec {
  if (agent !== PAGEANT) return { kind: 'agent', agent, label: `agent ${agent}` };
  if (e.platform !== 'win32') throw new LabError('ssh-config', `${host}: agent: pageant works on Windows only; on ${e.platform} leave agent out (SSH_AUTH_SOCK is used) or give the agent's socket path`);
  return { kind: 'agent', agent: e.pageant ? e.pageant() : pageantAgent(pagentExePath()), label: 'Pageant' };
}

/** The host's own identityFile: every problem with it is an error, since the user named it. */
async function namedKey(host: string, keyPath: string, passphrase: string | undefined, e: AuthEnv): Promise<AuthMethodSpec> {
  let privateKey: Buffer;
  try {
    privateKey = await e.readFile(keyPath);
  } catch (err) {
    throw new LabError('ssh-auth', `${host}: cannot read identityFile ${keyPath}: ${(err as Error).message}`, { cause: err });
  }
  const parsed = ssh2.utils.parseKey(privateKey, passphrase);
  if (parsed instanceof Error) {
    const encrypted = /encrypted|passphrase/i.test(parsed.message);
    throw new LabError(
      'ssh-auth',
      encrypted && !passphrase
        ? `${host}: key ${keyPath} is protected by a passphrase: set hosts.${host}.ssh.passphrase to a secret reference`
        : encrypted
          ? `${host}: the passphrase for key ${keyPath} is wrong`
          : `${host}: cannot use key ${keyPath}: ${parsed.message}`,
      { cause: parsed },
    );
  }
  return { kind: 'key', privateKey, passphrase, path: keyPath };
}

/** The default keys in ~/.ssh that exist and open; the others are noted in `skipped`, as OpenSSH passes them over. */
async function defaultKeys(host: string, passphrase: string | undefined, e: AuthEnv, skipped: string[]): Promise<AuthMethodSpec[]> {
  const out: AuthMethodSpec[] = [];
  for (const name of DEFAULT_KEYS) {
    const path = join(e.home, '.ssh', name);
    if (!(await e.exists(path))) continue;
    let privateKey: Buffer;
    try {
      privateKey = await e.readFile(path);
    } catch (err) {
      skipped.push(`${path} cannot be read (${(err as Error).message})`);
      continue;
    }
    const parsed = ssh2.utils.parseKey(privateKey, passphrase);
    if (parsed instanceof Error) {
      const encrypted = /encrypted|passphrase/i.test(parsed.message);
      skipped.push(
        encrypted && !passphrase
          ? `${path} is protected by a passphrase (set hosts.${host}.ssh.passphrase to use it)`
          : encrypted
            ? `${path} does not open with hosts.${host}.ssh.passphrase`
            : `${path} is not a key LabTray can use (${parsed.message})`,
      );
      continue;
    }
    out.push({ kind: 'key', privateKey, passphrase, path });
  }
  return out;
}

function describeMethods(methods: AuthMethodSpec[]): string {
  return methods.map((m) => (m.kind === 'agent' ? m.label : `key ${m.path}`)).join(', ');
}

/**
 * Resolves how to log in to one host. With an identityFile: that key, then the agent. Without one: the agent
 * (if any), then each default key in ~/.ssh that exists and opens, as OpenSSH does; an agent that is down or
 * empty leaves the keys to do the login.
 */
export async function resolveAuth(host: string, target: SshTarget, secrets: SecretStore, e: AuthEnv): Promise<AuthMaterial> {
  const agent = await pickAgent(e, target.agent);
  if (target.agent === true && !agent) {
    throw new LabError('ssh-auth', `${host}: agent: true but no SSH agent is running (SSH_AUTH_SOCK is not set)`);
  }
  const viaAgent = agent ? agentMethod(host, agent, e) : undefined;
  const passphrase = target.passphrase ? await requireSecret(secrets, target.passphrase, `hosts.${host}.ssh.passphrase`) : undefined;
  if (target.identityFile) {
    const methods = [await namedKey(host, expandHome(target.identityFile, e.home), passphrase, e), ...(viaAgent ? [viaAgent] : [])];
    return { methods, describe: describeMethods(methods) };
  }
  const skipped: string[] = [];
  const methods = [...(viaAgent ? [viaAgent] : []), ...(await defaultKeys(host, passphrase, e, skipped))];
  if (!methods.length) {
    const why = skipped.length ? `; ${skipped.join('; ')}` : '';
    throw new LabError('ssh-auth', `${host}: no identityFile set, no SSH agent running and no usable key in ~/.ssh (id_ed25519, id_ecdsa, id_rsa)${why}`);
  }
  return { methods, describe: describeMethods(methods), skipped };
}

/** The real file system and environment. */
export function systemAuthEnv(): AuthEnv {
  return {
    env: process.env,
    platform: process.platform,
    home: homedir(),
    readFile: (p) => readFile(p),
    exists: async (p) => {
      try {
        await access(p);
        return true;
      } catch {
        return false; // absent or unreadable: same answer for "is there a key / a pipe"
      }
    },
  };
}
