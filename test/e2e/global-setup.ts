import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

// The Lab needs Node 24 (@kubernetes/client-node); Playwright may run on an older Node, so the preview runs as a child.
const nodeBin = resolve('node_modules/.bin/node');

/** The built renderer the previews serve: out/renderer, or LABTRAY_PREVIEW_ROOT (a build of one's own, when several people share a working tree). */
export function rendererRoot(): string {
  return resolve(process.env.LABTRAY_PREVIEW_ROOT ?? 'out/renderer');
}

/** Starts `npm run preview -- --demo` and exposes its URL to the tests as LABTRAY_PREVIEW_URL. */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const root = rendererRoot();
  if (!existsSync(resolve(root, 'index.html'))) throw new Error(`${root} is missing: run \`npx electron-vite build\` before the e2e tests`);
  const child = spawn(existsSync(nodeBin) ? nodeBin : process.execPath, ['--import', 'tsx', 'electron/preview/index.ts', '--demo', '--root', root], { stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise<string>((ok, fail) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => fail(new Error(`the preview did not print its URL within 60 s\n${err}`)), 60_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = out.match(/(http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]+)/);
      if (m) {
        clearTimeout(timer);
        ok(m[1]);
      }
    });
    child.stderr?.on('data', (d: Buffer) => {
      err += d.toString();
      process.stderr.write(`[preview] ${d.toString()}`);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`the preview exited with ${code} before it was ready\n${err}`));
    });
  });
  process.env.LABTRAY_PREVIEW_URL = url;
  return () => stop(child);
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((ok) => {
    child.once('exit', () => ok());
    child.kill('SIGTERM');
  });
}
