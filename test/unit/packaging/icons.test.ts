import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';

const root = resolve(import.meta.dirname, '../../..');

/** The image sizes an .ico holds, from its directory (ICONDIR + ICONDIRENTRY; 0 means 256). */
function icoSizes(path: string): number[] {
  const b = readFileSync(path);
  assert.equal(b.readUInt16LE(0), 0, `${path}: reserved word`);
  assert.equal(b.readUInt16LE(2), 1, `${path}: type 1 (icon)`);
  const n = b.readUInt16LE(4);
  return Array.from({ length: n }, (_, i) => {
    const e = 6 + i * 16;
    const [w, h] = [b[e] || 256, b[e + 1] || 256];
    assert.equal(w, h, `${path}: square images`);
    const size = b.readUInt32LE(e + 8);
    const offset = b.readUInt32LE(e + 12);
    assert.ok(offset + size <= b.length, `${path}: image ${w} px lies inside the file`);
    assert.equal(b.subarray(offset, offset + 8).toString('latin1'), '\x89PNG\r\n\x1a\n', `${path}: image ${w} px is a PNG`);
    return w;
  });
}

describe('Windows tray icons', () => {
  for (const state of ['ok', 'warn', 'crit', 'unknown', 'busy', 'paused']) {
    it(`${state}.ico holds 16 to 48 px, with 20 and 40 px for 125 % and 250 % scaling`, () => {
      assert.deepEqual(icoSizes(join(root, 'resources/tray', `${state}.ico`)), [16, 20, 24, 32, 40, 48]);
    });
  }
});

describe('native modules', () => {
  it('are rebuilt for Electron on each OS, not shipped from the build machine', () => {
    const cfg = parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as { npmRebuild?: boolean };
    assert.notEqual(cfg.npmRebuild, false);
  });
});
