import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep, win32 } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { pageantAgent, pagentExePath, unpackedAsarPath, type SpawnLike } from '../../../electron/core/ssh/pageant';
import { writeNoPageant } from '../../integration/ssh/fake-pagent';

describe('Pageant through the pagent.exe unpacked from app.asar', () => {
  it('turns a path inside app.asar into the unpacked copy beside it (Windows and macOS layouts)', () => {
    assert.equal(
      unpackedAsarPath('C:\\Users\\owner\\AppData\\Local\\Programs\\LabTray\\resources\\app.asar\\node_modules\\ssh2\\util\\pagent.exe'),
      'C:\\Users\\owner\\AppData\\Local\\Programs\\LabTray\\resources\\app.asar.unpacked\\node_modules\\ssh2\\util\\pagent.exe',
    );
    assert.equal(unpackedAsarPath('/Applications/LabTray.app/Contents/Resources/app.asar/node_modules/ssh2/util/pagent.exe'), '/Applications/LabTray.app/Contents/Resources/app.asar.unpacked/node_modules/ssh2/util/pagent.exe');
    assert.equal(unpackedAsarPath('/work/node_modules/ssh2/util/pagent.exe'), '/work/node_modules/ssh2/util/pagent.exe');
    assert.equal(pagentExePath(() => 'C:\\LabTray\\resources\\app.asar\\node_modules\\ssh2\\lib\\index.js', win32), 'C:\\LabTray\\resources\\app.asar.unpacked\\node_modules\\ssh2\\util\\pagent.exe');
  });

  it('finds ssh2s real pagent.exe, and electron-builder unpacks exactly that file', () => {
    const exe = pagentExePath();
    assert.ok(existsSync(exe), exe);
    const inApp = relative(process.cwd(), exe).split(sep).join('/');
    assert.equal(inApp, 'node_modules/ssh2/util/pagent.exe');
    const builder = parse(readFileSync('electron-builder.yml', 'utf8')) as { asarUnpack?: string[] };
    assert.ok(builder.asarUnpack?.includes(inApp), `asarUnpack: ${JSON.stringify(builder.asarUnpack)}`);
  });

  it('runs pagent.exe with no console window, passing the request length, and reports "Pageant is not running"', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'labtray-pageant-'));
    const calls: { file: string; args: string[]; windowsHide: boolean }[] = [];
    const recording: SpawnLike = (file, args, opts) => {
      calls.push({ file, args, windowsHide: opts.windowsHide });
      return spawn(file, args, opts);
    };
    try {
      const exe = writeNoPageant(dir);
      const agent = pageantAgent(exe, recording);
      const err = await new Promise<Error | undefined>((resolve) => agent.getIdentities((e) => resolve(e ?? undefined)));
      assert.match(err?.message ?? '', /Pageant is not running/);
      // SSH_AGENTC_REQUEST_IDENTITIES is 4 length bytes + 1 type byte.
      assert.deepEqual(calls, [{ file: exe, args: ['5'], windowsHide: true }]);
      const missing = pageantAgent(join(dir, 'no-such-pagent.exe'));
      const gone = await new Promise<Error | undefined>((resolve) => missing.getIdentities((e) => resolve(e ?? undefined)));
      assert.match(gone?.message ?? '', /cannot run .*no-such-pagent\.exe to reach Pageant: .*ENOENT/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
