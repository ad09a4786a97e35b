import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { parse } from 'yaml';
import { cliArguments } from '../../../electron/main/cli-mode';

const root = resolve(import.meta.dirname, '../../..');
const yaml = (path: string): Record<string, unknown> => parse(readFileSync(join(root, path), 'utf8')) as Record<string, unknown>;

interface Step {
  name?: string;
  run?: string;
  uses?: string;
  if?: string;
}

/** The release workflow cannot run here: it is read as GitHub would, and what it names must exist. */
describe('release workflow (.github/workflows/release.yml)', () => {
  const wf = yaml('.github/workflows/release.yml') as { on: { push: { tags: string[] } }; permissions: Record<string, string>; jobs: Record<string, { strategy: { matrix: { include: { os: string; platform: string }[] } }; steps: Step[] }> };
  const job = wf.jobs.build;
  const runs = job.steps.flatMap((s) => (s.run ? [s.run] : []));

  it('runs on version tags only, and may write releases', () => {
    assert.deepEqual(wf.on.push.tags, ['v*']);
    assert.equal(Object.keys(wf.on).length, 1);
    assert.equal(wf.permissions.contents, 'write');
  });

  it('builds on Windows, macOS and Linux runners, each for its own platform', () => {
    const m = job.strategy.matrix.include;
    assert.deepEqual(m.map((x) => x.platform).sort(), ['--linux', '--mac', '--win']);
    assert.ok(m.find((x) => x.platform === '--win')?.os.startsWith('windows'));
    assert.ok(m.find((x) => x.platform === '--mac')?.os.startsWith('macos'));
    assert.ok(m.find((x) => x.platform === '--linux')?.os.startsWith('ubuntu'));
  });

  it('installs from the lock file, builds, then packages without uploading', () => {
    const order = ['npm ci', 'npm run build', 'electron-builder ${{ matrix.platform }} --publish never'].map((cmd) => runs.findIndex((r) => r.includes(cmd)));
    assert.ok(order.every((i) => i >= 0), `every step is there: ${order.join(', ')}`);
    assert.deepEqual([...order].sort((a, b) => a - b), order, 'in this order');
  });

  it('starts the Linux build under Xvfb with --smoke before anything is uploaded', () => {
    const smoke = job.steps.findIndex((s) => s.run?.includes('--smoke'));
    const upload = job.steps.findIndex((s) => s.run?.includes('gh release upload'));
    assert.ok(smoke >= 0 && upload > smoke);
    assert.match(job.steps[smoke].run ?? '', /xvfb-run [^\n]*dist\/linux-unpacked\/labtray --smoke/);
    assert.match(job.steps[smoke].if ?? '', /runner\.os == 'Linux'/);
    // The executable the smoke step runs is the one electron-builder names for Linux.
    assert.equal((yaml('electron-builder.yml').linux as { executableName: string }).executableName, 'labtray');
  });

  it('uploads the installers and the update metadata to a draft release', () => {
    const upload = runs.find((r) => r.includes('gh release upload')) ?? '';
    for (const f of ['*.exe', '*.dmg', '*.zip', '*.AppImage', '*.deb', '*.blockmap', 'latest*.yml']) assert.ok(upload.includes(`dist/${f}`), `uploads dist/${f}`);
    assert.match(upload, /gh release create "\$TAG" --draft/);
  });

  it('names only scripts and files that exist', () => {
    const named = runs.flatMap((r) => [...r.matchAll(/\b((?:scripts|out\/cli|resources)\/[\w./-]+)/g)].map((m) => m[1]));
    assert.ok(named.length > 0);
    for (const path of named) {
      // out/ is built by the workflow's own build step.
      const source = path.startsWith('out/cli/') ? 'scripts/build-cli.mjs' : path;
      assert.ok(existsSync(join(root, source)), `${path} exists`);
    }
    for (const s of job.steps) if (s.uses) assert.match(s.uses, /^actions\/[\w-]+@v\d+$/, 'only GitHub’s own actions, pinned to a major version');
  });
});

describe('electron-builder.yml', () => {
  const cfg = yaml('electron-builder.yml') as Record<string, Record<string, unknown>> & { publish: { provider: string; releaseType: string } };

  it('publishes to GitHub releases as drafts (electron-updater reads the same)', () => {
    assert.equal(cfg.publish.provider, 'github');
    assert.equal(cfg.publish.releaseType, 'draft');
  });

  it('names only files that exist: the after-pack hook, the NSIS include, every copied file', () => {
    const froms = [cfg.win.extraFiles, cfg.mac.extraResources].flatMap((x) => (x as { from: string }[]).map((e) => e.from));
    for (const path of [String(cfg.afterPack), String(cfg.nsis.include), ...froms]) assert.ok(existsSync(join(root, path)), `${path} exists`);
  });

  it('Windows notifications carry the app id; macOS says why it uses the local network', async () => {
    const { APP_USER_MODEL_ID } = await import('../../../electron/main/app-id');
    assert.equal(cfg.appId, APP_USER_MODEL_ID);
    assert.match(String((cfg.mac.extendInfo as Record<string, unknown>).NSLocalNetworkUsageDescription), /local network/);
  });

  it('builds the zip macOS updates install from, next to the dmg', () => {
    const targets = (cfg.mac.target as { target: string }[]).map((t) => t.target);
    assert.deepEqual(targets.sort(), ['dmg', 'zip']);
  });

  it('the Windows shim passes every argument to LabTray.exe --cli, with CRLF line ends', () => {
    const text = readFileSync(join(root, 'resources/cli/labtray.cmd'), 'utf8');
    assert.match(text, /^"%~dp0LabTray\.exe" --cli %\*\r$/m);
    assert.ok(!/[^\r]\n/.test(text), 'every line ends in CRLF');
    const nsh = readFileSync(join(root, 'resources/installer.nsh'), 'utf8');
    assert.match(nsh, /!macro customInstall[\s\S]*\$LOCALAPPDATA\\Microsoft\\WindowsApps\\labtray\.cmd[\s\S]*!macroend/);
    assert.match(nsh, /!macro customUnInstall[\s\S]*Delete "\$LOCALAPPDATA\\Microsoft\\WindowsApps\\labtray\.cmd"[\s\S]*!macroend/);
  });
});

describe('the macOS shim (Contents/Resources/bin/labtray), run by /bin/sh', () => {
  const dir = mkdtempSync(join(tmpdir(), 'labtray-shim-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('is executable, and through a chain of links starts the app’s executable with --cli and the arguments as given', () => {
    const shim = join(root, 'resources/cli/labtray');
    assert.ok(statSync(shim).mode & 0o111, 'executable');
    // A bundle laid out as electron-builder does, with a stand-in executable that records its arguments.
    const app = join(dir, 'Applications/Lab Tray.app/Contents');
    mkdirSync(join(app, 'Resources/bin'), { recursive: true });
    mkdirSync(join(app, 'MacOS'));
    writeFileSync(join(app, 'Resources/bin/labtray'), readFileSync(shim));
    chmodSync(join(app, 'Resources/bin/labtray'), 0o755);
    writeFileSync(join(app, 'MacOS/LabTray'), `#!/bin/sh\nfor a in "$@"; do printf '[%s]' "$a"; done\nexit 3\n`);
    chmodSync(join(app, 'MacOS/LabTray'), 0o755);
    mkdirSync(join(dir, 'usr/local/bin'), { recursive: true });
    mkdirSync(join(dir, 'links'));
    symlinkSync(join(app, 'Resources/bin/labtray'), join(dir, 'links/labtray'));
    // A relative link to a link, as a user's own ~/bin might hold.
    symlinkSync('../../../links/labtray', join(dir, 'usr/local/bin/labtray'));
    const r = spawnSync(join(dir, 'usr/local/bin/labtray'), ['vm', 'start', 'home/101', '--note', 'two words'], { encoding: 'utf8', cwd: tmpdir() });
    assert.equal(r.stdout, '[--cli][vm][start][home/101][--note][two words]');
    assert.equal(r.status, 3, 'the command’s exit code comes back');
  });
});

describe('cliArguments: when the app’s own executable runs the command', () => {
  it('--cli from the Windows and macOS shims: everything after it', () => {
    assert.deepEqual(cliArguments(['C:\\LabTray\\LabTray.exe', '--cli', 'status', '--json'], false), ['status', '--json']);
    assert.deepEqual(cliArguments(['/x/LabTray', '--cli'], false), []);
  });
  it('a command name first (the deb’s /usr/bin/labtray link): the arguments as they are', () => {
    assert.deepEqual(cliArguments(['/usr/bin/labtray', 'wake', 'gtr5'], false), ['wake', 'gtr5']);
    assert.deepEqual(cliArguments(['/usr/bin/labtray', '--help'], false), ['--help']);
    assert.deepEqual(cliArguments(['electron', '.', 'doctor'], true), ['doctor']);
  });
  it('anything else starts the app: no arguments, its own switches, a name that is no command', () => {
    assert.equal(cliArguments(['/usr/bin/labtray'], false), null);
    assert.equal(cliArguments(['/usr/bin/labtray', '--hidden'], false), null);
    assert.equal(cliArguments(['/usr/bin/labtray', '--smoke'], false), null);
    assert.equal(cliArguments(['electron', '.', '--demo'], true), null);
    assert.equal(cliArguments(['/usr/bin/labtray', 'statuss'], false), null);
  });
});
