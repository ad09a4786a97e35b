#!/usr/bin/env node
// Draws LabTray's tray and app icons with Node alone (zlib + a small PNG and ICO
// writer), so they can be regenerated anywhere: `node scripts/make-icons.mjs`.
// Output is committed under resources/. Shapes are drawn as signed distances
// and supersampled 4×4 for anti-aliasing; the output is byte-for-byte stable.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'resources');

// ---------- PNG and ICO ----------
const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
/** RGBA bytes (straight alpha) → PNG file bytes. */
function encodePng(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}
/** ICO whose entries are PNGs (Windows Vista and later read these). */
function encodeIco(pngs) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(pngs.length, 4);
  let offset = 6 + 16 * pngs.length;
  const entries = pngs.map(({ size, data }) => {
    const e = Buffer.alloc(16);
    e[0] = size >= 256 ? 0 : size;
    e[1] = size >= 256 ? 0 : size;
    e.writeUInt16LE(1, 4); // planes
    e.writeUInt16LE(32, 6); // bits per pixel
    e.writeUInt32LE(data.length, 8);
    e.writeUInt32LE(offset, 12);
    offset += data.length;
    return e;
  });
  return Buffer.concat([header, ...entries, ...pngs.map((p) => p.data)]);
}

// ---------- drawing ----------
// A layer: `inside(x, y)` in unit coordinates (0..1, y down) and a colour [r,g,b,a], or null to cut a hole.
function render(size, layers) {
  const px = Buffer.alloc(size * size * 4);
  const ss = 4;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < ss; sy++) {
        for (let sx = 0; sx < ss; sx++) {
          const u = (x + (sx + 0.5) / ss) / size;
          const v = (y + (sy + 0.5) / ss) / size;
          let c = null;
          for (const l of layers) if (l.inside(u, v)) c = l.color;
          if (c) {
            const al = c[3] / 255;
            r += c[0] * al; g += c[1] * al; b += c[2] * al; a += al;
          }
        }
      }
      const i = (y * size + x) * 4;
      const n = ss * ss;
      if (a > 0) {
        px[i] = Math.round(r / a); px[i + 1] = Math.round(g / a); px[i + 2] = Math.round(b / a);
      }
      px[i + 3] = Math.round((a / n) * 255);
    }
  }
  return encodePng(size, px);
}

const disc = (cx, cy, r) => (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
const ring = (cx, cy, r0, r1, gapFrom = null, gapTo = null) => (x, y) => {
  const d = Math.hypot(x - cx, y - cy);
  if (d < r0 || d > r1) return false;
  if (gapFrom === null) return true;
  const ang = (Math.atan2(y - cy, x - cx) * 180) / Math.PI;
  return !(ang >= gapFrom && ang <= gapTo);
};
function segment(x1, y1, x2, y2, w) {
  return (x, y) => {
    const dx = x2 - x1, dy = y2 - y1;
    const t = Math.max(0, Math.min(1, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)));
    return Math.hypot(x - (x1 + t * dx), y - (y1 + t * dy)) <= w;
  };
}
const rect = (x0, y0, x1, y1, rad) => (x, y) => {
  const qx = Math.max(x0 + rad - x, 0, x - (x1 - rad));
  const qy = Math.max(y0 + rad - y, 0, y - (y1 - rad));
  return qx * qx + qy * qy <= rad * rad && x >= x0 && x <= x1 && y >= y0 && y <= y1;
};
const any = (...fs) => (x, y) => fs.some((f) => f(x, y));

// Glyphs in the middle of the status disc; each state differs in shape as well
// as colour, so the macOS monochrome template and colour-blind users can tell them apart.
const glyphs = {
  ok: segment(0.3, 0.52, 0.44, 0.66, 0.06),
  warn: any(segment(0.5, 0.26, 0.5, 0.56, 0.065), disc(0.5, 0.72, 0.07)),
  crit: any(segment(0.33, 0.33, 0.67, 0.67, 0.065), segment(0.67, 0.33, 0.33, 0.67, 0.065)),
  unknown: segment(0.32, 0.5, 0.68, 0.5, 0.065),
  paused: any(rect(0.34, 0.3, 0.45, 0.7, 0.02), rect(0.55, 0.3, 0.66, 0.7, 0.02)),
  busy: ring(0.5, 0.5, 0.17, 0.27, -90, 0),
};
glyphs.ok = any(glyphs.ok, segment(0.44, 0.66, 0.7, 0.36, 0.06));

const colours = {
  ok: [46, 158, 91, 255],
  warn: [224, 161, 0, 255],
  crit: [217, 63, 63, 255],
  unknown: [138, 143, 152, 255],
  paused: [91, 112, 131, 255],
  busy: [47, 125, 225, 255],
};
const white = [255, 255, 255, 255];
const black = [0, 0, 0, 255];

function write(rel, data) {
  const p = join(out, rel);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, data);
}

const body = disc(0.5, 0.5, 0.45);
for (const [state, colour] of Object.entries(colours)) {
  const colourLayers = [{ inside: body, color: colour }, { inside: glyphs[state], color: white }];
  const templateLayers = [{ inside: body, color: black }, { inside: glyphs[state], color: null }];
  write(`tray/${state}.png`, render(16, colourLayers));
  write(`tray/${state}@2x.png`, render(32, colourLayers));
  write(`tray/${state}Template.png`, render(16, templateLayers));
  write(`tray/${state}Template@2x.png`, render(32, templateLayers));
  write(`tray/${state}.ico`, encodeIco([16, 20, 24, 32, 40, 48].map((size) => ({ size, data: render(size, colourLayers) }))));
}
// Small status dots for menu items.
for (const state of ['ok', 'warn', 'crit', 'unknown']) {
  const layers = [{ inside: disc(0.5, 0.5, 0.28), color: colours[state] }];
  write(`tray/dot-${state}.png`, render(16, layers));
  write(`tray/dot-${state}@2x.png`, render(32, layers));
}

// App icon: a small rack of three machines, their lights green, on a dark rounded square.
const appLayers = [
  { inside: rect(0.06, 0.06, 0.94, 0.94, 0.2), color: [31, 41, 55, 255] },
  ...[0.24, 0.44, 0.64].flatMap((y) => [
    { inside: rect(0.2, y, 0.8, y + 0.13, 0.035), color: [203, 213, 225, 255] },
    { inside: disc(0.3, y + 0.065, 0.035), color: colours.ok },
    { inside: rect(0.42, y + 0.05, 0.7, y + 0.08, 0.015), color: [100, 116, 139, 255] },
  ]),
  { inside: rect(0.2, 0.82, 0.8, 0.845, 0.012), color: [100, 116, 139, 255] },
];
write('icon.png', render(512, appLayers));
write('icon-256.png', render(256, appLayers));
write('icon.ico', encodeIco([16, 24, 32, 48, 64, 128, 256].map((size) => ({ size, data: render(size, appLayers) }))));
console.log(`icons written to ${out}`);
