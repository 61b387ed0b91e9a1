import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import Handlebars from 'handlebars';
import type { DocumentKind } from '../request.schemas.js';
import type { Messages } from '../i18n/messages.js';
import type { MessageKey } from '../i18n/catalogues/en.js';

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

/** What templates read besides their context: the citable incidents and the language's messages. */
export interface TemplateData extends CitationData {
  messages: Messages;
}

export class TemplateError extends Error {}

const env = Handlebars.create();

env.registerHelper('cite', function (this: unknown, key: unknown, options: Handlebars.HelperOptions) {
  const data = options.data as { citations?: CitationData; messages?: Messages } | undefined;
  const entry = typeof key === 'string' ? data?.citations?.citable.get(key) : undefined;
  // A citation must resolve: pointing at an incident that is not in the document is a template bug.
  if (!entry) throw new TemplateError(`template cites unknown incident ${JSON.stringify(key)}`);
  const cite = `<cite data-incident="${env.escapeExpression(key as string)}"></cite>`;
  const flag = data?.messages ? env.escapeExpression(data.messages.t('flag.unsourced')) : 'UNSOURCED';
  return new env.SafeString(entry.unsourced ? `${cite}<mark class="flag">${flag}</mark>` : cite);
});
/**
 * {{t "key" name=value …}}: a catalogue message in the document's language, values escaped.
 * `href` (not a placeholder) is the anchor a <link> in the message points to.
 */
env.registerHelper('t', function (this: unknown, key: unknown, options: Handlebars.HelperOptions) {
  const messages = (options.data as { messages?: Messages } | undefined)?.messages;
  if (!messages) throw new TemplateError('template rendered without messages');
  const hash = options.hash as Record<string, unknown>;
  // The values as text (numbers as they are, null and undefined as ''), `href` aside, in one
  // object: called for most paragraphs of a document.
  const clean: Record<string, string | number> = {};
  for (const k of Object.keys(hash)) if (k !== 'href') clean[k] = asValue(hash[k]);
  // The country's sentence forms ({countryOf}, {countryIn}) are there for every message.
  const country = (options.data as { root?: { country?: { name: string; of: string; in: string } } }).root?.country;
  if (country) {
    if (hash.country === undefined || hash.country === null) clean.country = asValue(country.name);
    if (hash.countryOf === undefined || hash.countryOf === null) clean.countryOf = asValue(country.of);
    if (hash.countryIn === undefined || hash.countryIn === null) clean.countryIn = asValue(country.in);
  }
  const href = hash.href;
  return new env.SafeString(messages.html(key as MessageKey, clean, typeof href === 'string' ? href : undefined));
});
/** A helper's hash value as a message value: numbers as they are, null and undefined as '', the rest as text. */
const asValue = (v: unknown): string | number => (typeof v === 'number' ? v : v === null || v === undefined ? '' : String(v));

env.registerHelper('join', (items: unknown, separator: unknown) =>
  Array.isArray(items) ? items.map(String).join(typeof separator === 'string' ? separator : ', ') : '');
env.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));

const KNOWN_HELPERS = { cite: true, join: true, t: true, or: true };

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
export function renderTemplate(kind: DocumentKind, context: object, data: TemplateData): string {
  return templateFor(kind).render(context, {
    data: { citations: { citable: data.citable }, messages: data.messages },
    allowProtoPropertiesByDefault: false,
    allowProtoMethodsByDefault: false,
  });
}
