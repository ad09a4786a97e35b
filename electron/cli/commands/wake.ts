import { UsageError, type CliArgs } from '../args';
import { explainError } from '../explain';
import { follow } from '../follow';
import { withLab, type Io } from './io';

/** `labtray wake <host>`: the magic packet, then the wait until it answers, with progress. */
export function run(a: CliArgs, io: Io): Promise<number> {
  if (a.args.length !== 1) throw new UsageError('wake', a.args.length ? 'wake one host at a time' : 'name the host to wake');
  return withLab(a, async ({ lab }) => {
    // A fresh look first: a host that is up is left alone, and relays are picked by who answers now.
    await lab.pollOnce();
    const ref = await lab.invoke('wake', { host: a.args[0] }).catch((err: unknown) => Promise.reject(explainError(err, 'wake', a.args[0])));
    return follow(lab, [ref.taskId], { json: a.json, style: io.style, out: io.out });
  });
}
