import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { describe, it } from 'node:test';
import { systemClock } from '../../../electron/core/clock';
import { waitUntilUp } from '../../../electron/core/wol/watch';
import { freePort } from '../../helpers/sshd';

/** A machine that is still booting: its SSH port opens only after `delayMs`. */
function bootsAfter(port: number, delayMs: number): { stop(): Promise<void> } {
  let server: Server | null = null;
  const timer = setTimeout(() => {
    server = createServer((s) => {
      // The watcher hangs up as soon as it is connected; a reset is expected.
      s.on('error', () => s.destroy());
      s.end('SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n');
    });
    server.listen(port, '127.0.0.1');
  }, delayMs);
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        clearTimeout(timer);
        if (server) server.close(() => resolve());
        else resolve();
      }),
  };
}

describe('watching a woken machine', () => {
  it('reports the machine up, on the port that answered, once its SSH port opens', async () => {
    const port = await freePort();
    const machine = bootsAfter(port, 600);
    try {
      const outcome = await waitUntilUp({ host: '127.0.0.1', ports: [port] }, { clock: systemClock, limitMs: 30_000, intervalMs: 100, connectTimeoutMs: 1_000 });
      assert.equal(outcome.up, true);
      assert.equal(outcome.up && outcome.how, `127.0.0.1:${port}`);
    } finally {
      await machine.stop();
    }
  });

  it('accepts the Proxmox VE port when SSH stays closed', async () => {
    const sshPort = await freePort();
    const pvePort = await freePort();
    const machine = bootsAfter(pvePort, 300);
    try {
      const outcome = await waitUntilUp({ host: '127.0.0.1', ports: [sshPort, pvePort] }, { clock: systemClock, limitMs: 30_000, intervalMs: 100 });
      assert.equal(outcome.up && outcome.how, `127.0.0.1:${pvePort}`);
    } finally {
      await machine.stop();
    }
  });

  it('takes another sign of life (Proxmox VE reporting the node online) when no port answers', async () => {
    let rounds = 0;
    const outcome = await waitUntilUp(
      { host: null, ports: [], other: { label: 'Proxmox VE reports gtr5 online', isUp: () => ++rounds >= 3 } },
      { clock: systemClock, limitMs: 30_000, intervalMs: 20 },
    );
    assert.deepEqual(outcome.up && outcome.how, 'Proxmox VE reports gtr5 online');
  });

  it('says the machine did not wake when nothing answers within the limit, with the last error', async () => {
    const port = await freePort();
    const outcome = await waitUntilUp({ host: '127.0.0.1', ports: [port] }, { clock: systemClock, limitMs: 400, intervalMs: 100 });
    assert.equal(outcome.up, false);
    assert.match(!outcome.up ? outcome.lastError ?? '' : '', new RegExp(`127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`));
  });

  it('stops watching when the task is cancelled', async () => {
    const port = await freePort();
    const ac = new AbortController();
    const watching = waitUntilUp({ host: '127.0.0.1', ports: [port] }, { clock: systemClock, limitMs: 60_000, intervalMs: 100, signal: ac.signal });
    setTimeout(() => ac.abort(new Error('LabTray is shutting down')), 200);
    await assert.rejects(watching, /LabTray is shutting down/);
  });
});
