// Draws the extension's icon, media/icon.png (128×128): a hidden-state heatmap, units by tokens,
// in the inspector's diverging blue–red, with one unit's line across it. Written with Node's
// zlib only (a PNG is a few chunks around deflated rows), so the icon is rebuilt from this file;
// test/unit/package.test.ts checks that the committed icon is what this script draws.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

export const SIZE = 128;

/** RGBA pixels of the icon, row by row. */
export function iconPixels() {
  const px = new Uint8Array(SIZE * SIZE * 4);
  const bg = [30, 30, 30];
  const blue = [55, 148, 255];
  const red = [241, 76, 76];
  const mix = (a, b, f) => a.map((x, i) => Math.round(x + (b[i] - x) * f));
  const cells = 7,
    pad = 12,
    gap = 2;
  const cell = (SIZE - 2 * pad - (cells - 1) * gap) / cells;
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const o = (y * SIZE + x) * 4;
      // rounded square background
      const r = 20,
        cx = Math.min(Math.max(x, r), SIZE - 1 - r),
        cy = Math.min(Math.max(y, r), SIZE - 1 - r);
      const inside = (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
      let c = bg;
      const gx = (x - pad) / (cell + gap),
        gy = (y - pad) / (cell + gap);
      const ix = Math.floor(gx),
        iy = Math.floor(gy);
      if (ix >= 0 && iy >= 0 && ix < cells && iy < cells && x - pad - ix * (cell + gap) < cell && y - pad - iy * (cell + gap) < cell) {
        // a unit's value after a token: smooth waves, as gated units tend to look
        const v = Math.tanh(1.6 * Math.sin(0.9 * ix + 1.7 * iy) + 0.8 * Math.cos(1.3 * ix - 0.6 * iy));
        c = v >= 0 ? mix(bg, red, v) : mix(bg, blue, -v);
      }
      // one unit plotted over the tokens: a white line
      const t = (x - pad) / (SIZE - 2 * pad);
      const ly = SIZE / 2 + 30 * Math.sin(2 * Math.PI * t * 1.2 + 0.5) * Math.exp(-t);
      if (t >= 0 && t <= 1 && Math.abs(y - ly) < 2.2) c = [240, 240, 240];
      px.set([...c, inside ? 255 : 0], o);
    }
  }
  return px;
}

function crc32(buf) {
  let c,
    crc = 0xffffffff;
  for (let n = 0; n < buf.length; n++) {
    c = (crc ^ buf[n]) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

export function encodePng(px, width, height) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  const rows = Buffer.alloc(height * (width * 4 + 1));
  for (let y = 0; y < height; y++) rows.set(px.subarray(y * width * 4, (y + 1) * width * 4), y * (width * 4 + 1) + 1);
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'media', 'icon.png');
  fs.writeFileSync(out, encodePng(iconPixels(), SIZE, SIZE));
  console.log(`wrote ${out}`);
}
