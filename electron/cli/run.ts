// The `labtray` command as a function: the node launcher (index.ts) and the
// packaged app's `--cli` mode both call it. This file and what it imports stay
// light: help and usage errors answer without loading the core; each command's
// module (and with it the core and its clients) is loaded only when that
// command runs.
import { defaultConfigPath } from '../core/config/paths';
import { parseCli, UsageError, type CliArgs } from './args';
import type { CliFailure } from './explain';
import type { Io } from './commands/io';
import { commandText, isCommand, overview, usageHint, type Command } from './help';
import { styleFor } from './style';

type Runner = (a: CliArgs, io: Io) => Promise<number>;

const runners: Record<Exclude<Command, 'help'>, () => Promise<{ run: Runner }>> = {
  status: () => import('./commands/status'),
  vm: () => import('./commands/vm'),
  snapshot: () => import('./commands/snapshot'),
  backup: () => import('./commands/backup'),
  wake: () => import('./commands/wake'),
  ping: () => import('./commands/ping'),
  doctor: () => import('./doctor/index'),
  trust: () => import('./commands/trust'),
};

/** `labtray help [command]`, `labtray <command> --help`, `labtray --help`. */
function help(topic: string | undefined, io: Io): number {
  if (topic === undefined) {
    io.out.write(overview(defaultConfigPath()) + '\n');
    return 0;
  }
  if (!isCommand(topic)) throw new UsageError('help', `no command "${topic}"`);
  io.out.write(commandText(topic) + '\n');
  return 0;
}

async function main(argv: string[], io: Io): Promise<number> {
  const a = parseCli(argv);
  if (a.command === 'help') return help(a.args[0], io);
  if (a.help) return help(a.command ?? undefined, io);
  if (!a.command) throw new UsageError(null, 'say which command to run');
  const { run } = await runners[a.command]();
  return run(a, io);
}

/** Exit 2 for what the user can fix in the command line or the config; 1 for anything else. */
function report(err: unknown, io: Io, argv: string[]): number {
  const paint = io.errStyle;
  if (err instanceof UsageError) {
    io.err.write(`${paint.red('labtray:')} ${err.command && err.command !== 'help' ? `${err.command}: ` : ''}${err.message}\n${paint.dim(usageHint(err.command ?? commandIn(argv)))}\n`);
    return 2;
  }
  // By name: the sentence catalogue loads only when a command has run, never for help or a usage error.
  if (err instanceof Error && err.name === 'CliFailure') {
    const f = err as CliFailure;
    // What failed and why; the raw text under it, dimmed, as a failed task shows it.
    const detail = f.explained.detail ? f.explained.detail.split('\n').map((l) => `${paint.dim(`         ${l}`)}\n`).join('') : '';
    io.err.write(`${paint.red('labtray:')} ${f.explained.sentence}\n${detail}`);
    return f.exitCode;
  }
  const e = err instanceof Error ? err : new Error(String(err));
  const code = e.name === 'LabError' ? String((e as Error & { code?: unknown }).code) : '';
  io.err.write(`${paint.red('labtray:')} ${e.message}\n`);
  return code.startsWith('config') || code === 'invalid-input' || code === 'secret-missing' ? 2 : 1;
}

function commandIn(argv: string[]): Command | null {
  const first = argv.find((x) => !x.startsWith('-'));
  return first && isCommand(first) ? first : null;
}

/** Runs one `labtray` command line and resolves with its exit code; writes only to `out`/`err`. */
export function runCli(argv: string[], out: NodeJS.WriteStream = process.stdout, err: NodeJS.WriteStream = process.stderr): Promise<number> {
  // `labtray status --json | head`: a reader that stops early ends the command quietly, not with a stack.
  for (const s of [out, err]) {
    s.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') throw e;
      process.exit(0);
    });
  }
  const noColor = argv.includes('--no-color');
  const io: Io = { out, err, style: styleFor(out, noColor), errStyle: styleFor(err, noColor) };
  return main(argv, io).catch((e: unknown) => report(e, io, argv));
}
