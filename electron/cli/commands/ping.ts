import { UsageError, type CliArgs } from '../args';
import { explainError } from '../explain';
import { withLab, type Io } from './io';

/** `labtray ping <peer>`: tailscale ping; an offline peer is said to be offline at once. */
export function run(a: CliArgs, io: Io): Promise<number> {
  if (a.args.length !== 1) throw new UsageError('ping', a.args.length ? 'ping one peer at a time' : 'name the peer to ping');
  return withLab(a, async ({ lab }) => {
    await lab.pollOnce();
    const r = await lab.invoke('pingPeer', { peer: a.args[0] }).catch((err: unknown) => Promise.reject(explainError(err, 'ping', a.args[0])));
    io.out.write(a.json ? JSON.stringify(r, null, 2) + '\n' : `${r.ok ? io.style.green('OK  ') : io.style.red('FAIL')} ${r.message}\n`);
    return r.ok ? 0 : 1;
  });
}
