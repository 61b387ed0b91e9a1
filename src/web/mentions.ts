import Handlebars from 'handlebars';
import type { Db } from '../db/database.js';
import { mentionedKeys, nameResolver, renderMentions, UNKNOWN_MENTION } from '../consent/mentions.js';
import { loadPersonsByKeys } from '../records/records.repository.js';

/**
 * Mentions on the staff pages: shown as the person's real name (staff may see identities), marked
 * so that a reader can tell a mention from typed text:
 * `<span class="mention" title="person p-kz-0042">Aigerim Seitova</span>`. Form fields keep the
 * mention as written (that is what staff edit).
 */

export type MentionNames = Record<string, string>;

/** The staff pages' own escaping, so a text reads the same with or without mentions. */
const escapeHtml = (s: string) => Handlebars.Utils.escapeExpression(s);

/** Every mention key in the strings of a page's data (bounded walk). */
function keysIn(value: unknown, out: Set<string>, depth = 0): void {
  if (depth > 12) return;
  if (typeof value === 'string') {
    if (value.includes('[[person:')) for (const k of mentionedKeys(value)) out.add(k);
  } else if (Array.isArray(value)) {
    for (const v of value) keysIn(v, out, depth + 1);
  } else if (value && typeof value === 'object' && !(value instanceof Date)) {
    for (const v of Object.values(value)) keysIn(v, out, depth + 1);
  }
}

/** The names of every person mentioned anywhere in a page's data. */
export async function mentionNamesFor(db: Db, data: unknown): Promise<MentionNames> {
  const keys = new Set<string>();
  keysIn(data, keys);
  if (keys.size === 0) return {};
  const persons = await loadPersonsByKeys(db, [...keys]);
  return Object.fromEntries(persons.map((p) => [p.key, p.name]));
}

/** Text with its mentions as marked names, as escaped HTML. */
export function mentionsHtml(text: string, names: MentionNames): string {
  if (!text.includes('[[person:')) return escapeHtml(text);
  return renderMentions(text, (key) => {
    const name = Object.hasOwn(names, key) ? names[key]! : null;
    const shown = escapeHtml(name ?? UNKNOWN_MENTION);
    return { text: `<span class="mention" title="person ${escapeHtml(key)}">${shown}</span>`, pseudonym: false };
  }, escapeHtml);
}

/** Text with its mentions as plain names (page titles, option labels). */
export function mentionsPlain(text: string, names: MentionNames): string {
  return renderMentions(text, nameResolver(Object.entries(names).map(([key, name]) => ({ key, name }))));
}
