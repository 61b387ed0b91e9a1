import type { AppealCodesTable } from '../db/tables/appeals.table.js';
import type { Executor } from '../records/records.repository.js';

/** Urgent-appeal numbering: the counters and the register of codes (migration 2026-12-03-030). */

/** An appeal's code as stored (the table's columns but its creation time). */
export type AppealCodeRow = Omit<AppealCodesTable, 'created_at'>;

const CODE_COLUMNS = ['appeal_id', 'code', 'numbered', 'country_code', 'issued_on', 'base_code', 'update_number'] as const;

/** The last number a counter gave (0: none yet). */
export async function counterValue(db: Executor, scheme: string, country: string, year: number): Promise<number> {
  const row = await db.selectFrom('appeal_code_counters').select('last')
    .where('scheme', '=', scheme).where('country_code', '=', country).where('year', '=', year).executeTakeFirst();
  return row?.last ?? 0;
}

/**
 * Moves a counter from `expected` to `next`, only if nobody moved it meanwhile (compare and set):
 * false when another appeal took the number first. Runs in the transaction storing the appeal.
 */
export async function advanceCounter(trx: Executor, scheme: string, country: string, year: number, expected: number, next: number): Promise<boolean> {
  if (expected === 0) {
    const inserted = await trx.insertInto('appeal_code_counters').values({ scheme, country_code: country, year, last: next })
      .onConflict((oc) => oc.columns(['scheme', 'country_code', 'year']).doNothing()).returning('last').executeTakeFirst();
    if (inserted) return true;
  }
  const updated = await trx.updateTable('appeal_code_counters').set({ last: next })
    .where('scheme', '=', scheme).where('country_code', '=', country).where('year', '=', year).where('last', '=', expected)
    .returning('last').executeTakeFirst();
  return updated !== undefined;
}

/** The code an appeal was given, if it has been generated before. */
export async function appealCodeOf(db: Executor, appealId: string): Promise<AppealCodeRow | undefined> {
  return db.selectFrom('appeal_codes').select(CODE_COLUMNS).where('appeal_id', '=', appealId).executeTakeFirst();
}

/** The earliest appeal issued here with this code. */
export async function findAppealByCode(db: Executor, code: string): Promise<AppealCodeRow | undefined> {
  return db.selectFrom('appeal_codes').select(CODE_COLUMNS).where('code', '=', code)
    .orderBy('issued_on').orderBy('created_at').executeTakeFirst();
}

/** The highest update number issued here after an appeal (0: none). */
export async function lastUpdateNumber(db: Executor, baseCode: string): Promise<number> {
  const row = await db.selectFrom('appeal_codes').select((eb) => eb.fn.max('update_number').as('n'))
    .where('base_code', '=', baseCode).executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Registers an appeal's code; false when a numbered code is taken already (another appeal was quicker). */
export async function registerAppealCode(trx: Executor, row: AppealCodeRow): Promise<boolean> {
  const inserted = await trx.insertInto('appeal_codes').values(row).onConflict((oc) => oc.doNothing()).returning('appeal_id').executeTakeFirst();
  return inserted !== undefined;
}
