import { createInterface } from 'node:readline/promises';
import type { Io } from './commands/io';

/**
 * A yes/no question on the terminal: `--yes` answers it, a terminal asks (the
 * default is no), and without a terminal nobody can answer: 'no-tty'.
 */
export async function askYesNo(yes: boolean, question: string, io: Pick<Io, 'out'>, stdin: NodeJS.ReadStream = process.stdin): Promise<boolean | 'no-tty'> {
  if (yes) return true;
  if (!stdin.isTTY) return 'no-tty';
  const rl = createInterface({ input: stdin, output: io.out as NodeJS.WritableStream });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}
