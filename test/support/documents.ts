/**
 * Generating documents through the HTTP API the way a client does, and reading them back into
 * one shape for both formats, so the same assertions run on DOCX and PDF.
 */
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import type { Bundle, BundleIncident } from './consent-oracle.js';
import { readDocx, readPdf, pdfInfo, pdfPages, pdfStructure, squash, strip, xmlAttributeValues, xmlToText, type PdfContent, type PdfStructure } from './extract.js';

export type Format = 'docx' | 'pdf';

export interface Generated {
  payload: Record<string, unknown>;
  /** POST /api/v1/documents answer (201 body). */
  meta: {
    id: string; title: string; fileName: string; contentType: string; draft: boolean;
    citations: { claims: number; incidents: number; sources: number };
    links: { self: string; file: string; provenance: string };
  };
  bytes: Buffer;
  contentType: string;
  contentDisposition: string;
  provenance: { claims: Array<{ note: number; unsourced: boolean }>; [k: string]: unknown };
  /** GET /api/v1/documents/:id, as served. */
  metadataJson: string;
  previewHtml: string;
}

/** POST the request, then GET the file, metadata and provenance, and POST the same request as a preview. */
export async function generate(app: FastifyInstance, payload: Record<string, unknown>): Promise<Generated> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/documents', payload });
  expect(res.statusCode, `POST /api/v1/documents ${JSON.stringify(payload)}: ${res.body}`).toBe(201);
  const meta = res.json() as Generated['meta'];
  const [file, provenance, metadata, preview] = await Promise.all([
    app.inject({ url: meta.links.file }),
    app.inject({ url: meta.links.provenance }),
    app.inject({ url: meta.links.self }),
    app.inject({ method: 'POST', url: '/api/v1/documents/preview', payload }),
  ]);
  expect(file.statusCode).toBe(200);
  expect(provenance.statusCode).toBe(200);
  expect(preview.statusCode, preview.body).toBe(200);
  return {
    payload,
    meta,
    bytes: file.rawPayload,
    contentType: String(file.headers['content-type']),
    contentDisposition: String(file.headers['content-disposition']),
    provenance: provenance.json(),
    metadataJson: metadata.body,
    previewHtml: preview.body,
  };
}

/** Imports a bundle through the API, as another service would. */
export async function importBundle(app: FastifyInstance, bundle: unknown): Promise<void> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/bundles', payload: bundle as object });
  expect(res.statusCode, res.body).toBeLessThan(300);
}

/** One document read back, the same shape for DOCX and PDF. */
export interface DocumentView {
  format: Format;
  /** Body text, whitespace squashed (notes, page headers and footers left out). */
  body: string;
  /** Citation markers in the body (DOCX: footnote references; PDF: note markers found in sequence). */
  citations: number;
  /** Note number → text. */
  notes: Map<number, string>;
  /** Note numbers cited right after each occurrence of `text` in the body (whitespace ignored). */
  notesAfter(text: string): number[];
  /** The body text right after citation `n`'s marker (whitespace removed), e.g. "UNSOURCED…". */
  afterCitation(n: number): string;
  /** The items of the source annex. */
  annex: string[];
  /** Text of the running headers (DOCX header parts; PDF lines above the body). */
  headers: string;
  /** Everything a reader or a tool can see: body, notes, headers, properties, every DOCX part, every PDF string. */
  everywhere: string[];
  /** PDF only: pages of markers and notes, links and destinations. */
  pdf?: { content: PdfContent; structure: PdfStructure };
}

const ANNEX_HEADING = 'Annex: sources cited';

export async function viewOf(bytes: Uint8Array, format: Format): Promise<DocumentView> {
  return format === 'docx' ? docxView(bytes) : pdfView(bytes);
}

async function docxView(bytes: Uint8Array): Promise<DocumentView> {
  const docx = await readDocx(bytes);
  const documentXml = docx.parts.get('word/document.xml')!;
  const annexAt = docx.paragraphs.findIndex((p) => p.text === ANNEX_HEADING);
  const annex: string[] = [];
  if (annexAt >= 0) {
    // The list follows the annex's notes on method; it ends with the first paragraph after it.
    for (const p of docx.paragraphs.slice(annexAt + 1)) {
      if (!p.numbered && annex.length > 0) break;
      if (p.numbered) annex.push(p.text);
    }
  }
  const everywhere = [
    ...docx.paragraphs.map((p) => p.text),
    ...docx.footnotes.values(),
    ...docx.headers,
    ...docx.footers,
    ...[...docx.parts.values()].flatMap((xml) => [squash(xmlToText(xml)), ...xmlAttributeValues(xml)]),
  ];
  return {
    format: 'docx',
    body: docx.paragraphs.map((p) => p.text).join(' '),
    citations: (documentXml.match(/<w:footnoteReference\b/g) ?? []).length,
    notes: docx.footnotes,
    notesAfter(text) {
      const needle = strip(text);
      const found: number[] = [];
      for (const p of docx.paragraphs) {
        const hay = strip(p.text);
        for (let at = hay.indexOf(needle); at >= 0; at = hay.indexOf(needle, at + 1)) {
          const ref = p.refs.find((r) => r.at >= at + needle.length);
          found.push(ref ? ref.id : Number.NaN);
        }
      }
      return found;
    },
    afterCitation(n) {
      for (const p of docx.paragraphs) {
        const ref = p.refs.find((r) => r.id === n);
        if (ref) return strip(p.text).slice(ref.at, ref.at + 40);
      }
      return '';
    },
    annex,
    headers: docx.headers.join(' '),
    everywhere,
  };
}

async function pdfView(bytes: Uint8Array): Promise<DocumentView> {
  const [pdf, raw, info, structure] = await Promise.all([readPdf(bytes), pdfPages(bytes), pdfInfo(bytes), pdfStructure(bytes)]);
  const hay = strip(pdf.body);
  const annexStart = pdf.body.indexOf(ANNEX_HEADING);
  const annexText = annexStart < 0 ? '' : pdf.body.slice(annexStart + ANNEX_HEADING.length);
  // Items are numbered "1. ", "2. " …: split at each next number in sequence.
  const annex: string[] = [];
  let rest = ` ${annexText}`;
  for (let n = 1; ; n++) {
    const start = rest.indexOf(` ${n}. `);
    if (start < 0) break;
    const after = rest.slice(start + ` ${n}. `.length);
    const end = after.indexOf(` ${n + 1}. `);
    annex.push(squash(end < 0 ? after : after.slice(0, end)));
    rest = ` ${end < 0 ? '' : after.slice(end + 1)}`;
  }
  const headers = pdf.pages.map((p) => p.split('\n').find((l) => l.trim() !== '') ?? '').join(' ');
  return {
    format: 'pdf',
    body: pdf.body,
    citations: pdf.markers.length,
    notes: pdf.notes,
    notesAfter(text) {
      const needle = strip(text);
      const found: number[] = [];
      for (let at = hay.indexOf(needle); at >= 0; at = hay.indexOf(needle, at + 1)) {
        const marker = pdf.markers.find((m) => m.at >= at + needle.length);
        found.push(marker ? marker.number : Number.NaN);
      }
      return found;
    },
    afterCitation(n) {
      const marker = pdf.markers.find((m) => m.number === n);
      if (!marker) return '';
      const from = marker.at + String(n).length;
      return hay.slice(from, from + 40);
    },
    annex,
    headers: squash(headers),
    everywhere: [
      pdf.body, ...pdf.notes.values(), ...pdf.pages.map(squash), ...raw.map(squash),
      ...Object.values(info.fields), info.xmp, ...structure.strings,
    ],
    pdf: { content: pdf, structure },
  };
}

// ---------------------------------------------------------------- what a selection means

export interface SelectionSpec {
  country?: string;
  from?: string;
  to?: string;
  incidents?: string[];
  persons?: string[];
  rights?: string[];
}

/** The incidents a selection picks, by the bundle format's own rules (all criteria must hold). */
export function selectedIncidents(bundle: Bundle, s: SelectionSpec): BundleIncident[] {
  return bundle.incidents
    .filter((i) => !s.country || bundle.country.code === s.country)
    .filter((i) => !s.from || i.date >= s.from)
    .filter((i) => !s.to || i.date <= s.to)
    .filter((i) => !s.incidents || s.incidents.includes(i.key))
    .filter((i) => !s.rights || i.rights.some((r) => s.rights!.includes(r)))
    .filter((i) => !s.persons || i.victims.some((v) => s.persons!.includes(v)));
}

/** Selected incidents plus, for urgent appeals, the earlier ones they follow up ("New information"). */
export function citedIncidents(bundle: Bundle, kind: string, selected: BundleIncident[]): BundleIncident[] {
  if (kind !== 'urgent-appeal') return selected;
  const keys = new Set(selected.map((i) => i.key));
  const earlier = selected.flatMap((i) => (i.followUpOf && !keys.has(i.followUpOf) ? [i.followUpOf] : []));
  return [...bundle.incidents.filter((i) => earlier.includes(i.key)), ...selected];
}

/** Each text occurs in `hay` how many times (whitespace ignored)? */
export function occurrences(hay: string, needle: string): number {
  const h = strip(hay);
  const n = strip(needle);
  let count = 0;
  for (let at = h.indexOf(n); at >= 0; at = h.indexOf(n, at + 1)) count++;
  return count;
}
