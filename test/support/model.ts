/**
 * The one DocumentModel builder of the tests: blocks, plus claims that each cite their own incident,
 * numbered as resolveCitations would (claim n cites "INC-n", whose note reads "Note n: source for INC-n"
 * unless told otherwise). Renderer tests draw what this builds, without templates or records.
 */
import type { Block, DocumentMeta, DocumentModel, Inline, Note, ParagraphStyle } from '../../src/documents/model/model.js';

export const text = (value: string): Inline => ({ type: 'text', text: value });

export const DEFAULT_META: DocumentMeta = {
  title: 'Communication on Kazakhstan',
  subject: 'Arbitrary detention of peaceful protesters',
  author: 'Human Rights Bureau',
  language: 'en-GB',
  keywords: ['Kazakhstan', 'detention'],
  draft: false,
};

export class ModelBuilder {
  private readonly blockList: Block[] = [];
  private readonly notes: Note[] = [];

  constructor(private readonly meta: Partial<DocumentMeta> = {}) {}

  block(...blocks: Block[]): this {
    this.blockList.push(...blocks);
    return this;
  }

  heading(level: 1 | 2 | 3, title: string, anchor?: string): this {
    return this.block({ type: 'heading', level, inlines: [text(title)], ...(anchor ? { anchor } : {}) });
  }

  /** A paragraph of plain text, citing nothing. */
  paragraph(value: string, style: ParagraphStyle = 'body'): this {
    return this.block({ type: 'paragraph', style, inlines: [text(value)] });
  }

  /** A paragraph "<claim>" + marker, whose note reads noteText (default "Note n: source for INC-n"). */
  claim(claim: string, noteText?: string): this {
    const number = this.notes.length + 1;
    const incidentKey = `INC-${number}`;
    this.blockList.push({ type: 'paragraph', style: 'body', inlines: [text(claim), { type: 'citation', incidentKey, noteNumber: number }] });
    this.notes.push({ number, incidentKey, paragraphs: [[text(noteText ?? `Note ${number}: source for ${incidentKey}`)]] });
    return this;
  }

  build(): DocumentModel {
    return { meta: { ...DEFAULT_META, ...this.meta }, blocks: [...this.blockList], notes: [...this.notes] };
  }
}

/** The builder in one call: `blocks` first, then one paragraph per claim. */
export function buildModel(options: { meta?: Partial<DocumentMeta>; blocks?: Block[]; claims?: string[] } = {}): DocumentModel {
  const builder = new ModelBuilder(options.meta).block(...(options.blocks ?? []));
  for (const claim of options.claims ?? []) builder.claim(claim);
  return builder.build();
}
