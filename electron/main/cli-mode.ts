import { isCommand } from '../cli/help';

/**
 * The packaged app doubles as the `labtray` command: the Windows and macOS
 * shims run `LabTray --cli <args>`, and the deb's /usr/bin/labtray link runs
 * the executable with the user's arguments as they are. Returns the command
 * line for the CLI, or null when the app itself should start. `argv` is
 * process.argv; `defaultApp` is true under `electron .` (one more entry).
 */
export function cliArguments(argv: readonly string[], defaultApp: boolean): string[] | null {
  const args = argv.slice(defaultApp ? 2 : 1);
  const first = args[0];
  if (first === undefined) return null;
  if (first === '--cli') return args.slice(1);
  return isCommand(first) || first === '--help' || first === '-h' ? [...args] : null;
}
