import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../../..');
const guard = pathToFileURL(resolve(root, 'electron/core/crash-guard.ts')).href;

/** A process with a bug in a timer and a promise nobody awaits, then work that must still happen. */
const script = (guarded: boolean): string => `
  const { guardProcess } = await import(${JSON.stringify(guard)});
  if (${guarded}) guardProcess(process, { log: { info() {}, warn() {}, error: (m) => process.stderr.write('logged: ' + m.split('\\n')[0] + '\\n') } });
  setTimeout(() => { throw new TypeError('a bug in a timer'); }, 0);
  void Promise.reject(new Error('a promise nobody awaited'));
  setTimeout(() => process.stdout.write('still working\\n'), 20);
`;

async function child(guarded: boolean): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script(guarded)], { cwd: root });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('crash guard (a real Node process)', () => {
  it('logs an uncaught exception and an unhandled rejection with what they were, and the process goes on', async () => {
    const r = await child(true);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /logged: unhandled rejection \(LabTray keeps running\): Error: a promise nobody awaited/);
    assert.match(r.stderr, /logged: uncaught exception \(LabTray keeps running\): TypeError: a bug in a timer/);
    assert.equal(r.stdout, 'still working\n');
  });

  it('without it the same process dies before its work is done (what the guard prevents)', async () => {
    const r = await child(false);
    assert.notEqual(r.code, 0);
    assert.equal(r.stdout, '');
  });
});
