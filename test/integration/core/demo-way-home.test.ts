import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MemorySecretStore } from '../../../electron/core/secrets';
import { openLab, type OpenedLab } from '../../../electron/core/open-lab';
import type { Snapshot } from '../../../shared/snapshot';

/** Waits for a snapshot that passes `ok` (the demo's tasks take seconds, as PVE's do). */
function until(o: OpenedLab, ok: (s: Snapshot) => boolean, what: string, limitMs = 60_000): Promise<Snapshot> {
  if (ok(o.lab.snapshot)) return Promise.resolve(o.lab.snapshot);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`never saw: ${what}`));
    }, limitMs);
    const off = o.lab.on('snapshot', (s) => {
      if (!ok(s)) return;
      clearTimeout(timer);
      off();
      resolve(s);
    });
  });
}

const peerOnline = (s: Snapshot): boolean | undefined => s.tailscale?.peers.find((p) => p.name === 'tailscale-gateway')?.online;
const guestStatus = (s: Snapshot): string | undefined => s.proxmox[0]?.guests.find((g) => g.vmid === 110)?.status;

describe('the demo lab: the tailnet follows its PVE guests', () => {
  let dir: string;
  let opened: OpenedLab;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'labtray-demo-way-'));
    opened = await openLab({ source: 'demo', configPath: join(dir, 'config.yaml'), secrets: new MemorySecretStore({}), log: { info: () => undefined, warn: () => undefined, error: () => undefined }, demoStatePath: join(dir, 'demo-state.json') });
    await opened.lab.start();
  });

  after(async () => {
    await opened.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('guards the subnet router and the gateway, and shows the way home go down with the guest and come back', async () => {
    const first = await until(opened, (s) => s.wayHome?.router !== null && s.wayHome?.router !== undefined && guestStatus(s) === 'running' && peerOnline(s) === true, 'the subnet router up');
    assert.deepEqual(
      first.wayHome?.guarded.map((g) => [g.vmid, g.reason]),
      [
        [110, 'subnetRouter'],
        [100, 'protected'],
      ],
    );
    assert.deepEqual(first.wayHome?.router?.guest, { cluster: 'home', vmid: 110, status: 'running' });

    await opened.lab.invoke('guestAction', { cluster: 'home', vmids: [110], action: 'shutdown' });
    const down = await until(opened, (s) => peerOnline(s) === false && guestStatus(s) === 'stopped', 'the peer offline once its guest is stopped');
    assert.equal(down.wayHome?.router?.path, 'offline');
    assert.ok(down.checks.some((c) => c.id.endsWith('subnet-router:tailscale-gateway') && c.status === 'crit'), 'the subnet router check is critical');

    await opened.lab.invoke('guestAction', { cluster: 'home', vmids: [110], action: 'start' });
    const back = await until(opened, (s) => peerOnline(s) === true && guestStatus(s) === 'running', 'the peer back once its guest runs');
    assert.notEqual(back.wayHome?.router?.path, 'offline');
  });
});
