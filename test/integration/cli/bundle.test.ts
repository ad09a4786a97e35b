import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Snapshot } from '../../../shared/snapshot';
import { nodeBin, runTraced } from '../../helpers/module-trace';

const root = resolve(import.meta.dirname, '../../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { bin: Record<string, string>; engines: { node: string } };
const bin = join(root, pkg.bin.labtray);

/**
 * The `labtray` program as `npm run build` leaves it (out/cli, package.json
 * "bin"): plain JavaScript on Node, no TypeScript at run time, each command
 * loaded only when it runs.
 */
describe('the built labtray command (package.json "bin")', () => {
  const dir = mkdtempSync(join(tmpdir(), 'labtray-bin-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const env = { HOME: join(dir, 'home'), XDG_CONFIG_HOME: join(dir, 'xdg'), LABTRAY_CONFIG: '', LABTRAY_DEMO_STATE: join(dir, 'demo') };

  it('is an executable with a node shebang, built by `npx electron-vite build`', () => {
    assert.ok(existsSync(bin), `${bin} exists: run \`npx electron-vite build\``);
    accessSync(bin, constants.X_OK);
    assert.match(readFileSync(bin, 'utf8'), /^#!\/usr\/bin\/env node\n/);
  });

  it('prints help loading only its own bundle: no package, command, integration or demo chunk', async () => {
    const r = await runTraced(bin, ['--help'], { tsx: false, env });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^usage: labtray <command>/);
    const files = r.modules.filter((m) => m.startsWith('file:'));
    assert.ok(files.length >= 2, 'the trace saw the launcher and its bundle');
    for (const f of files) assert.ok(f.includes('/out/cli/'), `${f} was loaded for --help`);
    for (const f of files) assert.doesNotMatch(f, /\/(integration|demo|demo-lab|status|doctor|open)-[A-Z0-9]+\.mjs$/, `${f} is not needed for help`);
    assert.equal(r.loaded('/node_modules/'), false);
    assert.equal(r.loaded('tsx'), false, 'no TypeScript loader at run time');
  });

  it('prints the demo lab as JSON in one process (status --json --demo)', async () => {
    const r = await runTraced(bin, ['status', '--json', '--demo'], { tsx: false, env, timeoutMs: 120_000 });
    // The demo lab has a NotReady node and old backups: critical, exit 1, by design.
    assert.equal(r.code, 1, r.stderr);
    const snap = JSON.parse(r.stdout) as Snapshot;
    assert.equal(snap.demo, true);
    assert.deepEqual(snap.proxmox[0]?.nodes.map((n) => n.name).sort(), ['gtr5', 's500plus', 'um560']);
    assert.ok(r.loaded('/out/cli/chunks/demo-lab-'), 'the demo lab came from its own chunk');
    assert.equal(r.loaded('/demo/'), false, 'no demo sources: the bundle carries the demo lab');
  });

  it('ends quietly when its reader stops early (`labtray status --json | head -c 100`)', async () => {
    const r = await new Promise<{ code: number | null; stderr: string }>((ok) => {
      const child = spawn(nodeBin, [bin, 'status', '--json', '--demo'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
      // The reader goes away before the snapshot is written, as `head` does once it has its lines.
      child.stdout.destroy();
      child.on('close', (code) => ok({ code, stderr }));
    });
    assert.equal(r.stderr, '', 'no stack trace');
    assert.equal(r.code, 0);
  });

  it('says which Node it needs on an older one, before loading anything else', async () => {
    const old = join(dir, 'old-node.mjs');
    writeFileSync(old, "Object.defineProperty(process, 'versions', { value: { ...process.versions, node: '22.12.0' } });\n");
    const r = await new Promise<{ code: number | null; stderr: string; stdout: string }>((ok) =>
      execFile(nodeBin, ['--import', old, bin, '--help'], { env: { ...process.env, ...env }, encoding: 'utf8' }, (err, stdout, stderr) => ok({ code: err ? Number(err.code) : 0, stdout, stderr })),
    );
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^labtray: needs Node\.js 22\.19 or newer; this is v/);
    assert.equal(pkg.engines.node, '>=22.19', 'package.json "engines" says the same');
  });
});
