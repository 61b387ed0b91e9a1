/**
 * What writing one part of the package (the body, or the notes) keeps track of: the
 * relationships its external links need, the bookmarks already placed, the list instances
 * numbered so far.
 */
const HYPERLINK_TYPE = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink';

/** The external links of one part, each a relationship of that part's .rels. */
export class Hyperlinks {
  private readonly ids = new Map<string, string>();

  /** The relationship id for `target` (a URL already escaped for an attribute); one per distinct target. */
  idFor(target: string): string {
    let id = this.ids.get(target);
    if (id === undefined) {
      // "rIdh…": docx's own ids are "rId<number>", so these cannot collide with them.
      id = `rIdh${this.ids.size + 1}`;
      this.ids.set(target, id);
    }
    return id;
  }

  /** The <Relationship> elements, to add to the part's .rels. */
  xml(): string {
    let xml = '';
    for (const [target, id] of this.ids) xml += `<Relationship Id="${id}" Type="${HYPERLINK_TYPE}" Target="${target}" TargetMode="External"/>`;
    return xml;
  }
}

/**
 * Numbering instances in the order the body first uses them, numbered as docx numbers them:
 * numId 1 is docx's default bullet list, the document's own lists follow from 2.
 */
export class ListNumbering {
  private readonly ids = new Map<string, { numId: number; abstractNumId: number }>();

  numIdFor(key: string, abstractNumId: number): number {
    let entry = this.ids.get(key);
    if (entry === undefined) {
      entry = { numId: this.ids.size + 2, abstractNumId };
      this.ids.set(key, entry);
    }
    return entry.numId;
  }

  /** The <w:num> elements, to add to numbering.xml after docx's own. */
  xml(): string {
    let xml = '';
    for (const { numId, abstractNumId } of this.ids.values()) {
      xml += `<w:num w:numId="${numId}"><w:abstractNumId w:val="${abstractNumId}"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>`;
    }
    return xml;
  }
}

export interface PartContext {
  /** Anchor → Word bookmark name (valid and unique), for every anchor the model has. */
  bookmarks: ReadonlyMap<string, string>;
  /** Names already bookmarked: a name may be used once, so a repeated anchor links to its first block. */
  bookmarked: Set<string>;
  /** Footnote references are only valid in the body; notes themselves get plain numbers. */
  allowFootnotes: boolean;
  hyperlinks: Hyperlinks;
  /** Bookmark ids, unique in the document. */
  nextBookmarkId: () => number;
}
