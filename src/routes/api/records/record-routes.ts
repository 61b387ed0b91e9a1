import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { maySeeIdentities } from '../../../auth/roles.js';
import { listForPseudonymousCaller } from '../../../consent/pseudonymous-search.js';
import type { Db } from '../../../db/database.js';
import { unprocessable } from '../../../http/errors.js';
import { Key } from '../../../records/bundle.schemas.js';
import type { KeyMigration } from '../../../consent/record-keys.js';
import { resolveKeyAlias } from '../../../records/record-keys.repository.js';
import { recordAnswersRevision } from '../../../records/records.repository.js';
import { answerCacheHooks } from '../../../http/answer-cache.js';
import { createRecord, deleteRecord, readRecord, replaceRecord, type AfterSave } from '../../../records/records.service.js';
import type { Problem } from '../../../shared/problems.js';
import { type ListPage, type Page, type RecordStore } from '../../../records/record-stores.repository.js';
import { ProblemsResponse } from '../schemas/common.schemas.js';
import { KeyParams, keysRenamedJson, recordPageOf } from '../schemas/record.schemas.js';
import { listCursor, type ListCursor } from '../schemas/list-cursor.js';

/** Everything that differs between the five record types; the routes themselves are the same. */
export interface RecordRouteSpec<TInput extends { key: string }, TRecord, TFilter> {
  /** Collection path segment and OpenAPI tag: 'incidents'. */
  collection: string;
  /** Create body; its output is what the store saves. */
  body: z.ZodObject & z.ZodType<TInput>;
  response: z.ZodType;
  /** List query: filters plus `limit`, `offset` and `after`. */
  query: z.ZodType<TFilter & ListQueryPaging>;
  store: RecordStore<TInput, TRecord, TFilter>;
  /** Extra words for the create/replace operations in OpenAPI. */
  bodyNotes?: string;
  /** Checks a create must pass besides the schema and references (a key that spells a name → 422). */
  createCheck?: (db: Db, input: TInput) => Promise<Problem[]>;
  /** Checks a replace must pass besides the schema and references (a pseudonym that shares the name). */
  replaceCheck?: (db: Db, input: TInput) => Promise<Problem[]>;
  /**
   * In the write's transaction after the save: the record keys renamed because of it (a person's
   * write renames the keys that now spell the person's name). Its answer carries `keysRenamed`.
   */
  renameKeys?: AfterSave<TInput, KeyMigration[]>;
  /** The create/replace answer when `renameKeys` is given: the record, with `keysRenamed` when the write renamed keys. */
  writeResponse?: z.ZodType;
}

/** Where a list request's page starts, as its query gives it. */
interface ListQueryPaging {
  limit: number;
  offset: number;
  after?: ListCursor | undefined;
}

// `type: 'null'` tells @fastify/swagger that a 204 has no body (zod alone renders null as a nullable string).
const NoContent = z.null().meta({ type: 'null', description: 'Deleted; no content' });
const a = (noun: string) => (/^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`);
const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, ProblemsResponse]));

/**
 * Whether an old key (replaced because it spelled a name) may stand for its record: only for
 * callers who may see names; to others it is as unknown as any other key (404).
 */
const mayUseAliases = (request: FastifyRequest): boolean => (request.principal ? maySeeIdentities(request.principal) : false);

/**
 * POST /<collection>, GET /<collection>, and GET/PUT/DELETE /<collection>/:key for one type.
 * Status codes: 201 created, 200, 204 deleted; 404 unknown key; 409 key taken or record still
 * referred to; 422 invalid body or dangling reference; 400 bad query or path.
 */
export function registerRecordRoutes<TInput extends { key: string }, TRecord, TFilter>(
  app: FastifyInstance,
  spec: RecordRouteSpec<TInput, TRecord, TFilter>,
  opts: { bodyLimit: number },
): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { collection, store } = spec;
  const noun = store.label;
  const tags = [collection];
  // On replace the key comes from the path; the body may repeat it.
  const replaceBody = spec.body.safeExtend({ key: Key.optional().describe('Must equal the key in the path, or be omitted') });
  const notes = spec.bodyNotes ? ` ${spec.bodyNotes}` : '';
  const writeResponse = spec.writeResponse ?? spec.response;
  /**
   * The record as written, with the keys its write renamed when it renamed any (old keys are shaped
   * for callers without identities:read). Otherwise exactly the record, as GET reads it back.
   */
  const written = ({ record, after }: { record: TRecord; after: KeyMigration[] | undefined }) =>
    (after && after.length > 0 ? { ...record, keysRenamed: keysRenamedJson(after) } : record);

  // Answers are kept, per audience, and sent again while the records are unchanged (http/answer-cache.ts).
  const { sentAgain, keepAnswer } = answerCacheHooks(app.answerCache, () => recordAnswersRevision(app.db));

  r.post(`/${collection}`, {
    bodyLimit: opts.bodyLimit,
    schema: {
      tags,
      summary: `Create ${a(noun)}`,
      description: `409 if the key exists; 422 if a field is invalid or a referenced key does not exist.${notes}`,
      body: spec.body,
      response: { 201: writeResponse, ...errors(400, 409, 413, 415, 422) },
    },
  }, async (request, reply) => {
    const result = await createRecord(app.db, store, request.body as TInput, spec.createCheck as never, spec.renameKeys);
    return reply.code(201).send(written(result));
  });

  r.get(`/${collection}`, {
    schema: {
      tags,
      summary: `List ${collection}`,
      querystring: spec.query,
      // 422: a search by a caller without identities:read over too many records (consent/pseudonymous-search.ts).
      response: { 200: recordPageOf(spec.response), ...errors(400, 422, 503) },
    },
    onSend: keepAnswer,
  }, async (request, reply) => {
    const { limit, offset: given, after, ...query } = request.query as TFilter & ListQueryPaging;
    const filter = query as TFilter & { q?: string; person?: string };
    if (await sentAgain(request, reply)) return reply;
    // With a cursor the page starts after its position, at the offset it counted.
    const offset = after?.offset ?? given;
    const page: Page = { limit, offset, after: after?.position };
    const answer = ({ items, total, next }: ListPage<TRecord>) =>
      ({ items, total, limit, offset, next: next === null ? null : listCursor(collection, next, offset + items.length) });
    // A caller without identities:read searches the text as they would see it (names replaced):
    // see consent/pseudonymous-search.ts. `person=` takes keys only, never an old alias for them.
    if (request.principal && !maySeeIdentities(request.principal)) {
      return answer(await listForPseudonymousCaller(app.db, collection, store, filter, page, undefined, app.shapedSearch));
    }
    if (typeof filter.person === 'string') filter.person = (await resolveKeyAlias(app.db, 'persons', filter.person)) ?? filter.person;
    return answer(await store.list(app.db, filter, page));
  });

  r.get(`/${collection}/:key`, {
    schema: {
      tags,
      summary: `Read ${a(noun)}`,
      params: KeyParams,
      response: { 200: spec.response, ...errors(400, 404) },
    },
    onSend: keepAnswer,
  }, async (request, reply) => {
    if (await sentAgain(request, reply)) return reply;
    // An old key (replaced because it spelled a name) still resolves, for callers who may see names.
    return readRecord(app.db, store, request.params.key, { aliases: mayUseAliases(request) });
  });

  r.put(`/${collection}/:key`, {
    bodyLimit: opts.bodyLimit,
    schema: {
      tags,
      summary: `Replace ${a(noun)}`,
      description: `Full replace of an existing ${noun}; creates nothing (404). The version increases only when something changes.${notes}`,
      params: KeyParams,
      body: replaceBody,
      response: { 200: writeResponse, ...errors(400, 404, 409, 413, 415, 422) },
    },
  }, async (request) => {
    const { key } = request.params;
    const body = request.body as Omit<TInput, 'key'> & { key?: string };
    if (body.key !== undefined && body.key !== key) {
      throw unprocessable('The key in the body differs from the key in the path.', [
        { path: '/key', message: `must be '${key}' (the key in the path) or be omitted, not '${body.key}'` },
      ]);
    }
    return written(await replaceRecord(app.db, store, { ...body, key } as TInput, spec.replaceCheck as never, { aliases: mayUseAliases(request) }, spec.renameKeys));
  });

  r.delete(`/${collection}/:key`, {
    schema: {
      tags,
      summary: `Delete ${a(noun)}`,
      description: `409 with the dependants listed in \`problems\` if other records still refer to this ${noun}; nothing is deleted then.`,
      params: KeyParams,
      response: { 204: NoContent, ...errors(400, 404, 409) },
    },
  }, async (request, reply) => {
    await deleteRecord(app.db, store, request.params.key, { aliases: mayUseAliases(request) });
    return reply.code(204).send(null);
  });
}
