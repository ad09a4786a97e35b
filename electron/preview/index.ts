import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LabError } from '../../shared/api';
import type { LabConfig } from '../../shared/config';
import { loadConfig } from '../core/config/load';
import { defaultConfigPath } from '../core/config/paths';
import { createLab } from '../core/create';
import type { Lab } from '../core/lab';
import { MemorySecretStore, EnvSecretStore, type SecretStore } from '../core/secrets';
import { startPreviewServer } from './server';

export interface PreviewOptions {
  /** Built renderer; defaults to out/renderer under the working directory. */
  root?: string;
  port?: number;
  /** Start the simulated reference homelab instead of reading a config. */
  demo?: boolean;
  configPath?: string;
  log?: (line: string) => void;
}

export interface Preview {
  url: string;
  port: number;
  token: string;
  stop(): Promise<void>;
}

/** Starts a Lab (the demo lab or the user's config) and serves the renderer against it on 127.0.0.1. */
export async function startPreview(opts: PreviewOptions = {}): Promise<Preview> {
  const root = resolve(opts.root ?? 'out/renderer');
  if (!existsSync(resolve(root, 'index.html'))) {
    throw new LabError('not-built', `${root}/index.html is missing: build the renderer first (npx electron-vite build)`);
  }
  const log = opts.log ?? (() => undefined);
  const { lab, stopLab } = await openLab(opts, log);
  try {
    const server = await startPreviewServer({ root, lab, port: opts.port, log });
    lab.start();
    return {
      ...server,
      stop: async () => {
        await server.stop();
        await stopLab();
      },
    };
  } catch (err) {
    await stopLab();
    throw err;
  }
}

async function openLab(opts: PreviewOptions, log: (line: string) => void): Promise<{ lab: Lab; stopLab: () => Promise<void> }> {
  const logger = { info: log, warn: log, error: log };
  const path = opts.configPath ?? defaultConfigPath();
  if (!opts.demo && (opts.configPath || existsSync(path))) {
    const { config } = await loadConfig(path);
    const lab = createLab({ config, secrets: new EnvSecretStore(), configPath: path, log: logger });
    return { lab, stopLab: () => lab.stop() };
  }
  // The demo lab lives under test/sim; it is loaded only when asked for, so a packaged app never needs it.
  const { startDemoLab } = (await import('../../test/sim/demo-lab')) as { startDemoLab: () => Promise<{ config: LabConfig; secrets: Record<string, string>; sshConfigPath?: string; stop(): Promise<void> }> };
  const demo = await startDemoLab();
  const secrets: SecretStore = new MemorySecretStore(demo.secrets);
  const lab = createLab({ config: demo.config, secrets, demo: true, log: logger, sshConfigPath: demo.sshConfigPath });
  return {
    lab,
    stopLab: async () => {
      await lab.stop();
      await demo.stop();
    },
  };
}

interface Args {
  demo: boolean;
  port?: number;
  configPath?: string;
  root?: string;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { demo: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new LabError('usage', `${a} needs a value`);
      return v;
    };
    if (a === '--demo') args.demo = true;
    else if (a === '--port') {
      const p = Number(value());
      if (!Number.isInteger(p) || p < 0 || p > 65535) throw new LabError('usage', '--port must be a port number');
      args.port = p;
    } else if (a === '--config') args.configPath = value();
    else if (a === '--root') args.root = value();
    else throw new LabError('usage', `unknown option ${a} (use --demo, --port N, --config FILE, --root DIR)`);
  }
  return args;
}

async function main(): Promise<void> {
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(2);
  }
  let preview: Preview;
  try {
    preview = await startPreview({ ...args, log: (line) => console.error(line) });
  } catch (err) {
    console.error(`labtray preview: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(2);
  }
  console.log(`LabTray preview${args.demo ? ' (demo lab)' : ''}: ${preview.url}`);
  const shutdown = (): void => {
    void preview.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) void main();
