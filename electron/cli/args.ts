import { parseArgs, type ParseArgsConfig } from 'node:util';
import { isCommand, type Command } from './help';

/** A mistake in how the CLI was called: one line, then that command's usage (exit 2). */
export class UsageError extends Error {
  constructor(
    readonly command: Command | null,
    message: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** What every command accepts, and what each adds. */
const globalOptions = {
  json: { type: 'boolean', default: false },
  demo: { type: 'boolean', default: false },
  'demo-reset': { type: 'boolean', default: false },
  'no-color': { type: 'boolean', default: false },
  config: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies ParseArgsConfig['options'];

const commandOptions = {
  cluster: { type: 'string' },
  set: { type: 'string' },
  storage: { type: 'string' },
  yes: { type: 'boolean' },
} as const satisfies ParseArgsConfig['options'];

const allowed: Record<Command, readonly (keyof typeof commandOptions)[]> = {
  status: [],
  vm: ['cluster', 'yes'],
  snapshot: ['cluster', 'yes'],
  backup: ['cluster', 'set', 'storage'],
  wake: [],
  ping: [],
  doctor: [],
  trust: ['yes'],
  help: [],
};

export interface CliArgs {
  command: Command | null;
  args: string[];
  json: boolean;
  demo: boolean;
  demoReset: boolean;
  noColor: boolean;
  config: string | undefined;
  help: boolean;
  cluster: string | undefined;
  set: string | undefined;
  storage: string | undefined;
  /** `trust --yes`: pin without asking; `vm --yes`: take down a guest that carries the way home without asking. */
  yes: boolean;
}

/** Parses the command line: the command first, then its arguments and options in any order. */
export function parseCli(argv: string[]): CliArgs {
  // A first pass that accepts anything finds the command, so an error can show that command's usage.
  const loose = parseArgs({ args: argv, allowPositionals: true, strict: false, options: { ...globalOptions, ...commandOptions } });
  const first = loose.positionals[0];
  const command = first !== undefined && isCommand(first) ? first : null;
  if (first !== undefined && !command) throw new UsageError(null, `unknown command "${first}"`);
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { ...globalOptions, ...commandOptions } });
  } catch (err) {
    throw new UsageError(command, parseArgsMessage(err));
  }
  for (const k of Object.keys(commandOptions) as (keyof typeof commandOptions)[]) {
    if (parsed.values[k] !== undefined && !(command && allowed[command].includes(k))) throw new UsageError(command, `unknown option --${k}`);
  }
  const v = parsed.values;
  return {
    command,
    args: parsed.positionals.slice(1),
    json: v.json,
    demo: v.demo || v['demo-reset'],
    demoReset: v['demo-reset'],
    noColor: v['no-color'],
    config: v.config,
    help: v.help,
    cluster: v.cluster,
    set: v.set,
    storage: v.storage,
    yes: v.yes === true,
  };
}

/** node:util's messages, shortened to what the user typed wrong. */
function parseArgsMessage(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const code = (err as { code?: unknown }).code;
  const option = /'(-[^']+)'/.exec(message)?.[1]?.replace(/^(--?[^\s,=]+).*/, '$1');
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) return `unknown option ${option}`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) return `${option} needs a value`;
  return message.split('\n')[0];
}
