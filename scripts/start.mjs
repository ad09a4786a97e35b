// `npm start` / `npm run demo`: builds, then runs LabTray in Electron when its
// binary is there and runs; otherwise it says why in one sentence and serves
// the same app in the browser preview (the renderer bridged to the core),
// printing the URL. Options: --demo, --config FILE, --port N (the preview),
// --no-build (use out/ as it is).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(import.meta.dirname, '..');
const require = createRequire(join(root, 'package.json'));

/** First line of a program's complaint, for the one sentence. */
function firstLine(text) {
  return String(text ?? '').split('\n').map((l) => l.trim()).find(Boolean) ?? '';
}

/**
 * The Electron binary's path, or why it cannot be used. `require('electron')`
 * tries a download when the file is missing, so that case is seen first.
 */
export function findElectron(env = process.env) {
  let pkgDir;
  try {
    pkgDir = dirname(require.resolve('electron/package.json'));
  } catch {
    return { problem: 'the electron package is not installed' };
  }
  const pathFile = join(pkgDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8') : null;
  if (!env.ELECTRON_OVERRIDE_DIST_PATH && (relative === null || !existsSync(join(pkgDir, 'dist', relative)))) {
    return { problem: "its binary was never downloaded (an offline install, or ELECTRON_SKIP_BINARY_DOWNLOAD)" };
  }
  let path;
  try {
    path = require('electron');
  } catch (err) {
    return { problem: firstLine(err.message) };
  }
  if (typeof path !== 'string' || !existsSync(path)) return { problem: `its binary is missing (${path})` };
  const childEnv = { ...env };
  delete childEnv.ELECTRON_RUN_AS_NODE;
  // Without a display Electron may still answer --version; only a failure here counts.
  const r = spawnSync(path, ['--version'], { env: childEnv, encoding: 'utf8', timeout: 15_000 });
  if (r.error) return { problem: `it does not run (${r.error.code === 'ETIMEDOUT' ? 'no answer to --version in 15 s' : r.error.message})` };
  if (r.status !== 0) return { problem: `it does not run (${firstLine(r.stderr) || `--version exited ${r.status ?? r.signal}`})` };
  return { path, version: r.stdout.trim() };
}

/** Runs a child with this terminal, passing Ctrl-C and SIGTERM on; resolves with its exit code. */
function run(cmd, args, env = process.env) {
  return new Promise((done) => {
    const child = spawn(cmd, args, { cwd: root, env, stdio: 'inherit' });
    const forward = (signal) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('error', (err) => {
      console.error(`labtray start: ${cmd}: ${err.message}`);
      done(1);
    });
    child.on('close', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      done(code ?? (signal ? 1 : 0));
    });
  });
}

async function main(argv) {
  const build = !argv.includes('--no-build');
  const args = argv.filter((a) => a !== '--no-build');
  const electron = findElectron();
  if (build) {
    const code = await run(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build']);
    if (code !== 0) return code;
  }
  if (electron.path) return run(electron.path, ['.', ...args]);
  console.log(`LabTray: Electron cannot run here because ${electron.problem}, so the same app opens in the browser preview instead: open the URL below.`);
  return run(process.execPath, ['--import', 'tsx', join(root, 'electron/preview/index.ts'), ...args]);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = await main(process.argv.slice(2));
}
