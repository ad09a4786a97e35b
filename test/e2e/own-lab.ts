import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { expect, type Page } from '@playwright/test';
import type { Language } from '../../shared/language';
import type { OwnLabSimOptions, OwnLabSims } from './fixtures/own-lab-sims';
import { secretEnvName } from '../../electron/core/secrets';
import { rendererRoot } from './global-setup';
import { callLab } from './helpers';

export type { OwnLabSimOptions, OwnLabSims };

/** How an own lab starts: what its simulators hold, and the config the preview reads first. */
export interface OwnLabOptions {
  sims?: OwnLabSimOptions;
  /**
   * The config file's text, written once the simulators are up (default: empty, as after the welcome's "Set up my
   * lab"), and the secrets its `secret:NAME` references name (given to the preview as LABTRAY_SECRET_* values).
   */
  config?: (sims: OwnLabSims) => { yaml: string; secrets?: Record<string, string> };
}

/** A preview of one's own (not the shared demo one), on an empty config or one given, and the simulated machines it can reach. */
export interface OwnLab {
  /** The preview's URL with its token. */
  url: string;
  /** The config file the preview runs from (empty at start unless a config was given). */
  configPath: string;
  /** The temp HOME of the preview (its ~/.kube/config lists the kube fakes). */
  home: string;
  sims: OwnLabSims;
  /** What the preview printed on stderr so far (its log). */
  log(): string;
  stop(): Promise<void>;
}

const nodeBin = resolve('node_modules/.bin/node');
const node = existsSync(nodeBin) ? nodeBin : process.execPath;

/**
 * Starts, for one spec file, the simulators (a child on Node 24) and a preview on an empty (or the given) config file with its own
 * HOME, XDG folders and state folder, `--port 0`: nothing shared with the demo preview of the global setup.
 * The preview finds the fake `tailscale` CLI on its PATH and the kube fakes in ~/.kube/config.
 */
export async function startOwnLab(opts: OwnLabOptions = {}): Promise<OwnLab> {
  const root = mkdtempSync(join(tmpdir(), 'labtray-e2e-own-'));
  const home = join(root, 'home');
  const dirs = { config: join(root, 'xdg-config'), state: join(root, 'xdg-state'), cache: join(root, 'xdg-cache'), data: join(root, 'xdg-data'), app: join(root, 'app-state') };
  for (const d of [home, ...Object.values(dirs)]) mkdirSync(d, { recursive: true });
  const configPath = join(dirs.config, 'labtray', 'config.yaml');
  mkdirSync(join(dirs.config, 'labtray'), { recursive: true });
  writeFileSync(configPath, '');
  // As after the welcome's "Set up my lab": an empty config, and the lab counts as not set up until a cluster or host is added.
  writeFileSync(join(dirs.app, 'first-run.json'), `${JSON.stringify({ choice: 'setup', at: new Date().toISOString() })}\n`);
  const children: ChildProcess[] = [];
  const stop = async (): Promise<void> => {
    for (const c of children.reverse()) await stopChild(c);
    rmSync(root, { recursive: true, force: true });
  };
  try {
    const simsChild = spawn(node, ['--import', 'tsx', 'test/e2e/fixtures/own-lab-sims.ts', home, JSON.stringify(opts.sims ?? {})], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, HOME: home } });
    children.push(simsChild);
    const sims = JSON.parse(await lineOf(simsChild, /^OWN-LAB (\{.*\})$/m, 'the simulators')) as OwnLabSims;
    const config = opts.config?.(sims);
    if (config) writeFileSync(configPath, config.yaml);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      HOME: home,
      XDG_CONFIG_HOME: dirs.config,
      XDG_STATE_HOME: dirs.state,
      XDG_CACHE_HOME: dirs.cache,
      XDG_DATA_HOME: dirs.data,
      PATH: `${sims.tailscale.cliDir}${delimiter}${process.env.PATH ?? ''}`,
    };
    for (const k of Object.keys(env)) if (k.startsWith('LABTRAY_')) delete env[k];
    for (const [name, value] of Object.entries(config?.secrets ?? {})) env[secretEnvName(name)] = value;
    delete env.KUBECONFIG;
    delete env.SSH_AUTH_SOCK;
    const preview = await startPreviewProcess(['--config', configPath, '--state', dirs.app], env);
    children.push(preview.child);
    return { url: preview.url, configPath, home, sims, log: preview.log, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** A preview process of a spec's own (`--port 0`, the built renderer), with `args` and `env`; its URL once it listens. */
export async function startPreviewProcess(args: readonly string[], env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string; log(): string; stop(): Promise<void> }> {
  const child = spawn(node, ['--import', 'tsx', 'electron/preview/index.ts', ...args, '--port', '0', '--root', rendererRoot()], { stdio: ['ignore', 'pipe', 'pipe'], env });
  let log = '';
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  try {
    const url = await lineOf(child, /(http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]+)/, 'the preview');
    return { child, url, log: () => log, stop: () => stopChild(child) };
  } catch (err) {
    await stopChild(child);
    throw err;
  }
}

/** The first match of `re` on the child's stdout (group 1); fails with its stderr when it exits first. */
function lineOf(child: ChildProcess, re: RegExp, what: string): Promise<string> {
  return new Promise<string>((ok, fail) => {
    let out = '';
    let err = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = re.exec(out);
      if (m) ok(m[1]);
    });
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.once('exit', (code) => fail(new Error(`${what} exited with ${code} before it was ready\n${err}`)));
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((ok) => {
    child.once('exit', () => ok());
    child.kill('SIGTERM');
  });
}

/**
 * A config for `startOwnLab` that names the PVE simulator as the cluster `home`: pinned by its fingerprint, the
 * all-privileges token (its secret given as `secret:pve-home`), polled every 2 s; `more` is appended as it is (YAML).
 */
export function homeClusterConfig(sims: OwnLabSims, more = '', token: { id: string; secret: string } = sims.pve.admin): { yaml: string; secrets: Record<string, string> } {
  const p = sims.pve;
  const q = (s: string): string => JSON.stringify(s);
  const yaml = ['proxmox:', '  - name: home', `    endpoints: [${q(p.url)}]`, `    tokenId: ${q(token.id)}`, '    tokenSecret: "secret:pve-home"', `    fingerprint: ${q(p.fingerprint)}`, '    interval: 2000', ''].join('\n');
  return { yaml: yaml + more, secrets: { 'pve-home': token.secret } };
}

/** Opens an own lab's window and waits until its first snapshot is painted; `language`, when given, saved through its core. */
export async function openOwnLab(page: Page, lab: OwnLab, language?: Language): Promise<void> {
  await page.goto(lab.url);
  await expect(page.locator('.rollup-text')).not.toHaveText(/Loading|正在加载/);
  if (language) await callLab(page, 'savePrefs', { language });
  await expect(page.locator('html')).toHaveAttribute('lang', language ?? 'en');
}
