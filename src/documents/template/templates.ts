import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import Handlebars from 'handlebars';
import type { DocumentKind } from '../request.schemas.js';

/**
 * The Handlebars templates: compiled once per process, in strict mode (a missing field is an
 * error, not an empty string), with HTML escaping on and no prototype access. Templates emit
 * the semantic HTML subset that html-to-model understands.
 */

const TEMPLATE_DIR = new URL('../../../templates/', import.meta.url);
const PARTIAL_DIR = new URL('partials/', TEMPLATE_DIR);

/** What the cite helper needs: which incidents may be cited and which of them lack sources. */
export interface CitationData {
  citable: ReadonlyMap<string, { unsourced: boolean }>;
}

export class TemplateError extends Error {}

const env = Handlebars.create();

env.registerHelper('cite', function (this: unknown, key: unknown, options: Handlebars.HelperOptions) {
  const data = options.data as { citations?: CitationData } | undefined;
  const entry = typeof key === 'string' ? data?.citations?.citable.get(key) : undefined;
  // A citation must resolve: pointing at an incident that is not in the document is a template bug.
  if (!entry) throw new TemplateError(`template cites unknown incident ${JSON.stringify(key)}`);
  const cite = `<cite data-incident="${env.escapeExpression(key as string)}"></cite>`;
  return new env.SafeString(entry.unsourced ? `${cite}<mark class="flag">UNSOURCED</mark>` : cite);
});
env.registerHelper('join', (items: unknown, separator: unknown) =>
  Array.isArray(items) ? items.map(String).join(typeof separator === 'string' ? separator : ', ') : '');
env.registerHelper('ordinal', (n: unknown) => {
  const v = Number(n);
  const suffix = v % 100 >= 11 && v % 100 <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[v % 10] ?? 'th';
  return `${v}${suffix}`;
});
env.registerHelper('plural', (n: unknown, one: unknown, many: unknown) => (Number(n) === 1 ? one : many));
env.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));

const KNOWN_HELPERS = { cite: true, join: true, ordinal: true, plural: true, or: true };

function read(url: URL): string {
  return readFileSync(url, 'utf8');
}

const partialSources = new Map<string, string>();
for (const file of readdirSync(PARTIAL_DIR).filter((f) => f.endsWith('.hbs')).sort()) {
  // A partial's final newline would become a space wherever it is used ("Activist A ,"): drop it.
  const source = read(new URL(file, PARTIAL_DIR)).replace(/\r?\n$/, '');
  partialSources.set(file.replace(/\.hbs$/, ''), source);
  env.registerPartial(file.replace(/\.hbs$/, ''), env.compile(source, { strict: true, knownHelpers: KNOWN_HELPERS, knownHelpersOnly: true }));
}

interface CompiledTemplate {
  render: HandlebarsTemplateDelegate;
  /** sha256 of the template and every partial: documents record which template text made them. */
  hash: string;
}

const compiled = new Map<DocumentKind, CompiledTemplate>();

function templateFor(kind: DocumentKind): CompiledTemplate {
  let t = compiled.get(kind);
  if (!t) {
    const source = read(new URL(`${kind}.hbs`, TEMPLATE_DIR));
    const hash = createHash('sha256');
    hash.update(source);
    for (const [name, partial] of partialSources) hash.update(`\0${name}\0${partial}`);
    t = {
      render: env.compile(source, { strict: true, knownHelpers: KNOWN_HELPERS, knownHelpersOnly: true }),
      hash: hash.digest('hex'),
    };
    compiled.set(kind, t);
  }
  return t;
}

export function templateHash(kind: DocumentKind): string {
  return templateFor(kind).hash;
}

/** Renders a kind's template to HTML. Record text is escaped by Handlebars; only templates make markup. */
export function renderTemplate(kind: DocumentKind, context: object, citations: CitationData): string {
  return templateFor(kind).render(context, {
    data: { citations },
    allowProtoPropertiesByDefault: false,
    allowProtoMethodsByDefault: false,
  });
}
