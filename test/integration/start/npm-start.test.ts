import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { nodeBin } from '../../helpers/module-trace';

const root = resolve(import.meta.dirname, '../../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };

interface Started {
  child: ChildProcess;
  out: () => string;
  exited: Promise<number | null>;
}

/**
 * What `npm start -- --no-build` runs (the build is the suite's own step), with
 * the Electron binary the electron package reports pointed at a folder of the
 * test's choosing (ELECTRON_OVERRIDE_DIST_PATH): empty, a binary that cannot
 * run, or a stand-in that records how it was started.
 */
function npmStart(electronDist: string, home: string, args: string[] = []): Started {
  const script = pkg.scripts.start.replace(/^node /, '').split(' ');
  let out = '';
  const child = spawn(nodeBin, [...script, '--no-build', ...args], {
    cwd: root,
    env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: electronDist, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), LABTRAY_CONFIG: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: a failed test can stop the launcher and the preview it started together.
    detached: true,
  });
  child.stdout?.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<number | null>((ok) => child.on('close', (code) => ok(code)));
  return { child, out: () => out, exited };
}

async function waitFor(s: Started, pattern: RegExp, what: string): Promise<RegExpMatchArray> {
  for (;;) {
    const m = s.out().match(pattern);
    if (m) return m;
    const done = await Promise.race([s.exited.then(() => true), new Promise<false>((r) => setTimeout(() => r(false), 100))]);
    if (done) {
      const late = s.out().match(pattern);
      if (late) return late;
      assert.fail(`npm start ended before ${what}:\n${s.out()}`);
    }
  }
}

const sentence = /^LabTray: Electron cannot run here because (.+), so the same app opens in the browser preview instead: open the URL below\.$/m;

describe('npm start', () => {
  const dir = mkdtempSync(join(tmpdir(), 'labtray-start-'));
  const running: ChildProcess[] = [];
  after(() => {
    for (const c of running) {
      try {
        if (c.pid) process.kill(-c.pid, 'SIGKILL');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
      }
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('without the Electron binary says so in one sentence and serves the app in the browser preview', async () => {
    assert.ok(existsSync(join(root, 'out/renderer/index.html')), 'the renderer is built (npx electron-vite build)');
    const empty = join(dir, 'no-electron');
    mkdirSync(empty);
    const s = npmStart(empty, join(dir, 'home1'));
    running.push(s.child);
    const [, why] = await waitFor(s, sentence, 'the sentence');
    assert.match(why, /its binary is missing/);
    const [url] = await waitFor(s, /http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+/, 'the preview URL');
    assert.equal(s.out().match(new RegExp(sentence.source, 'gm'))?.length, 1, 'one sentence, no stack trace');
    assert.doesNotMatch(s.out(), /Electron uninstall|at .+:\d+:\d+\)/);
    const page = await fetch(url);
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /<div id="root"><\/div>/);
    assert.match(html, /<script type="module"[^>]+src="\.?\/assets\//, 'the built renderer, not a placeholder');
    // Ctrl-C in the terminal: the preview stops with it and its port closes.
    s.child.kill('SIGTERM');
    assert.equal(await s.exited, 0);
    await assert.rejects(fetch(url), 'nothing serves the preview any more');
  });

  it('with a binary that cannot run gives its complaint as the reason', async () => {
    const broken = join(dir, 'broken-electron');
    mkdirSync(broken);
    writeFileSync(join(broken, 'electron'), '#!/bin/sh\necho "electron: error while loading shared libraries: libgtk-3.so.0: cannot open shared object file" >&2\nexit 127\n');
    chmodSync(join(broken, 'electron'), 0o755);
    const s = npmStart(broken, join(dir, 'home2'));
    running.push(s.child);
    const [, why] = await waitFor(s, sentence, 'the sentence');
    assert.equal(why, 'it does not run (electron: error while loading shared libraries: libgtk-3.so.0: cannot open shared object file)');
    await waitFor(s, /LabTray preview: http:\/\/127\.0\.0\.1:\d+\//, 'the preview URL');
    // To the whole process group, as a terminal or a service manager sends it: the preview gets it twice (directly and
    // forwarded by the launcher) and still stops cleanly.
    process.kill(-s.child.pid!, 'SIGTERM');
    assert.equal(await s.exited, 0, s.out());
  });

  it('with a binary that runs starts Electron on the app, passing the options on', async () => {
    const stand = join(dir, 'electron-dist');
    mkdirSync(stand);
    const record = join(dir, 'started.txt');
    writeFileSync(join(stand, 'electron'), `#!/bin/sh\nif [ "$1" = "--version" ]; then echo v45.5.0; exit 0; fi\nprintf '%s\\n' "$PWD" "$@" > '${record}'\nexit 0\n`);
    chmodSync(join(stand, 'electron'), 0o755);
    const s = npmStart(stand, join(dir, 'home3'), ['--demo']);
    assert.equal(await s.exited, 0, s.out());
    assert.doesNotMatch(s.out(), /browser preview/);
    assert.deepEqual(readFileSync(record, 'utf8').trimEnd().split('\n'), [root, '.', '--demo']);
  });

  it('is what the README tells people to run first', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    assert.match(readme, /```sh\nnpm install && npm start /);
    assert.equal(pkg.scripts.start, 'node scripts/start.mjs');
  });
});
