import type { DocumentModel } from '../model/model.js';
import type { DocumentFormat } from '../request.schemas.js';
import { renderDocx } from './docx/docx.renderer.js';
import { renderPdf } from './pdf/pdf.renderer.js';

/**
 * The last stage: a finished model to the bytes of one format. DOCX names Arial instead of
 * embedding DejaVu: Word and LibreOffice both have a Cyrillic-complete face for it, and embedding
 * costs 1.4 MB and ~200 ms per document. The PDF always embeds (subsetted) DejaVu.
 */
export async function renderDocument(model: DocumentModel, format: DocumentFormat): Promise<Uint8Array> {
  return format === 'pdf' ? renderPdf(model) : renderDocx(model, { embedFonts: false });
}

export const CONTENT_TYPES: Record<DocumentFormat, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};
