import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import type { FastifyViewOptions } from '@fastify/view';
import { mentionsHtml, type MentionNames } from './mentions.js';

/**
 * The staff pages' Handlebars: an instance of its own (the document templates' helpers and
 * partials stay theirs), HTML escaping on, no prototype access, templates compiled once.
 * Templates print record data with {{ }} only; the one raw value is the document preview, which
 * the pipeline builds from escaped parts.
 */

export const WEB_TEMPLATE_DIR = fileURLToPath(new URL('../../templates/web/', import.meta.url));
export const PUBLIC_DIR = fileURLToPath(new URL('../../public/', import.meta.url));

export function createWebHandlebars(): typeof Handlebars {
  const hbs = Handlebars.create();
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hbs.registerHelper('not', (a: unknown) => !a);
  hbs.registerHelper('plural', (n: unknown, one: unknown, many: unknown) => (Number(n) === 1 ? one : many));
  // Timestamps as "2018-03-13 14:05 UTC": staff across time zones read the same thing.
  hbs.registerHelper('datetime', (value: unknown) => {
    if (value === null || value === undefined || value === '') return '';
    const d = value instanceof Date ? value : new Date(String(value));
    return Number.isNaN(d.getTime()) ? String(value) : `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  });
  hbs.registerHelper('kb', (bytes: unknown) => `${Math.max(1, Math.round(Number(bytes) / 1024))} KB`);
  hbs.registerHelper('includes', (list: unknown, v: unknown) => Array.isArray(list) && list.includes(v));
  // Free text with its mentions as marked names (escaped; the names come from renderPage).
  hbs.registerHelper('mentions', (text: unknown, options: Handlebars.HelperOptions) => {
    if (typeof text !== 'string') return text ?? '';
    const names = ((options.data as { root?: { mentionNames?: MentionNames } }).root?.mentionNames) ?? {};
    return new hbs.SafeString(mentionsHtml(text, names));
  });
  hbs.registerHelper('json', (value: unknown) => (value === null || value === undefined ? '' : JSON.stringify(value)));
  return hbs;
}

function partialFiles(dir: string, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) Object.assign(out, partialFiles(`${dir}/${entry.name}`, `${prefix}${entry.name}/`));
    else if (entry.name.endsWith('.hbs')) out[`${prefix}${entry.name.replace(/\.hbs$/, '')}`] = `partials/${prefix}${entry.name}`;
  }
  return out;
}

export function viewOptions(): FastifyViewOptions {
  return {
    engine: { handlebars: createWebHandlebars() },
    root: WEB_TEMPLATE_DIR,
    layout: 'layouts/main.hbs',
    // Compile every template once per process, whatever NODE_ENV says.
    production: true,
    options: {
      partials: partialFiles(`${WEB_TEMPLATE_DIR}partials`),
      compileOptions: { preventIndent: true },
    },
  };
}
