import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LabError } from '../../shared/api';
import { defaultConfigPath, defaultStateDir } from '../core/config/paths';
import { guardProcess } from '../core/crash-guard';
import { quietIdleGc } from '../core/idle-gc';
import { openLab } from '../core/open-lab';
import { SessionSecretStore } from '../core/secrets';
import { startPreviewServer } from './server';

export interface PreviewOptions {
  /** Built renderer; defaults to out/renderer under the working directory. */
  root?: string;
  port?: number;
  /** Start the simulated reference homelab instead of reading a config. */
  demo?: boolean;
  configPath?: string;
  /** Where the first-run choice is remembered (default: the user's state folder). */
  stateDir?: string;
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
  const logger = { info: log, warn: log, error: log };
  const opened = await openLab({
    source: opts.demo ? 'demo' : 'config-or-demo',
    configPath: opts.configPath ?? defaultConfigPath(),
    explicit: opts.configPath !== undefined,
    // Typed secrets are kept in memory while the preview runs (never on disk), in front of LABTRAY_SECRET_* values.
    secrets: new SessionSecretStore(),
    log: logger,
    watch: true,
    firstRunState: join(opts.stateDir ?? defaultStateDir(), 'first-run.json'),
  });
  const { lab } = opened;
  const stopLab = opened.close;
  try {
    const server = await startPreviewServer({ root, lab, port: opts.port, log });
    await lab.start();
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

interface Args {
  demo: boolean;
  port?: number;
  configPath?: string;
  stateDir?: string;
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
    else if (a === '--state') args.stateDir = value();
    else throw new LabError('usage', `unknown option ${a} (use --demo, --port N, --config FILE, --root DIR, --state DIR)`);
  }
  return args;
}

async function main(): Promise<void> {
  guardProcess(process, { log: { info: (m) => console.log(m), warn: (m) => console.warn(m), error: (m) => console.error(`labtray preview: ${m}`) } });
  quietIdleGc();
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
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    // A signal to the process group arrives twice (directly and forwarded by the launcher): the second one must not
    // kill a lab that is still stopping. A second Ctrl-C stops at once.
    if (stopping) {
      if (signal === 'SIGINT') process.exit(130);
      return;
    }
    stopping = true;
    void preview.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(`labtray preview: stopping: ${err instanceof Error ? err.message : String(err)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) void main();
