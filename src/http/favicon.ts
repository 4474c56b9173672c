/**
 * The emulator's icon, served at /favicon.ico (browsers ask for it on every page: the inspector,
 * GraphiQL, the checkout page) instead of a 404. A 32×32 PNG inside an ICO container, drawn here
 * (a rounded square with a white check mark): no file to ship, nothing fetched.
 */
import { deflateSync } from 'node:zlib';

const SIZE = 32;

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/** Distance from point p to the segment a-b. */
function toSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

function png(): Buffer {
  const rows: Buffer[] = [];
  for (let y = 0; y < SIZE; y++) {
    const row = Buffer.alloc(1 + SIZE * 4); // filter byte 0, then RGBA
    for (let x = 0; x < SIZE; x++) {
      const cx = x + 0.5;
      const cy = y + 0.5;
      // rounded square (radius 7)
      const qx = Math.max(Math.abs(cx - 16) - 9, 0);
      const qy = Math.max(Math.abs(cy - 16) - 9, 0);
      const inside = Math.hypot(qx, qy) <= 7;
      // a check mark, 3 px wide
      const check = Math.min(toSegment(cx, cy, 9, 16.5, 14, 21.5), toSegment(cx, cy, 14, 21.5, 23, 11)) <= 1.8;
      const [r, g, b, a] = !inside ? [0, 0, 0, 0] : check ? [255, 255, 255, 255] : [56, 87, 214, 255];
      row.set([r, g, b, a], 1 + x * 4);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(SIZE, 0);
  header.writeUInt32BE(SIZE, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8 bits, RGBA, deflate, no filter method, no interlace
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}

let icon: Buffer | undefined;

/** The ICO file: one 32×32 PNG image. */
export function faviconIco(): Buffer {
  if (icon) return icon;
  const image = png();
  const dir = Buffer.alloc(6 + 16);
  dir.writeUInt16LE(0, 0); // reserved
  dir.writeUInt16LE(1, 2); // type: icon
  dir.writeUInt16LE(1, 4); // one image
  dir.set([SIZE, SIZE, 0, 0], 6); // width, height, palette, reserved
  dir.writeUInt16LE(1, 10); // colour planes
  dir.writeUInt16LE(32, 12); // bits per pixel
  dir.writeUInt32LE(image.length, 14);
  dir.writeUInt32LE(6 + 16, 18); // offset of the image
  icon = Buffer.concat([dir, image]);
  return icon;
}
