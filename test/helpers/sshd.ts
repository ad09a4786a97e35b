/**
 * A real OpenSSH server for integration tests: its own config, host key,
 * authorized_keys and user key in a temp dir, listening on 127.0.0.1 only.
 *
 *   const sshd = await startSshd();
 *   // sshd.port, sshd.user, sshd.clientKeyPath, sshd.hostKeyFingerprint, sshd.knownHostsLine
 *   await sshd.stop();
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../demo/net';

export { freePort };

const run = promisify(execFile);

export type KeyType = 'ed25519' | 'rsa' | 'ecdsa';

export interface GeneratedKey {
  /** Private key file (OpenSSH format). */
  path: string;
  /** The `.pub` line: `ssh-ed25519 AAAA... comment`. */
  publicKey: string;
  /** `SHA256:...` as `ssh-keygen -lf` prints it. */
  fingerprint: string;
}

/** Generates a key pair with ssh-keygen (optionally passphrase-protected). */
export async function generateKey(dir: string, name: string, type: KeyType = 'ed25519', passphrase = ''): Promise<GeneratedKey> {
  const path = join(dir, name);
  const bits = type === 'rsa' ? ['-b', '3072'] : type === 'ecdsa' ? ['-b', '256'] : [];
  await run('ssh-keygen', ['-q', '-t', type, ...bits, '-N', passphrase, '-C', `labtray-test-${name}`, '-f', path]);
  const publicKey = readFileSync(path + '.pub', 'utf8').trim();
  return { path, publicKey, fingerprint: await fingerprintOf(path + '.pub') };
}

/** `ssh-keygen -lf -E sha256` of a public key file: the reference our own fingerprints must equal. */
export async function fingerprintOf(pubPath: string): Promise<string> {
  const { stdout } = await run('ssh-keygen', ['-lf', pubPath, '-E', 'sha256']);
  const fp = stdout.split(/\s+/)[1];
  if (!fp?.startsWith('SHA256:')) throw new Error(`ssh-keygen -lf ${pubPath}: unexpected output "${stdout.trim()}"`);
  return fp;
}

/** A free TCP port on 127.0.0.1 (released before returning; sshd binds it right after). */
export interface SshdOptions {
  /** Type of the generated user key (default ed25519). */
  clientKeyType?: KeyType;
  /** Protect the generated user key with this passphrase. */
  clientKeyPassphrase?: string;
  /** Type of the generated host key (default ed25519). */
  hostKeyType?: KeyType;
  /** Reuse an existing host key file (e.g. restart "the same machine"). */
  hostKeyPath?: string;
  /** Listen on this port (restart on the port a client already knows). Default: a free one. */
  port?: number;
  /** More public key lines to accept. */
  authorizedKeys?: string[];
  /** Extra sshd_config lines. */
  config?: string[];
  /** Runs sshd through another program (e.g. `unshare -m`), given sshd's argv; it must exec sshd so the pid stays sshd's. */
  launch?: (sshdArgv: string[]) => { file: string; args: string[] };
}

export interface Sshd {
  host: '127.0.0.1';
  port: number;
  /** The local user the server accepts (the user running the tests). */
  user: string;
  /** `SHA256:...` of the server's host key. */
  hostKeyFingerprint: string;
  hostKeyPath: string;
  /** `ssh-ed25519 AAAA...` of the host key (no comment). */
  hostPublicKey: string;
  /** known_hosts line for this server: `[127.0.0.1]:PORT ssh-ed25519 AAAA...`. */
  knownHostsLine: string;
  /** Private user key accepted by the server. */
  clientKeyPath: string;
  clientPublicKey: string;
  /** Temp dir holding keys and config; removed by stop(). */
  dir: string;
  /** Accept another public key from now on. */
  addAuthorizedKey(publicKeyLine: string): void;
  /** Kills the per-connection sshd processes: every client sees its connection drop; the server keeps listening. */
  dropConnections(): Promise<number>;
  /** What sshd logged so far (-e). */
  log(): string;
  /** Stops the server (and open connections) and removes the temp dir. */
  stop(): Promise<void>;
  /** Stops listening but keeps the dir (keys stay usable for a restart). */
  kill(): Promise<void>;
}

/** Starts /usr/sbin/sshd -D -e on 127.0.0.1 with its own config. */
export async function startSshd(opts: SshdOptions = {}): Promise<Sshd> {
  mkdirSync('/run/sshd', { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), 'labtray-sshd-'));
  let hostKeyPath = opts.hostKeyPath;
  if (!hostKeyPath) hostKeyPath = (await generateKey(dir, 'host_key', opts.hostKeyType ?? 'ed25519')).path;
  const hostKeyFingerprint = await fingerprintOf(hostKeyPath + '.pub');
  const hostPublicKey = readFileSync(hostKeyPath + '.pub', 'utf8').trim().split(/\s+/).slice(0, 2).join(' ');
  const client = await generateKey(dir, 'id_client', opts.clientKeyType ?? 'ed25519', opts.clientKeyPassphrase ?? '');
  const authorizedKeysPath = join(dir, 'authorized_keys');
  writeFileSync(authorizedKeysPath, [client.publicKey, ...(opts.authorizedKeys ?? [])].join('\n') + '\n', { mode: 0o600 });
  const port = opts.port ?? (await freePort());
  const configPath = join(dir, 'sshd_config');
  writeFileSync(
    configPath,
    [
      `ListenAddress 127.0.0.1`,
      `Port ${port}`,
      `HostKey ${hostKeyPath}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${authorizedKeysPath}`,
      'StrictModes no',
      'UsePAM no',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PubkeyAuthentication yes',
      'PermitRootLogin prohibit-password',
      'LogLevel VERBOSE',
      'MaxSessions 20',
      'Subsystem sftp internal-sftp',
      ...(opts.config ?? []),
    ].join('\n') + '\n',
  );

  const sshdArgv = ['/usr/sbin/sshd', '-D', '-e', '-f', configPath];
  const cmd = opts.launch ? opts.launch(sshdArgv) : { file: sshdArgv[0], args: sshdArgv.slice(1) };
  const child = spawn(cmd.file, cmd.args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let logText = '';
  child.stderr?.setEncoding('utf8');
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`sshd did not start listening on 127.0.0.1:${port} within 10 s; log:\n${logText}`)), 10_000);
    function fail(err: Error): void {
      clearTimeout(timer);
      child.kill('SIGTERM');
      reject(err);
    }
    child.stderr?.on('data', (chunk: string) => {
      logText += chunk;
      if (logText.includes(`Server listening on 127.0.0.1 port ${port}`)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => fail(new Error(`sshd exited with code ${code} before listening; log:\n${logText}`)));
    child.once('error', (err) => fail(new Error(`could not run /usr/sbin/sshd: ${err.message}`, { cause: err })));
  });

  let stopped = false;
  const kill = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await killTree(child);
  };
  return {
    host: '127.0.0.1',
    port,
    user: userInfo().username,
    hostKeyFingerprint,
    hostKeyPath,
    hostPublicKey,
    knownHostsLine: `[127.0.0.1]:${port} ${hostPublicKey}`,
    clientKeyPath: client.path,
    clientPublicKey: client.publicKey,
    dir,
    addAuthorizedKey: (line) => appendFileSync(authorizedKeysPath, line.trim() + '\n'),
    dropConnections: async () => {
      const kids = child.pid ? childrenOf(child.pid) : [];
      for (const pid of kids) process.kill(pid, 'SIGKILL');
      return kids.length;
    },
    log: () => logText,
    kill,
    stop: async () => {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Pids whose parent is `pid` (Linux /proc). */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // the process ended while we looked
    }
    // Fields after the last ')' (the command may hold spaces): state ppid ...
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid === pid) out.push(Number(entry));
  }
  return out;
}

async function killTree(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  // sshd's per-connection children outlive the listener; end them too.
  for (const pid of childrenOf(child.pid)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      continue; // already gone
    }
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await exited;
}

export interface SshAgent {
  /** Value for SSH_AUTH_SOCK. */
  socket: string;
  /** Adds an unencrypted private key to the agent. */
  add(keyPath: string): Promise<void>;
  stop(): Promise<void>;
}

/** Starts a private ssh-agent (foreground, own socket) for agent-auth tests. */
export async function startSshAgent(): Promise<SshAgent> {
  const dir = mkdtempSync(join(tmpdir(), 'labtray-agent-'));
  const socket = join(dir, 'agent.sock');
  const child = spawn('ssh-agent', ['-D', '-a', socket], { stdio: ['ignore', 'ignore', 'pipe'] });
  const deadline = Date.now() + 5_000;
  for (;;) {
    try {
      await run('ssh-add', ['-l'], { env: { ...process.env, SSH_AUTH_SOCK: socket } });
      break;
    } catch (err) {
      // exit 1 = "agent has no identities": it is up. Anything else: not yet.
      if ((err as { code?: number }).code === 1) break;
      if (Date.now() > deadline) {
        child.kill('SIGTERM');
        throw new Error(`ssh-agent did not come up at ${socket}`, { cause: err });
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return {
    socket,
    add: async (keyPath) => {
      await run('ssh-add', [keyPath], { env: { ...process.env, SSH_AUTH_SOCK: socket } });
    },
    stop: async () => {
      await killTree(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
