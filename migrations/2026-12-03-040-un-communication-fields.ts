import { type Kysely, sql } from 'kysely';

/**
 * Issue 13, point 3: the UN communication on the OHCHR questionnaire's fields. All optional, so
 * every stored record stays valid:
 *   - persons: age (years, recorded on), nationality, whereabouts (status, place, as of), and the
 *     consent to be named in the UN's public communications report (default false);
 *   - sources: a reference ("AL KAZ 1/2018") — sources of type `un-communication` carry one;
 *   - incident perpetrators: their link to the State and why they are held responsible;
 *   - incidents: domestic remedies (steps, or why none yet) and other international procedures,
 *     as JSON in the case bundle's shape (read and written whole with the incident).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('persons')
    .addColumn('age_years', 'integer', (c) => c.check(sql`age_years between 0 and 130`))
    .addColumn('age_as_of', 'date')
    .addColumn('nationality', 'text')
    .addColumn('whereabouts_status', 'text')
    .addColumn('whereabouts_place', 'text')
    .addColumn('whereabouts_as_of', 'date')
    .addColumn('consent_un_public_report', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
  await db.schema.alterTable('sources').addColumn('reference', 'text').execute();
  await db.schema.alterTable('incident_perpetrators')
    .addColumn('state_link', 'text')
    .addColumn('reason', 'text')
    .execute();
  await db.schema.alterTable('incidents')
    .addColumn('domestic_remedies', 'jsonb')
    .addColumn('international_procedures', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('incidents').dropColumn('domestic_remedies').dropColumn('international_procedures').execute();
  await db.schema.alterTable('incident_perpetrators').dropColumn('state_link').dropColumn('reason').execute();
  await db.schema.alterTable('sources').dropColumn('reference').execute();
  await db.schema.alterTable('persons')
    .dropColumn('age_years').dropColumn('age_as_of').dropColumn('nationality').dropColumn('whereabouts_status')
    .dropColumn('whereabouts_place').dropColumn('whereabouts_as_of').dropColumn('consent_un_public_report')
    .execute();
}
