import type { FastifyReply, FastifyRequest } from 'fastify';
import { translationFieldPattern } from './translation-fields.js';
import type { Db } from '../../db/database.js';
import {
  conversionPersons, convertNamesToMentions, type AmbiguousName, type ConvertedName, type FreeTextCollection,
} from '../../consent/mentions.js';
import { knownIdentities, matcherBuiltApart } from '../../consent/identity-cache.js';
import type { Values } from '../fields.js';
import { renderPage } from '../page.js';

/**
 * The staff forms' step between "Save" and saving: typed names of persons on record in the
 * form's free-text fields are converted into mentions, and when any was, the form shows the
 * converted text and what it replaced ("We replaced 2 names with mentions: …") with Save (the
 * converted text) or Edit (back to the form as typed). Server-rendered; no script needed.
 */

/** The form fields that are free text, by record type (the form names fields by JSON path). */
const FREE_TEXT_FIELDS: Record<FreeTextCollection, RegExp> = {
  incidents: /^(?:title|summary|legalBasis|perpetrators\.\d+\.description|sources\.\d+\.(?:locator|excerpt))$/,
  sources: /^(?:title|author)$/,
  persons: /^(?:occupation|affiliation)$/,
  recommendations: /^text$/,
};

/** Hidden fields: the form as sent, minus the step's own buttons. */
const STEP_FIELDS = new Set(['_csrf', 'mentionsConfirmed', 'mentionsEdit']);

export interface MentionProposal {
  /** The form's values with names converted. */
  values: Values;
  converted: ConvertedName[];
  ambiguous: AmbiguousName[];
}

/** Staff asked to go back to the form as they typed it. */
export const wantsEdit = (values: Values): boolean => values.mentionsEdit === '1';

/**
 * The conversion to propose, or null when there is nothing to ask: no typed name of a known
 * person, or staff already confirmed (the values then are the converted ones).
 */
export async function proposeMentions(db: Db, collection: FreeTextCollection, values: Values): Promise<MentionProposal | null> {
  if (values.mentionsConfirmed === '1') return null;
  const translated = translationFieldPattern(collection);
  const fields = Object.entries(values).filter(([name, v]) => (FREE_TEXT_FIELDS[collection].test(name) || translated?.test(name)) && typeof v === 'string' && v.trim() !== '');
  if (fields.length === 0) return null;
  // Built apart, once per persons revision: at 20,000 persons the first form saved after a change
  // to persons built it on the event loop (~15 s, every request waiting).
  const matcher = await (await knownIdentities(db)).derived('conversion-matcher', (known) => matcherBuiltApart(db, conversionPersons(known.everyone)));
  const converted: ConvertedName[] = [];
  const ambiguous: AmbiguousName[] = [];
  const out: Values = { ...values };
  for (const [name, value] of fields) {
    const c = convertNamesToMentions(value as string, matcher);
    converted.push(...c.converted);
    ambiguous.push(...c.ambiguous);
    out[name] = c.text;
  }
  return converted.length > 0 ? { values: out, converted, ambiguous } : null;
}

function hidden(values: Values): Array<{ name: string; value: string }> {
  return Object.entries(values).flatMap(([name, v]) => {
    if (STEP_FIELDS.has(name) || v === undefined) return [];
    return (Array.isArray(v) ? v : [v]).map((value) => ({ name, value }));
  });
}

/** The confirmation page: what was replaced, the converted text, Save or Edit. */
export async function showMentionProposal(
  request: FastifyRequest,
  reply: FastifyReply,
  proposal: MentionProposal,
  original: Values,
  form: { action: string; cancel: string; record: string; labels: Record<string, string>; collection: FreeTextCollection },
) {
  const names = (await knownIdentities(request.server.db)).everyone;
  const nameOf = new Map(names.map((p) => [p.key, p.name]));
  const changed = Object.entries(proposal.values).filter(([name, v]) => v !== original[name] && FREE_TEXT_FIELDS[form.collection].test(name));
  const n = proposal.converted.length;
  return renderPage(request, reply, 'mentions/confirm', {
    title: `Check the ${form.record} before saving`,
    section: form.collection,
    count: n,
    action: form.action,
    cancel: form.cancel,
    replaced: proposal.converted.map((c) => ({ typed: c.text, key: c.key, name: nameOf.get(c.key) ?? c.key })),
    ambiguous: proposal.ambiguous.map((a) => ({ typed: a.text, names: a.keys.map((k) => nameOf.get(k) ?? k).join(' or ') })),
    fields: changed.map(([name, v]) => ({ label: form.labels[name] ?? name, text: String(v) })),
    converted: hidden(proposal.values),
    typed: hidden(original),
  });
}
