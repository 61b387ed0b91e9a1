import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fastSerializerFor } from '../../../src/http/json-schema-serializer.js';
import { responseSerializerCompiler } from '../../../src/http/response-serializer.js';
import { IncidentResponse, pageOf } from '../../../src/routes/api/schemas/record.schemas.js';

/** The serializer fastify gets for a route's response schema. */
const serializerOf = (schema: z.ZodType) =>
  responseSerializerCompiler({ schema, method: 'GET', url: '/test', httpStatus: '200' } as Parameters<typeof responseSerializerCompiler>[0]);
/** What zod alone answers: encode, then JSON.stringify. */
const viaZod = (schema: z.ZodType, data: unknown) => JSON.stringify(z.encode(schema, data as never));

/** A stored incident as the repository answers it (every field, defaults filled in), then `over`. */
const incident = (over: Record<string, unknown> = {}): Record<string, unknown> => ({ ...IncidentResponse.parse(base), ...over });
const base = {
  key: 'kz-2018-03-13-detention', title: 'Activist detained in Almaty', date: '2018-03-13', dateAccuracy: 'exact',
  endDate: null, location: { place: 'Almaty', region: null }, rights: ['association', 'expression'],
  violations: ['detention'], summary: 'Police detained the activist at home.', victims: ['p-anon'],
  perpetrators: [{ description: 'Almaty police', stateActor: true, stateLink: null, reason: null }],
  legalBasis: [], status: 'ongoing', urgent: true, followUpOf: null,
  sources: [{ source: 's-note', credibility: 2, locator: 'para. 3', excerpt: null }],
  country: { code: 'KZ', name: 'Kazakhstan' },
  meta: { id: 7, version: 2, createdAt: '2026-12-01T10:00:00.000Z', updatedAt: '2026-12-01T11:00:00.000Z' },
};
const page = (...items: object[]) => ({ items, total: items.length, limit: 50, offset: 0 });
const IncidentPage = pageOf(IncidentResponse);

describe('response serialisation', () => {
  it('writes a list page with fast-json-stringify, byte for byte what zod wrote', () => {
    expect(fastSerializerFor(IncidentPage)).not.toBeNull();
    const data = page(incident(), incident({ key: 'kz-2', endDate: '2018-03-14', location: { place: 'Astana', region: 'Akmola' }, urgent: false }));
    expect(serializerOf(IncidentPage)(data)).toBe(viaZod(IncidentPage, data));
  });

  it('writes only the keys the schema declares, in its order', () => {
    const data = page({ internalNote: 'not for the API', ...incident(), meta: { ...(incident().meta as object), secret: 1 } });
    const schema = pageOf(IncidentResponse.strip());
    expect(fastSerializerFor(schema)).not.toBeNull();
    const text = serializerOf(schema)(data);
    expect(text).not.toContain('internalNote');
    expect(text).not.toContain('secret');
    expect(text).toBe(viaZod(schema, data));
    expect(Object.keys(JSON.parse(text).items[0])).toEqual(Object.keys(IncidentResponse.shape).filter((k) => k in data.items[0]!));
  });

  it('refuses what zod refused: an unknown key in a strict object, a missing required key', () => {
    expect(() => serializerOf(IncidentPage)(page({ ...incident(), extra: true }))).toThrow();
    const { title: _title, ...untitled } = incident();
    expect(() => serializerOf(IncidentPage)(page(untitled))).toThrow();
  });

  it('trims as zod does when a stored text was not trimmed', () => {
    const data = page(incident({ title: '  Activist detained  ' }));
    expect(JSON.parse(serializerOf(IncidentPage)(data)).items[0].title).toBe('Activist detained');
  });

  it('answers a text over its input limit whole (a pseudonym longer than the name it replaced)', () => {
    const long = `${'x'.repeat(9999)} Journalist Z`;
    expect(JSON.parse(serializerOf(IncidentPage)(page(incident({ summary: long })))).items[0].summary).toBe(long);
  });

  it('writes records, nullable objects, literals and unknown values as zod does', () => {
    const schema = z.object({
      counts: z.record(z.string(), z.number().int()),
      contact: z.object({ email: z.string(), address: z.string().nullable() }).nullable(),
      kind: z.literal('page'),
      extra: z.unknown(),
      note: z.string().optional(),
    });
    expect(fastSerializerFor(schema)).not.toBeNull();
    for (const data of [
      { counts: { a: 1, 'b "quoted"': 2 }, contact: { email: 'x@example.org', address: null }, kind: 'page', extra: { any: ['thing', 1] } },
      { counts: {}, contact: null, kind: 'page', extra: null, note: 'ünïcødé \u2028 "quotes"' },
    ]) expect(serializerOf(schema)(data)).toBe(viaZod(schema, data));
    // A literal that does not hold is zod's to refuse.
    expect(() => serializerOf(schema)({ counts: {}, contact: null, kind: 'other', extra: null })).toThrow();
  });

  it('keeps zod for what a JSON Schema cannot say the same way (unions)', () => {
    const schema = z.object({ value: z.union([z.object({ a: z.string() }), z.object({ b: z.number() })]) });
    expect(fastSerializerFor(schema)).toBeNull();
    expect(serializerOf(schema)({ value: { b: 1, c: 2 } })).toBe('{"value":{"b":1}}');
  });
});
