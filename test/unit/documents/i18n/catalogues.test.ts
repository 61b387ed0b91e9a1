import { describe, expect, it } from 'vitest';
import { IntlMessageFormat } from 'intl-messageformat';
import { CATALOGUES } from '../../../../src/documents/i18n/catalogues/index.js';
import { en } from '../../../../src/documents/i18n/catalogues/en.js';
import { LANGUAGES } from '../../../../src/shared/languages.js';
import { MANDATES } from '../../../../src/documents/context/mandates.js';
import { RIGHTS, VIOLATIONS, SOURCE_TYPES, WHEREABOUTS } from '../../../../src/records/vocabulary.js';

/** The placeholders and markup tags of a message, from its ICU syntax tree. */
function shape(message: string, locale: string): { placeholders: Set<string>; tags: Set<string> } {
  const placeholders = new Set<string>();
  const tags = new Set<string>();
  const walk = (nodes: unknown[]) => {
    for (const node of nodes as Array<{ type: number; value?: string; options?: Record<string, { value: unknown[] }>; children?: unknown[] }>) {
      // 1 argument, 2 number, 3 date, 4 time, 5 select, 6 plural (and selectordinal), 8 tag
      if ([1, 2, 3, 4, 5, 6].includes(node.type) && node.value) placeholders.add(node.value.replace(/^country(Of|In)$/, 'country'));
      if (node.options) for (const option of Object.values(node.options)) walk(option.value);
      if (node.type === 8) {
        tags.add(node.value!);
        walk(node.children ?? []);
      }
    }
  };
  walk(new IntlMessageFormat(message, locale).getAst() as unknown[]);
  return { placeholders, tags };
}

describe('the message catalogues', () => {
  const keys = Object.keys(en).sort();

  it.each(LANGUAGES)('%s has every key of the English catalogue and no other', (language) => {
    expect(Object.keys(CATALOGUES[language]).sort()).toEqual(keys);
  });

  it.each(LANGUAGES.filter((l) => l !== 'en'))('%s uses exactly the placeholders and tags of each English message', (language) => {
    const mismatches: string[] = [];
    for (const key of keys) {
      const want = shape(en[key as keyof typeof en], 'en');
      const got = shape(CATALOGUES[language][key as keyof typeof en], language);
      if ([...want.placeholders].sort().join() !== [...got.placeholders].sort().join()) mismatches.push(`${key}: {${[...got.placeholders].join('} {')}} ≠ {${[...want.placeholders].join('} {')}}`);
      if ([...want.tags].sort().join() !== [...got.tags].sort().join()) mismatches.push(`${key}: tags ${[...got.tags].join()} ≠ ${[...want.tags].join()}`);
    }
    expect(mismatches).toEqual([]);
  });

  it.each(LANGUAGES)('%s holds only markup the templates may print, and no placeholder shadows a tag', (language) => {
    for (const [key, message] of Object.entries(CATALOGUES[language])) {
      const { placeholders, tags } = shape(message, language);
      expect([...tags].filter((t) => !['strong', 'em', 'link'].includes(t)), key).toEqual([]);
      expect([...placeholders].filter((p) => ['strong', 'em', 'link', 'href'].includes(p)), key).toEqual([]);
      expect(message.replace(/<\/?(strong|em|link)>/g, ''), key).not.toMatch(/[<>&]/);
    }
  });

  it('names every mandate, right, violation, source type and whereabouts of the vocabularies', () => {
    const wanted = [
      ...MANDATES.map((m) => `mandate.${m.key}`), ...RIGHTS.map((r) => `right.${r}`), ...VIOLATIONS.map((v) => `violation.${v}`),
      ...SOURCE_TYPES.map((s) => `sourceType.${s}`), ...WHEREABOUTS.map((w) => `whereabouts.${w}`),
    ];
    expect(wanted.filter((k) => !(k in en))).toEqual([]);
    // The English mandate titles are the ones the generate form shows.
    for (const m of MANDATES) expect(en[`mandate.${m.key}` as keyof typeof en]).toBe(m.title);
  });

  it('translates every message that is not a proper name, number or code', () => {
    // A message left in English in another catalogue is a missed translation; these few are the same in every language.
    const same = new Set(['un.standard', 'note.ibid', 'render.pageBefore', 'date.monthRange', 'date.yearsRange', 'date.span', 'date.lead.on', 'ua.address.fax', 'letterhead.phone', 'un.subject.case', 'fact.victims']);
    // Words French spells as English does.
    const cognates: Record<string, string[]> = { fr: ['eu.keyIssue.section', 'ua.headlineViolation.warning', 'un.subject.incidents', 'violation.surveillance'], es: [], ru: [] };
    for (const language of ['fr', 'es', 'ru'] as const) {
      const untranslated = keys.filter((k) => !same.has(k) && !cognates[language]!.includes(k) && CATALOGUES[language][k as keyof typeof en] === en[k as keyof typeof en]);
      expect(untranslated, language).toEqual([]);
    }
  });
});
