/**
 * A government's reply as a file: PDF, DOCX or ODT, recognised by its bytes — never by its name or
 * the type the uploader declared (a renamed executable is not a PDF).
 */

export const REPLY_FILE_KINDS = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  odt: 'application/vnd.oasis.opendocument.text',
} as const;
export type ReplyFileKind = keyof typeof REPLY_FILE_KINDS;

const ascii = (bytes: Uint8Array, from: number, to: number) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1', from, to);

/** The kind of file these bytes are, or null when they are none of the three. */
export function sniffReplyFile(bytes: Uint8Array): ReplyFileKind | null {
  if (bytes.length >= 5 && ascii(bytes, 0, 5) === '%PDF-') return 'pdf';
  // Both are ZIP archives (local file header "PK\3\4").
  if (bytes.length < 30 || bytes[0] !== 0x50 || bytes[1] !== 0x4b || bytes[2] !== 0x03 || bytes[3] !== 0x04) return null;
  // ODF: the first entry is "mimetype", stored uncompressed, holding the media type (ODF 1.2, part 3, 3.3).
  const nameLength = bytes[26]! | (bytes[27]! << 8);
  const extraLength = bytes[28]! | (bytes[29]! << 8);
  if (ascii(bytes, 30, 30 + nameLength) === 'mimetype') {
    const start = 30 + nameLength + extraLength;
    return ascii(bytes, start, start + REPLY_FILE_KINDS.odt.length) === REPLY_FILE_KINDS.odt ? 'odt' : null;
  }
  // OOXML: entry names are stored as plain text in the headers; a Word document has both.
  const text = ascii(bytes, 0, bytes.length);
  return text.includes('[Content_Types].xml') && text.includes('word/document.xml') ? 'docx' : null;
}

/** A file name safe to send back in Content-Disposition: letters, digits, ". _ -" and spaces, with the sniffed extension. */
export function replyFileName(given: string | undefined, fallback: string, kind: ReplyFileKind): string {
  const base = (given ?? '').split(/[\\/]/).pop()!.replace(/\.[A-Za-z0-9]{1,5}$/, '')
    .normalize('NFKD').replace(/[^A-Za-z0-9._ -]+/g, '-').replace(/^[-. ]+|[-. ]+$/g, '').slice(0, 100);
  return `${base || fallback}.${kind}`;
}
