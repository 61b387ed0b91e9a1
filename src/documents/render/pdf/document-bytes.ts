/**
 * The PDF's bytes, taken from pdfkit's writer as it writes them. pdfkit hands every object over
 * as several short strings, turns each into a byte array of its own and pushes it through a Node
 * stream, one 'data' event each: tens of thousands per document, most of them a few bytes long.
 * Here its strings are joined as text and turned into bytes 256 KB at a time; the byte arrays it
 * writes (streams) are kept as they are. Offsets (the cross-reference table) count the same bytes.
 */
import type { Doc } from './faces.js';

interface PdfkitWriter {
  _offset: number;
  _write(data: string | Uint8Array): void;
}

const TEXT_CHUNK = 256 * 1024;

export class DocumentBytes {
  private readonly chunks: Buffer[] = [];
  private text = '';

  /** From now on everything the document writes lands here (its stream stays empty until its end). */
  constructor(doc: Doc) {
    // What the constructor wrote (the header) waits in the stream's buffer: taken first, in order.
    const written = (doc as unknown as { read(): Buffer | null }).read();
    if (written !== null) this.chunks.push(written);
    const writer = doc as unknown as PdfkitWriter;
    writer._write = (data: string | Uint8Array): void => {
      if (typeof data === 'string') {
        // pdfkit ends each string it writes with a newline and keeps each character's low byte (latin1).
        this.text += `${data}\n`;
        writer._offset += data.length + 1;
        if (this.text.length >= TEXT_CHUNK) this.flushText();
      } else {
        this.flushText();
        this.chunks.push(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
        writer._offset += data.byteLength;
      }
    };
  }

  bytes(): Buffer {
    this.flushText();
    return this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
  }

  private flushText(): void {
    if (this.text === '') return;
    this.chunks.push(Buffer.from(this.text, 'latin1'));
    this.text = '';
  }
}
