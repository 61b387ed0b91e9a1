import { readFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { checkLogo, decodeLogoText } from '../../../src/records/organisation-logo.js';

/** A logo is checked by its bytes: magic number, parsed dimensions, and (PNG) image data that inflates to its size. */

const demo = readFileSync(new URL('../../../src/demo/demo-logo.png', import.meta.url));

function chunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  return out; // CRC left zero: the check does not rely on it
}
function png(width: number, height: number, { bitDepth = 8, interlace = 0, rows = height } = {}): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = bitDepth; header[9] = 2; header[12] = interlace;
  const raw = Buffer.alloc(rows * (1 + width * 3 * (bitDepth / 8)));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}
function jpeg(width: number, height: number): Buffer {
  const app0 = Buffer.from([0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]);
  const sof = Buffer.from([0xff, 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 255, width >> 8, width & 255, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app0, sof, Buffer.from([0xff, 0xd9])]);
}

describe('checkLogo', () => {
  it('accepts PNG and JPEG with the dimensions the file states', () => {
    expect(checkLogo(demo)).toMatchObject({ ok: true, logo: { contentType: 'image/png', width: 192, height: 192 } });
    expect(checkLogo(png(600, 200))).toMatchObject({ ok: true, logo: { contentType: 'image/png', width: 600, height: 200 } });
    expect(checkLogo(jpeg(640, 180))).toMatchObject({ ok: true, logo: { contentType: 'image/jpeg', width: 640, height: 180 } });
  });

  it.each([
    ['a PNG whose data is short of its size', png(100, 100, { rows: 50 }), /damaged PNG \(its image data does not match its size\)/],
    ['an interlaced PNG', png(100, 100, { interlace: 1 }), /interlaced PNG/],
    ['a 16-bit PNG', png(100, 100, { bitDepth: 16 }), /16-bit PNG/],
    ['a sliver', png(600, 8), /each side must be at least 16/],
    ['a poster', png(5000, 20, { rows: 1 }), /each side must be at most 4000/],
    ['a JPEG without a frame header', Buffer.from([0xff, 0xd8, 0xff, 0xd9]), /damaged JPEG/],
    ['SVG with a byte-order mark', Buffer.from('\uFEFF<svg xmlns="http://www.w3.org/2000/svg"/>'), /SVG logos are not accepted/],
    ['a GIF', Buffer.from('GIF89a'), /neither a PNG nor a JPEG/],
    ['nothing', Buffer.alloc(0), /is empty/],
  ])('refuses %s', (_what, bytes, message) => {
    const checked = checkLogo(bytes);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.message).toMatch(message);
  });
});

describe('decodeLogoText', () => {
  it('takes base64 or a data: URL, and nothing else', () => {
    expect(Buffer.from(decodeLogoText(demo.toString('base64'))!).equals(demo)).toBe(true);
    expect(Buffer.from(decodeLogoText(`data:image/png;base64,${demo.toString('base64')}`)!).equals(demo)).toBe(true);
    expect(decodeLogoText('not base64!')).toBeNull();
    expect(decodeLogoText('')).toBeNull();
  });
});
