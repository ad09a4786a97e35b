import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, type PathLike } from 'node:fs';
import * as nodeFs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renameSyncWithRetry, renameWithRetry } from '../../../electron/core/fs-retry';
import { saveConfig } from '../../../electron/core/config/save';

function locked(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: operation not permitted, rename`), { code });
}

/** A rename that fails with `code` the first `n` times, as Windows does while a scanner holds the file. */
function heldFor(n: number, code = 'EPERM') {
  let calls = 0;
  const fn = async (a: PathLike, b: PathLike) => {
    calls++;
    if (calls <= n) throw locked(code);
    await nodeFs.rename(a, b);
  };
  return { fn, calls: () => calls };
}

describe('renaming a file an antivirus scanner briefly holds (Windows)', () => {
  for (const code of ['EPERM', 'EACCES', 'EBUSY']) {
    it(`retries a rename that fails with ${code} until it goes through`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'labtray-rn-'));
      writeFileSync(join(dir, 'a.tmp'), 'new');
      const r = heldFor(3, code);
      const slept: number[] = [];
      await renameWithRetry(join(dir, 'a.tmp'), join(dir, 'a'), r.fn, { sleep: async (ms) => { slept.push(ms); } });
      assert.equal(r.calls(), 4);
      assert.equal(slept.length, 3);
      assert.ok(slept[0] < slept[1] && slept[1] < slept[2], `backoff grows: ${slept.join(',')}`);
      assert.equal(readFileSync(join(dir, 'a'), 'utf8'), 'new');
      rmSync(dir, { recursive: true });
    });
  }

  it('gives up after the bounded retries with an error saying the file is held', async () => {
    const r = heldFor(100);
    const slept: number[] = [];
    await assert.rejects(
      renameWithRetry('x.tmp', 'x', r.fn, { delaysMs: [10, 20, 30], sleep: async (ms) => { slept.push(ms); } }),
      (e: NodeJS.ErrnoException) => e.code === 'EPERM' && /still locked after 4 tries over 60 ms/.test(e.message) && /antivirus/.test(e.message),
    );
    assert.equal(r.calls(), 4);
    assert.deepEqual(slept, [10, 20, 30]);
  });

  it('does not retry an error that is not a transient lock', async () => {
    const r = heldFor(5, 'ENOENT');
    await assert.rejects(renameWithRetry('x.tmp', 'x', r.fn, { sleep: async () => undefined }), { code: 'ENOENT' });
    assert.equal(r.calls(), 1);
  });

  it('retries the synchronous rename the cache and quiet state use, and gives up within its bound', () => {
    let calls = 0;
    const slept: number[] = [];
    renameSyncWithRetry('a', 'b', () => { if (++calls <= 2) throw locked('EBUSY'); }, { sleep: (ms) => slept.push(ms) });
    assert.equal(calls, 3);
    assert.equal(slept.length, 2);
    calls = 0;
    assert.throws(() => renameSyncWithRetry('a', 'b', () => { calls++; throw locked('EACCES'); }, { delaysMs: [1, 2], sleep: () => undefined }),
      /still locked after 3 tries over 3 ms/);
    assert.equal(calls, 3);
  });

  it('saves the config when the new file is held for a moment, leaving no temp file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'labtray-rn-'));
    const path = join(dir, 'config.yaml');
    const r = heldFor(2);
    await saveConfig(path, { hosts: [{ name: 'nas', mac: 'aa:bb:cc:dd:ee:01' }] } as never, { ...nodeFs, rename: r.fn });
    assert.equal(r.calls(), 3);
    assert.match(readFileSync(path, 'utf8'), /nas/);
    assert.deepEqual(readdirSync(dir), ['config.yaml']);
    rmSync(dir, { recursive: true });
  });

  it('keeps the previous config and removes the temp file when the lock never lets go', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'labtray-rn-'));
    const path = join(dir, 'config.yaml');
    await saveConfig(path, { hosts: [{ name: 'nas', mac: 'aa:bb:cc:dd:ee:01' }] } as never);
    const before = readFileSync(path, 'utf8');
    const held = async () => { throw locked('EPERM'); };
    await assert.rejects(saveConfig(path, { hosts: [{ name: 'pve', mac: 'aa:bb:cc:dd:ee:02' }] } as never, { ...nodeFs, rename: held }),
      /not saved \(the previous file is unchanged\).*still locked after/);
    assert.equal(readFileSync(path, 'utf8'), before);
    assert.ok(!readdirSync(dir).some((f) => f.endsWith('.tmp')), readdirSync(dir).join(','));
    rmSync(dir, { recursive: true });
  });
});
