/**
 * Listing photos for the demo data and the web journeys, made here so nothing binary is committed: a façade drawn as
 * a real PNG (sky, building, lit windows) in each property's colours (PDFs come from @freehold/dev-kit/pdf).
 */
import { deflateSync } from "node:zlib";

type Rgb = readonly [number, number, number];

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, "ascii");
  Buffer.from(data).copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

export interface Facade {
  wall: Rgb;
  sky: Rgb;
  /** Storeys drawn. */
  floors: number;
  /** Building width as a share of the picture. */
  width: number;
}

/** A 480x300 RGB PNG of a building. */
export function facadePng(facade: Facade, size = { width: 480, height: 300 }): Uint8Array<ArrayBuffer> {
  const { width, height } = size;
  const left = Math.round((width * (1 - facade.width)) / 2);
  const right = width - left;
  const top = Math.max(30, height - 30 - facade.floors * 42);
  const rows: number[] = [];
  for (let y = 0; y < height; y++) {
    rows.push(0);
    for (let x = 0; x < width; x++) {
      const ground = y > height - 30;
      const building = x > left && x < right && y > top && !ground;
      const window =
        building &&
        y > top + 12 &&
        y < height - 40 &&
        (x - left - 14) % 44 < 22 &&
        (y - top - 12) % 42 < 24 &&
        x < right - 14;
      const shade = y >> 4;
      const [r, g, b]: Rgb = ground
        ? [96, 104, 96]
        : window
          ? [243, 206, 128]
          : building
            ? [facade.wall[0] - shade, facade.wall[1] - shade, facade.wall[2] - shade]
            : [facade.sky[0] + (y >> 3), facade.sky[1] + (y >> 3), facade.sky[2]];
      rows.push(Math.max(0, Math.min(255, r)), Math.max(0, Math.min(255, g)), Math.max(0, Math.min(255, b)));
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk("IHDR", header),
      chunk("IDAT", deflateSync(Buffer.from(rows))),
      chunk("IEND", new Uint8Array()),
    ]),
  );
}
