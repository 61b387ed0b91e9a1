import { inflateSync } from 'node:zlib';

/**
 * An organisation's logo, checked before it is stored: it is drawn into every document (PDF,
 * DOCX, preview), so a file the renderers cannot draw would break every generation after it.
 * Only PNG and JPEG, recognised by their magic numbers (never by a declared type or name), with
 * dimensions read from the file itself. SVG is refused: it can carry script and external
 * references, and neither pdfkit nor Word draws it without a rasteriser.
 */

export const LOGO_MAX_BYTES = 512 * 1024;
const MIN_SIDE = 16;
const MAX_SIDE = 4000;

export type LogoContentType = 'image/png' | 'image/jpeg';

export interface CheckedLogo {
  contentType: LogoContentType;
  width: number;
  height: number;
  bytes: Uint8Array;
}

export type LogoCheck = { ok: true; logo: CheckedLogo } | { ok: false; message: string };

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The logo as an API caller sends it: base64, or a data: URL of base64. */
export function decodeLogoText(text: string): Uint8Array | null {
  const data = text.trim().replace(/^data:[a-z+./-]*;base64,/i, '').replace(/\s+/g, '');
  if (data.length === 0 || data.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(data)) return null;
  return Buffer.from(data, 'base64');
}

export function checkLogo(bytes: Uint8Array): LogoCheck {
  if (bytes.byteLength === 0) return refuse('is empty');
  if (bytes.byteLength > LOGO_MAX_BYTES) {
    return refuse(`is ${Math.ceil(bytes.byteLength / 1024)} KB; a logo may be at most ${LOGO_MAX_BYTES / 1024} KB`);
  }
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const checked = startsWith(buf, PNG_SIGNATURE) ? checkPng(buf) : startsWith(buf, [0xff, 0xd8, 0xff]) ? checkJpeg(buf) : null;
  if (checked === null) {
    return refuse(looksLikeSvg(buf)
      ? 'is an SVG image: SVG logos are not accepted (they can carry script, and PDF and Word cannot draw them as they are). Export it as PNG, about 600 pixels wide, and upload that'
      : 'is neither a PNG nor a JPEG image (its first bytes say so, whatever its name)');
  }
  if (typeof checked === 'string') return refuse(checked);
  const { width, height } = checked;
  if (width < MIN_SIDE || height < MIN_SIDE) return refuse(`is ${width}×${height} pixels; each side must be at least ${MIN_SIDE}`);
  if (width > MAX_SIDE || height > MAX_SIDE) return refuse(`is ${width}×${height} pixels; each side must be at most ${MAX_SIDE}`);
  return { ok: true, logo: { ...checked, bytes: new Uint8Array(buf) } };
}

function refuse(message: string): LogoCheck {
  return { ok: false, message };
}

function startsWith(buf: Buffer, prefix: number[]): boolean {
  return buf.length >= prefix.length && prefix.every((b, i) => buf[i] === b);
}

function looksLikeSvg(buf: Buffer): boolean {
  const head = buf.subarray(0, 1024).toString('utf8').replace(/^\uFEFF/, '').trimStart().toLowerCase();
  return head.startsWith('<?xml') || head.startsWith('<svg') || head.startsWith('<!doctype svg') || head.includes('<svg');
}

const PNG_CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/**
 * Walks the chunks and inflates the image data: the renderers decode it later, off the request,
 * where a broken stream would fail every document instead of this one upload.
 */
function checkPng(buf: Buffer): Omit<CheckedLogo, 'bytes'> | string {
  let offset = 8;
  let header: { width: number; height: number; bitDepth: number; colourType: number; interlace: number } | undefined;
  const data: Buffer[] = [];
  let ended = false;
  while (offset + 8 <= buf.length) {
    const length = buf.readUInt32BE(offset);
    const type = buf.toString('latin1', offset + 4, offset + 8);
    const start = offset + 8;
    if (start + length + 4 > buf.length) return 'is a damaged PNG (a chunk runs past the end of the file)';
    const body = buf.subarray(start, start + length);
    if (header === undefined && type !== 'IHDR') return 'is a damaged PNG (no header)';
    if (type === 'IHDR') {
      if (length !== 13) return 'is a damaged PNG (bad header)';
      header = { width: body.readUInt32BE(0), height: body.readUInt32BE(4), bitDepth: body[8]!, colourType: body[9]!, interlace: body[12]! };
    } else if (type === 'IDAT') {
      data.push(body);
    } else if (type === 'IEND') {
      ended = true;
      break;
    }
    offset = start + length + 4;
  }
  if (header === undefined || !ended || data.length === 0) return 'is a damaged PNG (it ends early)';
  const { width, height, bitDepth, colourType, interlace } = header;
  const channels = PNG_CHANNELS[colourType];
  if (channels === undefined) return 'is a damaged PNG (unknown colour type)';
  if (bitDepth > 8) return 'is a 16-bit PNG; save it with 8 bits per channel';
  if (interlace !== 0) return 'is an interlaced PNG; save it without interlacing';
  if (width < MIN_SIDE || height < MIN_SIDE || width > MAX_SIDE || height > MAX_SIDE) return { contentType: 'image/png', width, height };
  const expected = height * (1 + Math.ceil((width * channels * bitDepth) / 8));
  try {
    const pixels = inflateSync(Buffer.concat(data), { maxOutputLength: expected + 1 });
    if (pixels.length !== expected) return 'is a damaged PNG (its image data does not match its size)';
  } catch {
    return 'is a damaged PNG (its image data cannot be read)';
  }
  return { contentType: 'image/png', width, height };
}

/** Reads the frame header (SOFn) that precedes the image data. */
function checkJpeg(buf: Buffer): Omit<CheckedLogo, 'bytes'> | string {
  let offset = 2;
  while (offset + 4 <= buf.length) {
    if (buf[offset] !== 0xff) return 'is a damaged JPEG (a segment does not start where it should)';
    const marker = buf[offset + 1]!;
    if (marker === 0xff) {
      offset++;
      continue;
    }
    // Markers without a length.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      offset += 2;
      continue;
    }
    const length = buf.readUInt16BE(offset + 2);
    if (length < 2 || offset + 2 + length > buf.length) return 'is a damaged JPEG (a segment runs past the end of the file)';
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) {
      if (length < 8) return 'is a damaged JPEG (bad frame header)';
      const components = buf[offset + 9];
      if (components !== 1 && components !== 3 && components !== 4) return 'is a JPEG with an unusual colour model; save it as RGB';
      return { contentType: 'image/jpeg', height: buf.readUInt16BE(offset + 5), width: buf.readUInt16BE(offset + 7) };
    }
    if (marker === 0xda || marker === 0xd9) break;
    offset += 2 + length;
  }
  return 'is a damaged JPEG (no frame header before the image data)';
}
