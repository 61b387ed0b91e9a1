/**
 * The preview is a document inside a page: its headings move down two levels (h1 → h3) so that
 * the page keeps one h1 and a sound outline for screen readers. The preview's markup comes from
 * the pipeline, where record text is escaped, so a literal "<h1" can only be a real tag.
 */
export function demoteHeadings(html: string, by = 2): string {
  return html.replace(/<(\/?)h([1-6])(?=[\s>])/g, (_m, slash: string, level: string) => `<${slash}h${Math.min(6, Number(level) + by)}`);
}
