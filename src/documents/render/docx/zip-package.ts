/**
 * The zip container of a .docx, with Node's own zlib: reading the package docx packed (once
 * per skeleton) and writing the finished one. Parts that do not change between documents keep
 * the bytes docx compressed, so only the written parts (the body, the notes, a few small XML
 * parts) are deflated per document — natively, which is 2–3× faster than fflate, what docx
 * packs with.
 */
import { promisify } from 'node:util';
import { crc32, deflateRaw, deflateRawSync, inflateRawSync } from 'node:zlib';

const deflateRawAsync = promisify(deflateRaw);

export interface ZipEntry {
  name: string;
  /** 0 = stored, 8 = deflated. */
  method: 0 | 8;
  crc: number;
  size: number;
  /** The entry's bytes as stored in the zip (compressed when method is 8). */
  data: Uint8Array;
}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL = 0x06054b50;
/** Bit 11: names are UTF-8. */
const UTF8_NAMES = 0x0800;
/** 1 January 1980, 00:00: a fixed date keeps the bytes reproducible. */
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

/** The entries of a zip file in its central directory's order (a zip docx wrote: no zip64, no encryption). */
export function readZip(zip: Uint8Array): ZipEntry[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let end = zip.byteLength - 22;
  while (end >= 0 && view.getUint32(end, true) !== END_OF_CENTRAL) end--;
  if (end < 0) throw new Error('Not a zip file: no end of central directory');
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (view.getUint32(at, true) !== CENTRAL_HEADER) throw new Error('Corrupt zip: central directory');
    const method = view.getUint16(at + 10, true);
    if (method !== 0 && method !== 8) throw new Error(`Unsupported zip compression ${method}`);
    const crc = view.getUint32(at + 16, true);
    const compressedSize = view.getUint32(at + 20, true);
    const size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const local = view.getUint32(at + 42, true);
    const name = Buffer.from(zip.buffer, zip.byteOffset + at + 46, nameLength).toString('utf8');
    const dataStart = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    entries.push({ name, method, crc, size, data: zip.subarray(dataStart, dataStart + compressedSize) });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** An entry's uncompressed bytes. */
export function entryBytes(entry: ZipEntry): Uint8Array {
  return entry.method === 0 ? entry.data : inflateRawSync(entry.data);
}

/** Below this, deflating on the calling thread beats a round trip to libuv's pool. */
const ASYNC_FROM_BYTES = 64 * 1024;

/** A deflated entry for `name` (text is written as UTF-8); large parts are deflated on libuv's pool, in parallel with each other. */
export async function deflatedEntry(name: string, content: string | Buffer): Promise<ZipEntry> {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const data = bytes.byteLength >= ASYNC_FROM_BYTES ? await deflateRawAsync(bytes) : deflateRawSync(bytes);
  return { name, method: 8, crc: crc32(bytes), size: bytes.byteLength, data };
}

/** A zip file of these entries, in this order. */
/**
 * The 26 bytes a local header (from its 5th byte) and a central directory entry (from its 7th)
 * share: version needed, flags, method, time and date, CRC, sizes, name length, no extra field.
 */
function writeEntryFields(out: Buffer, at: number, e: ZipEntry, name: Buffer): void {
  out.writeUInt16LE(20, at);
  out.writeUInt16LE(UTF8_NAMES, at + 2);
  out.writeUInt16LE(e.method, at + 4);
  out.writeUInt16LE(0, at + 6);
  out.writeUInt16LE(DOS_DATE, at + 8);
  out.writeUInt32LE(e.crc >>> 0, at + 10);
  out.writeUInt32LE(e.data.byteLength, at + 14);
  out.writeUInt32LE(e.size, at + 18);
  out.writeUInt16LE(name.byteLength, at + 22);
  out.writeUInt16LE(0, at + 24);
}

export function writeZip(entries: readonly ZipEntry[]): Buffer {
  const names = entries.map((e) => Buffer.from(e.name, 'utf8'));
  const localSize = entries.reduce((n, e, i) => n + 30 + names[i]!.byteLength + e.data.byteLength, 0);
  const centralSize = names.reduce((n, name) => n + 46 + name.byteLength, 0);
  const out = Buffer.alloc(localSize + centralSize + 22);
  let at = 0;
  const offsets: number[] = [];
  entries.forEach((e, i) => {
    const name = names[i]!;
    offsets.push(at);
    out.writeUInt32LE(LOCAL_HEADER, at);
    writeEntryFields(out, at + 4, e, name);
    name.copy(out, at + 30);
    out.set(e.data, at + 30 + name.byteLength);
    at += 30 + name.byteLength + e.data.byteLength;
  });
  const centralStart = at;
  entries.forEach((e, i) => {
    const name = names[i]!;
    out.writeUInt32LE(CENTRAL_HEADER, at);
    out.writeUInt16LE(20, at + 4); // version made by
    writeEntryFields(out, at + 6, e, name);
    // comment, disk number, internal and external attributes: none
    out.writeUInt32LE(offsets[i]!, at + 42);
    name.copy(out, at + 46);
    at += 46 + name.byteLength;
  });
  out.writeUInt32LE(END_OF_CENTRAL, at);
  out.writeUInt16LE(entries.length, at + 8);
  out.writeUInt16LE(entries.length, at + 10);
  out.writeUInt32LE(at - centralStart, at + 12);
  out.writeUInt32LE(centralStart, at + 16);
  return out;
}
