import { crc32, deflateSync } from 'node:zlib';
import { qrMatrix, type EccLevel } from './qr-matrix.js';

/**
 * QR codes as 1-bit PNGs, drawn by both PDF renderers as images (crisp: `QR_PIXELS` per module, so that
 * viewers do not smooth them) rather than as one vector per module.
 */

/** pixels per module of the PNG, and the quiet zone in modules */
const QR_PIXELS = 6;
const QR_QUIET = 3;

/** A QR code as a 1-bit greyscale PNG: `QR_PIXELS` per module, a quiet zone of `QR_QUIET` modules. */
export function qrPng(text: string, eccLevel: string): Buffer {
  const { size: n, dark } = qrMatrix(text, eccLevel.toUpperCase() as EccLevel);
  const side = (n + 2 * QR_QUIET) * QR_PIXELS;
  const stride = Math.ceil(side / 8) + 1;
  const raw = Buffer.alloc(stride * side, 0xff);
  for (let y = 0; y < side; y++) raw[y * stride] = 0; // filter: none
  for (let my = 0; my < n; my++) {
    const first = (my + QR_QUIET) * QR_PIXELS * stride;
    for (let mx = 0; mx < n; mx++) {
      if (!dark[my * n + mx]) continue;
      for (let x = (mx + QR_QUIET) * QR_PIXELS, end = x + QR_PIXELS; x < end; x++)
        raw[first + 1 + (x >> 3)]! &= ~(0x80 >> (x & 7));
    }
    for (let dy = 1; dy < QR_PIXELS; dy++) raw.copy(raw, first + dy * stride, first, first + stride);
  }
  const chunk = (type: string, data: Buffer) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'latin1');
    const tail = Buffer.alloc(4);
    tail.writeUInt32BE(crc32(data, crc32(head.subarray(4))), 0);
    return Buffer.concat([head, data, tail]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(side, 0);
  ihdr.writeUInt32BE(side, 4);
  ihdr[8] = 1; // bit depth
  ihdr[9] = 0; // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 1 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
