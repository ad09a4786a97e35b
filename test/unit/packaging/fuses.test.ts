import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parse } from 'yaml';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import afterPack, { electronBinary } from '../../../scripts/after-pack.mjs';

/**
 * No Electron binary can be downloaded here, so each test writes a stand-in
 * that carries Electron's fuse wire (the sentinel, version 1, eight fuses in
 * Electron's default states) between other bytes, and the real hook flips it.
 */
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const ON = 0x31;
const OFF = 0x30;
// Electron's defaults: RunAsNode on, cookie encryption off, NODE_OPTIONS on, --inspect on, asar integrity off, only-asar off, browser V8 snapshot off, file:// privileges on.
const defaults = [ON, OFF, ON, ON, OFF, OFF, OFF, ON];

const dir = mkdtempSync(join(tmpdir(), 'labtray-fuses-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function fakeElectron(path: string): Buffer {
  mkdirSync(dirname(path), { recursive: true });
  const bytes = Buffer.concat([Buffer.from('\x7fELF…the browser process…'), Buffer.from(SENTINEL), Buffer.from([1, defaults.length, ...defaults]), Buffer.from('…more code')]);
  writeFileSync(path, bytes);
  return bytes;
}

const context = (platform: string, out: string) => ({
  appOutDir: out,
  electronPlatformName: platform,
  packager: { appInfo: { productFilename: 'LabTray' }, executableName: 'labtray' },
});

const wire = async (path: string): Promise<number[]> => {
  const w = (await getCurrentFuseWire(path)) as unknown as Record<number, number>;
  return defaults.map((_, i) => w[i]);
};

describe('packaging: the afterPack hook flips Electron fuses', () => {
  it('sets exactly RunAsNode, NODE_OPTIONS and --inspect off, only-from-asar and asar integrity on; every other fuse keeps its default', async () => {
    const out = join(dir, 'linux-unpacked');
    const before = fakeElectron(join(out, 'labtray'));
    await afterPack(context('linux', out));
    const now = await wire(join(out, 'labtray'));
    const expected = [...defaults];
    expected[FuseV1Options.RunAsNode] = OFF;
    expected[FuseV1Options.EnableNodeOptionsEnvironmentVariable] = OFF;
    expected[FuseV1Options.EnableNodeCliInspectArguments] = OFF;
    expected[FuseV1Options.OnlyLoadAppFromAsar] = ON;
    expected[FuseV1Options.EnableEmbeddedAsarIntegrityValidation] = ON;
    assert.deepEqual(now, expected);
    const changed = now.flatMap((v, i) => (v !== defaults[i] ? [FuseV1Options[i]] : [])).sort();
    assert.deepEqual(changed, ['EnableEmbeddedAsarIntegrityValidation', 'EnableNodeCliInspectArguments', 'EnableNodeOptionsEnvironmentVariable', 'OnlyLoadAppFromAsar', 'RunAsNode']);
    const after = readFileSync(join(out, 'labtray'));
    assert.equal(after.length, before.length, 'only fuse bytes change');
    assert.equal(after.filter((b, i) => b !== before[i]).length, 5);
  });

  it('finds the binary on each platform: LabTray.exe on Windows, the framework inside LabTray.app on macOS', async () => {
    assert.equal(electronBinary(context('win32', '/out/win-unpacked')), join('/out/win-unpacked', 'LabTray.exe'));
    assert.equal(electronBinary(context('linux', '/out/linux-unpacked')), join('/out/linux-unpacked', 'labtray'));
    const win = join(dir, 'win-unpacked');
    fakeElectron(join(win, 'LabTray.exe'));
    await afterPack(context('win32', win));
    assert.equal((await wire(join(win, 'LabTray.exe')))[FuseV1Options.RunAsNode], OFF);
    const mac = join(dir, 'mac-arm64');
    const framework = join(mac, 'LabTray.app', 'Contents', 'Frameworks', 'Electron Framework.framework', 'Electron Framework');
    fakeElectron(framework);
    await afterPack(context('darwin', mac));
    assert.equal((await wire(join(mac, 'LabTray.app')))[FuseV1Options.OnlyLoadAppFromAsar], ON);
  });

  it('is the afterPack hook of the packaging config, with the app packed in an asar', () => {
    const config = parse(readFileSync('electron-builder.yml', 'utf8')) as { afterPack?: string; asar?: boolean };
    assert.equal(config.afterPack, './scripts/after-pack.mjs');
    assert.equal(config.asar, true);
  });

  it('fails the build loudly when the binary has no fuse wire', async () => {
    const out = join(dir, 'broken');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'labtray'), 'not electron');
    await assert.rejects(afterPack(context('linux', out)), /Could not find sentinel/);
  });
});
