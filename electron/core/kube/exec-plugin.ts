/**
 * kubeconfig `exec` credential plugins (gcloud, az, kubelogin, aws…), run by LabTray instead of client-node:
 * no console window on Windows, `.cmd`/`.bat` plugins through cmd.exe with their arguments quoted, Homebrew's
 * folders on PATH for an app started from the macOS Finder, bounded output, a time limit, and the
 * ExecCredential kept until it expires.
 */
import { execFile } from 'node:child_process';
import { access } from 'node:fs/promises';
import nodePath from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { z } from 'zod';
import type { Clock } from '../clock';

/** The `exec` block of a kubeconfig user. */
export interface ExecSpec {
  command: string;
  args?: string[] | null;
  env?: { name: string; value: string }[] | null;
  apiVersion?: string;
}

/** What running a plugin depends on: the OS, the app's environment, how to find and run a program. */
export interface ExecHost {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  /** Whether a file exists (finding `az` as `az.cmd` on the Windows PATH). */
  exists?(path: string): Promise<boolean>;
  run?: ExecRun;
}

export interface ExecInvocation {
  file: string;
  args: string[];
  env: Record<string, string>;
  windowsHide: true;
  /** cmd.exe gets its command line as built here (Node would quote it again otherwise). */
  windowsVerbatimArguments: boolean;
}

export type ExecRun = (inv: ExecInvocation, limits: { timeoutMs: number; maxBytes: number }) => Promise<{ stdout: string }>;

/** An app started from the Finder has PATH=/usr/bin:/bin:/usr/sbin:/sbin; plugins live in these. */
export const MACOS_EXTRA_PATH = ['/opt/homebrew/bin', '/usr/local/bin'];
const CMD_META = /([()\][%!^"`<>&|;, *?])/g;

/** The PATH key as the environment spells it (Windows has `Path`). */
function pathKey(env: Record<string, string | undefined>, platform: NodeJS.Platform): string {
  if (platform !== 'win32') return 'PATH';
  return Object.keys(env).find((k) => k.toUpperCase() === 'PATH') ?? 'Path';
}

/** One argument for a batch file run by `cmd.exe /d /s /c "…"`: quoted for the program, every cmd metacharacter escaped. */
export function quoteCmdArg(arg: string): string {
  // Backslashes before a quote (and at the end) are doubled and the quote escaped, as the C runtime reads them back.
  let a = arg.replace(/(\\*)"/g, '$1$1\\"').replace(/(\\*)$/, '$1$1');
  a = `"${a}"`;
  return a.replace(CMD_META, '^$1');
}

/**
 * The program, arguments and environment for a plugin on `platform` (pure). `.cmd`/`.bat` on Windows run through
 * `cmd.exe /d /s /c` (Node refuses them without a shell since CVE-2024-27980); everything else runs directly.
 */
export function execInvocation(spec: ExecSpec, resolvedCommand: string, host: Pick<ExecHost, 'platform' | 'env'>): ExecInvocation {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(host.env)) if (v !== undefined) env[k] = v;
  const key = pathKey(env, host.platform);
  if (host.platform === 'darwin') {
    const parts = (env[key] ?? '').split(':').filter(Boolean);
    for (const dir of MACOS_EXTRA_PATH) if (!parts.includes(dir)) parts.push(dir);
    env[key] = parts.join(':');
  }
  for (const e of spec.env ?? []) env[e.name] = e.value;
  env.KUBERNETES_EXEC_INFO = JSON.stringify({ apiVersion: spec.apiVersion ?? 'client.authentication.k8s.io/v1', kind: 'ExecCredential', spec: { interactive: false } });
  const args = spec.args ?? [];
  if (host.platform === 'win32' && /\.(cmd|bat)$/i.test(resolvedCommand)) {
    const line = [resolvedCommand.replace(CMD_META, '^$1'), ...args.map(quoteCmdArg)].join(' ');
    const comspec = Object.entries(env).find(([k]) => k.toUpperCase() === 'COMSPEC')?.[1] ?? 'cmd.exe';
    return { file: comspec, args: ['/d', '/s', '/c', `"${line}"`], env, windowsHide: true, windowsVerbatimArguments: true };
  }
  return { file: resolvedCommand, args, env, windowsHide: true, windowsVerbatimArguments: false };
}

/**
 * On Windows a bare name (`az`, `gcloud`) is looked up on PATH with PATHEXT, as cmd.exe does: CreateProcess
 * alone finds only `.exe`. Elsewhere (and for paths) the command is used as written.
 */
export async function resolveCommand(command: string, host: ExecHost): Promise<string> {
  if (host.platform !== 'win32' || /[\\/]/.test(command) || /\.[A-Za-z0-9]+$/.test(command) || !host.exists) return command;
  const env = host.env as Record<string, string | undefined>;
  const dirs = (env[pathKey(env, 'win32')] ?? '').split(';').filter(Boolean);
  const exts = (Object.entries(env).find(([k]) => k.toUpperCase() === 'PATHEXT')?.[1] ?? '.COM;.EXE;.BAT;.CMD').split(';').filter(Boolean);
  for (const dir of dirs) for (const ext of exts) {
    const candidate = nodePath.win32.join(dir, command + ext.toLowerCase());
    if (await host.exists(candidate)) return candidate;
  }
  return command;
}

const credentialSchema = z.object({
  kind: z.literal('ExecCredential'),
  status: z.object({
    token: z.string().min(1).optional(),
    clientCertificateData: z.string().optional(),
    clientKeyData: z.string().optional(),
    expirationTimestamp: z.string().optional(),
  }),
});

export interface ExecCredential {
  token?: string;
  cert?: string;
  key?: string;
}

export const defaultExecRun: ExecRun = (inv, limits) =>
  new Promise((resolve, reject) => {
    execFile(
      inv.file,
      inv.args,
      { env: inv.env, windowsHide: inv.windowsHide, windowsVerbatimArguments: inv.windowsVerbatimArguments, timeout: limits.timeoutMs, maxBuffer: limits.maxBytes, encoding: 'utf8' },
      (err, stdout, stderr) => {
        if (err) reject(Object.assign(err, { stderr }));
        else resolve({ stdout });
      },
    );
  });

/** The real environment: the one place the plugin runner reads the platform. */
export function systemExecHost(): ExecHost {
  return {
    platform: process.platform,
    env: process.env,
    exists: async (p) => {
      try {
        await access(p);
        return true;
      } catch {
        return false; // not there (or not readable): try the next PATH entry
      }
    },
  };
}

/** One context's plugin: runs it when there is no unexpired credential, one run at a time. */
export class ExecCredentials {
  private cached: { cred: ExecCredential; expiresAt: number | null } | null = null;
  private running: Promise<ExecCredential> | null = null;
  /** Runs so far (for tests and diagnostics). */
  runs = 0;

  constructor(
    private readonly o: { context: string; spec: ExecSpec; host: ExecHost; clock: Clock; timeoutMs?: number; maxBytes?: number },
  ) {}

  async get(): Promise<ExecCredential> {
    const c = this.cached;
    if (c && (c.expiresAt === null || c.expiresAt > this.o.clock.now())) return c.cred;
    this.cached = null;
    this.running ??= this.fetch().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async fetch(): Promise<ExecCredential> {
    const { context, spec, host } = this.o;
    const timeoutMs = this.o.timeoutMs ?? 60_000;
    const maxBytes = this.o.maxBytes ?? 1024 * 1024;
    const what = `context "${context}": the credential plugin ${spec.command}`;
    this.runs += 1;
    const inv = execInvocation(spec, await resolveCommand(spec.command, host), host);
    let stdout: string;
    try {
      ({ stdout } = await (host.run ?? defaultExecRun)(inv, { timeoutMs, maxBytes }));
    } catch (e) {
      throw new Error(runFailure(e as NodeJS.ErrnoException & { stderr?: string; killed?: boolean }, what, timeoutMs, maxBytes, host.platform), { cause: e });
    }
    let parsed: z.infer<typeof credentialSchema>;
    try {
      const r = credentialSchema.safeParse(JSON.parse(stdout));
      if (!r.success) throw new Error(r.error.issues[0]?.message ?? 'not an ExecCredential');
      parsed = r.data;
    } catch (e) {
      throw new Error(`${what} printed something that is not an ExecCredential (${(e as Error).message})`, { cause: e });
    }
    const s = parsed.status;
    if (!s.token && !(s.clientCertificateData && s.clientKeyData)) throw new Error(`${what} gave neither a token nor a client certificate and key`);
    const expires = s.expirationTimestamp ? Date.parse(s.expirationTimestamp) : null;
    if (expires !== null && Number.isNaN(expires)) throw new Error(`${what}: expirationTimestamp "${s.expirationTimestamp}" is not a time`);
    const cred: ExecCredential = { token: s.token, cert: s.clientCertificateData, key: s.clientKeyData };
    this.cached = { cred, expiresAt: expires };
    return cred;
  }
}

function runFailure(e: NodeJS.ErrnoException & { stderr?: string; killed?: boolean }, what: string, timeoutMs: number, maxBytes: number, platform: NodeJS.Platform): string {
  if (e.code === 'ENOENT') {
    const hint = platform === 'darwin' ? ` (looked on PATH and in ${MACOS_EXTRA_PATH.join(', ')}; give its full path in the kubeconfig)` : ' (give its full path in the kubeconfig)';
    return `${what} was not found${hint}`;
  }
  if (e.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') return `${what} printed more than ${Math.round(maxBytes / 1024)} KiB; stopped`;
  if (e.killed) return `${what} did not finish within ${timeoutMs / 1000} s; stopped`;
  const stderr = (e.stderr ?? '').trim().slice(0, 500);
  return `${what} failed${typeof e.code === 'number' ? ` (exit code ${e.code})` : ''}${stderr ? `: ${stderr}` : `: ${e.message}`}`;
}

/** The context's KubeConfig without its user's `exec` block (client-node would run it itself), and that block. */
export function splitExec(kc: KubeConfig): { kc: KubeConfig; exec: ExecSpec | null } {
  const user = kc.getCurrentUser();
  const exec = user?.exec as ExecSpec | undefined;
  if (!user || !exec) return { kc, exec: null };
  if (typeof exec.command !== 'string' || !exec.command) throw new Error(`context "${kc.getCurrentContext()}": the user's exec block has no command`);
  const rest = new KubeConfig();
  rest.loadFromOptions({ clusters: kc.getClusters(), users: kc.getUsers().map((u) => (u.name === user.name ? { ...u, exec: undefined } : u)), contexts: kc.getContexts(), currentContext: kc.getCurrentContext() });
  return { kc: rest, exec };
}
