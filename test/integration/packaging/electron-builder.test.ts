import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { listPackage } from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../../..');

/**
 * electron-builder as `npm run dist` runs it, for Linux `dir`, with a stand-in
 * for the Electron binary (it cannot be downloaded here) that carries the fuse
 * wire in Electron's default states. Proves the afterPack hook is found, runs
 * and flips the packaged binary, and that the app is packed in app.asar.
 */
describe('packaging with electron-builder (stand-in Electron binary)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'labtray-pack-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('packs out/ into app.asar and the afterPack hook flips the fuses of the packaged binary', async () => {
    assert.ok(existsSync(join(root, 'out/main/index.js')), 'out/ is built (npx electron-vite build)');
    const dist = join(dir, 'electron-dist');
    mkdirSync(dist);
    const defaults = '10110001';
    writeFileSync(join(dist, 'electron'), Buffer.concat([Buffer.from('\x7fELF stand-in '), Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'), Buffer.from([1, 8]), Buffer.from(defaults), Buffer.from(' end')]));
    chmodSync(join(dist, 'electron'), 0o755);
    writeFileSync(join(dist, 'version'), '45.5.0');
    const output = join(dir, 'dist');
    // No rebuild of native modules here: it downloads Electron's headers, and this machine reaches only the npm registry (the release runners rebuild).
    await run(process.execPath, [join(root, 'node_modules/electron-builder/cli.js'), '--linux', 'dir', `-c.electronDist=${dist}`, '-c.electronVersion=45.5.0', `-c.directories.output=${output}`, '-c.npmRebuild=false'], { cwd: root, maxBuffer: 16 << 20 });
    const app = join(output, 'linux-unpacked');
    const wire = (await getCurrentFuseWire(join(app, 'labtray'))) as unknown as Record<number, number>;
    const states = Array.from({ length: 8 }, (_, i) => String.fromCharCode(wire[i])).join('');
    assert.equal(states, '00001101', 'RunAsNode, NODE_OPTIONS and --inspect off; asar integrity and only-asar on; the rest as Electron ships them');
    assert.equal(wire[FuseV1Options.OnlyLoadAppFromAsar], '1'.charCodeAt(0));
    const files = listPackage(join(app, 'resources', 'app.asar'), { isPack: false });
    for (const f of ['/out/main/index.js', '/out/preload/index.cjs', '/out/renderer/index.html', '/package.json']) assert.ok(files.includes(f), `${f} is in app.asar`);
    assert.ok(!files.some((f) => f.startsWith('/test/') || f.startsWith('/demo/') || f.endsWith('.map')), 'no tests, demo sources or source maps are shipped');
    assert.ok(existsSync(join(app, 'resources', 'resources', 'tray')), 'tray icons are shipped next to the asar');
    assert.match(readFileSync(join(app, 'version'), 'utf8'), /45\.5\.0/);
  });
});
