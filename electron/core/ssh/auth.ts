import { homedir } from 'node:os';
import { access, readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import ssh2 from 'ssh2';
import { LabError } from '../../../shared/api';
import type { SshTarget } from '../../../shared/config';
import { requireSecret, type SecretStore } from '../secrets';

/** What ssh2 needs to log in: a private key, an agent, or both (agent first). */
export interface AuthMaterial {
  privateKey?: Buffer;
  passphrase?: string;
  /** A socket path, a Windows pipe, or `pageant`. */
  agent?: string;
  /** Where the key came from, for messages. */
  describe: string;
}

export interface AuthEnv {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  home: string;
  readFile(path: string): Promise<Buffer>;
  /** Whether a file or Windows named pipe exists. */
  exists(path: string): Promise<boolean>;
}

export const WINDOWS_OPENSSH_AGENT_PIPE = '\\\\.\\pipe\\openssh-ssh-agent';

/** The agent to use: SSH_AUTH_SOCK; on Windows the OpenSSH agent pipe, else Pageant. */
export async function pickAgent(e: Pick<AuthEnv, 'env' | 'platform' | 'exists'>): Promise<string | undefined> {
  const sock = e.env.SSH_AUTH_SOCK;
  if (sock) return sock;
  if (e.platform !== 'win32') return undefined;
  if (await e.exists(WINDOWS_OPENSSH_AGENT_PIPE)) return WINDOWS_OPENSSH_AGENT_PIPE;
  return 'pageant';
}

export function expandHome(path: string, home: string): string {
  if (path === '~') return home;
  if (path.startsWith('~/') || path.startsWith('~\\')) return join(home, path.slice(2));
  return isAbsolute(path) ? path : join(home, '.ssh', path);
}

const DEFAULT_KEYS = ['id_ed25519', 'id_ecdsa', 'id_rsa'];

/**
 * Resolves how to log in to one host: its IdentityFile (passphrase by secret
 * reference), the agent, or the first default key in ~/.ssh.
 */
export async function resolveAuth(host: string, target: SshTarget, secrets: SecretStore, e: AuthEnv): Promise<AuthMaterial> {
  const useAgent = target.agent !== false ? await pickAgent(e) : undefined;
  if (target.agent === true && !useAgent) {
    throw new LabError('ssh-auth', `${host}: agent: true but no SSH agent is running (SSH_AUTH_SOCK is not set)`);
  }
  let keyPath: string | undefined;
  if (target.identityFile) keyPath = expandHome(target.identityFile, e.home);
  else if (!useAgent) {
    for (const k of DEFAULT_KEYS) {
      const p = join(e.home, '.ssh', k);
      if (await e.exists(p)) {
        keyPath = p;
        break;
      }
    }
    if (!keyPath) throw new LabError('ssh-auth', `${host}: no identityFile set, no SSH agent running and no key in ~/.ssh (id_ed25519, id_ecdsa, id_rsa)`);
  }
  if (!keyPath) return { agent: useAgent, describe: `agent ${useAgent}` };

  let privateKey: Buffer;
  try {
    privateKey = await e.readFile(keyPath);
  } catch (err) {
    throw new LabError('ssh-auth', `${host}: cannot read identityFile ${keyPath}: ${(err as Error).message}`, { cause: err });
  }
  const passphrase = target.passphrase ? await requireSecret(secrets, target.passphrase, `hosts.${host}.ssh.passphrase`) : undefined;
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
  return { privateKey, passphrase, agent: useAgent, describe: `key ${keyPath}${useAgent ? ` and agent ${useAgent}` : ''}` };
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
