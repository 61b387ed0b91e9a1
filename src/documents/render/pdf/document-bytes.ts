/**
 * The PDF's bytes, taken from pdfkit's writer as it writes them. pdfkit hands every object over
 * as several short strings, turns each into a byte array of its own and pushes it through a Node
 * stream, one 'data' event each: tens of thousands per document, most of them a few bytes long.
 * Here its strings are joined as text and turned into bytes 256 KB at a time; the byte arrays it
 * writes (streams) are kept as they are. Offsets (the cross-reference table) count the same bytes.
 */
import { TextBytes } from '../text-bytes.js';
import type { Doc } from './faces.js';

interface PdfkitWriter {
  _offset: number;
  _write(data: string | Uint8Array): void;
}

/** pdfkit's text is joined and encoded 256 K characters at a time. */
const TEXT_CHUNK = 256 * 1024;

export class DocumentBytes {
  private readonly out = new TextBytes('latin1', TEXT_CHUNK);

  /** From now on everything the document writes lands here (its stream stays empty until its end). */
  constructor(doc: Doc) {
    // What the constructor wrote (the header) waits in the stream's buffer: taken first, in order.
    const written = (doc as unknown as { read(): Buffer | null }).read();
    if (written !== null) this.out.append(written);
    const writer = doc as unknown as PdfkitWriter;
    writer._write = (data: string | Uint8Array): void => {
      if (typeof data === 'string') {
        // pdfkit ends each string it writes with a newline and keeps each character's low byte (latin1).
        this.out.write(`${data}\n`);
        writer._offset += data.length + 1;
      } else {
        this.out.append(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
        writer._offset += data.byteLength;
      }
    };
  }

  bytes(): Buffer {
    return this.out.bytes();
  }
}
