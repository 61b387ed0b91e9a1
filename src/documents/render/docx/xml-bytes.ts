import { TextBytes } from '../text-bytes.js';

/** A DOCX part's XML, written in pieces and kept as UTF-8 a 16 K-character stretch at a time (text-bytes.ts). */
export class XmlBytes extends TextBytes {
  constructor() {
    super('utf8', 16 * 1024);
  }
}
