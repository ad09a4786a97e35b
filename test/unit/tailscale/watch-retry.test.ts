import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LabError } from '../../../shared/api';
import { reachError, type LocalApiClient } from '../../../electron/core/tailscale/localapi';
import type { TailscaleReader } from '../../../electron/core/tailscale/reader';
import { NO_SOCKET_RETRY_MS, TailscaleSource } from '../../../electron/core/tailscale/source';
import { FakeClock } from '../../helpers/fake-clock';

/** A LocalAPI whose event stream ends at once with `err`, counting the attempts. */
function failingApi(err: () => Error): { api: LocalApiClient; attempts: () => number } {
  let n = 0;
  const api = {
    watch: (_onNotify: (n: unknown) => void, onEnd: (e: Error) => void) => {
      n += 1;
      queueMicrotask(() => onEnd(err()));
      return { close: () => undefined };
    },
  };
  return { api: api as unknown as LocalApiClient, attempts: () => n };
}

function source(api: LocalApiClient, clock: FakeClock, logged: string[]): TailscaleSource {
  return new TailscaleSource({
    reader: {} as TailscaleReader,
    localApi: api,
    clock,
    log: { info: (m) => logged.push(m), warn: (m) => logged.push(m), error: (m) => logged.push(m) },
    checks: { pinned: [] },
    intervalMs: 30_000,
  });
}

const errno = (code: string): Error => Object.assign(new Error(`connect ${code} /var/run/tailscaled.socket`), { code });

describe('the IPN bus watch when there is no socket to watch (Tailscale from the Mac App Store)', () => {
  it('says once why live updates are off and looks again only every ten minutes', async () => {
    const clock = new FakeClock();
    const logged: string[] = [];
    const f = failingApi(() => reachError('/var/run/tailscaled.socket', errno('ENOENT')));
    const fails: Error[] = [];
    const stop = source(f.api, clock, logged).watch(() => undefined, (e) => fails.push(e));
    await clock.advance(60 * 60_000);
    assert.equal(f.attempts(), 1 + 60 / (NO_SOCKET_RETRY_MS / 60_000), 'one try at start, then one every ten minutes');
    assert.equal(logged.length, 1);
    assert.match(logged[0], /^tailscale: live updates are off: tailscaled is not running or listens elsewhere: nothing at \/var\/run\/tailscaled\.socket \(ENOENT\).*; the status is polled every 30 s instead$/);
    assert.deepEqual(fails, [], 'a watch that was never live is no failure of the source');
    stop();
  });

  it('a socket LabTray may not open is the same: said once, tried seldom', async () => {
    const clock = new FakeClock();
    const logged: string[] = [];
    const f = failingApi(() => reachError('/var/run/tailscaled.socket', errno('EACCES')));
    source(f.api, clock, logged).watch(() => undefined, () => undefined);
    await clock.advance(30 * 60_000);
    assert.equal(f.attempts(), 4);
    assert.equal(logged.length, 1);
  });

  it('a daemon that refuses for now (restarting) is tried again soon, as before', async () => {
    const clock = new FakeClock();
    const logged: string[] = [];
    const f = failingApi(() => new LabError('tailscaled-unreachable', 'tailscaled closed its event stream'));
    source(f.api, clock, logged).watch(() => undefined, () => undefined);
    await clock.advance(60_000);
    assert.ok(f.attempts() >= 4, `retried within a minute (${f.attempts()} tries)`);
  });
});
