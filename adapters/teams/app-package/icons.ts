import { crc32, deflateSync } from 'node:zlib';

type Rgba = [number, number, number, number];
const ACCENT: Rgba = [0x2f, 0x5d, 0xa8, 0xff];
const WHITE: Rgba = [0xff, 0xff, 0xff, 0xff];
const CLEAR: Rgba = [0, 0, 0, 0];

/**
 * The app package's two icons, drawn here so the package needs no image files: the colour icon
 * (192×192, a speech bubble on the accent colour) and the outline icon (32×32, white on transparent,
 * as Teams requires).
 */
export function colorIcon(): Buffer {
  return png(192, (x, y) => (inBubble(x / 192, y / 192) ? WHITE : ACCENT));
}

export function outlineIcon(): Buffer {
  return png(32, (x, y) => (inBubble(x / 32, y / 32) ? WHITE : CLEAR));
}

export const ACCENT_COLOR = '#2F5DA8';

/** A rounded speech bubble with a tail, in unit coordinates. */
function inBubble(u: number, v: number): boolean {
  const [left, right, top, bottom, radius] = [0.15, 0.85, 0.2, 0.68, 0.12];
  // Inside a rounded rectangle: within `radius` of the rectangle shrunk by `radius`.
  const cx = Math.min(Math.max(u, left + radius), right - radius);
  const cy = Math.min(Math.max(v, top + radius), bottom - radius);
  const body = Math.hypot(u - cx, v - cy) <= radius;
  const tail = v >= bottom - 0.01 && v <= 0.85 && u >= 0.3 && u <= 0.3 + (0.85 - v) * 1.2;
  return body || tail;
}

function png(size: number, pixel: (x: number, y: number) => Rgba): Buffer {
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    const row = y * (size * 4 + 1);
    for (let x = 0; x < size; x++) Buffer.from(pixel(x + 0.5, y + 0.5)).copy(rows, row + 1 + x * 4);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(6, 9); // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}
