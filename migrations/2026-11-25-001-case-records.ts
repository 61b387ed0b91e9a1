import { type Kysely, sql } from 'kysely';

/** Case records: everything the case-bundle format carries, with versions for provenance. */
export async function up(db: Kysely<any>): Promise<void> {
  const versioned = <T extends { addColumn: any }>(t: T): T =>
    t
      .addColumn('created_at', 'timestamptz', (c: any) => c.notNull().defaultTo(sql`now()`))
      .addColumn('updated_at', 'timestamptz', (c: any) => c.notNull().defaultTo(sql`now()`))
      .addColumn('version', 'integer', (c: any) => c.notNull().defaultTo(1));

  await versioned(
    db.schema
      .createTable('countries')
      .addColumn('code', 'char(2)', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull()),
  ).execute();

  await versioned(
    db.schema
      .createTable('organisations')
      .addColumn('id', 'serial', (c) => c.primaryKey())
      .addColumn('key', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('acronym', 'text')
      .addColumn('contact_email', 'text')
      .addColumn('contact_address', 'text')
      .addColumn('country_code', 'char(2)', (c) => c.references('countries.code')),
  ).execute();

  await versioned(
    db.schema
      .createTable('persons')
      .addColumn('id', 'serial', (c) => c.primaryKey())
      .addColumn('key', 'text', (c) => c.notNull().unique())
      .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('individual','group','organisation')`))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('name_native', 'text')
      .addColumn('pseudonym', 'text', (c) => c.notNull())
      .addColumn('sex', 'text')
      .addColumn('birth_year', 'integer')
      .addColumn('occupation', 'text')
      .addColumn('affiliation', 'text')
      .addColumn('consent_un_submission', 'boolean', (c) => c.notNull().defaultTo(false))
      .addColumn('consent_public_naming', 'boolean', (c) => c.notNull().defaultTo(false))
      .addColumn('consent_state_transmission', 'boolean', (c) => c.notNull().defaultTo(false))
      .addColumn('risk', 'text')
      .addColumn('country_code', 'char(2)', (c) => c.references('countries.code')),
  ).execute();

  await versioned(
    db.schema
      .createTable('sources')
      .addColumn('id', 'serial', (c) => c.primaryKey())
      .addColumn('key', 'text', (c) => c.notNull().unique())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('author', 'text')
      .addColumn('organisation_id', 'integer', (c) => c.references('organisations.id'))
      .addColumn('date', 'date')
      .addColumn('url', 'text')
      .addColumn('reliability', 'char(1)', (c) => c.notNull().check(sql`reliability in ('A','B','C','D','E','F')`))
      .addColumn('confidential', 'boolean', (c) => c.notNull().defaultTo(false))
      .addColumn('country_code', 'char(2)', (c) => c.references('countries.code')),
  ).execute();

  await versioned(
    db.schema
      .createTable('incidents')
      .addColumn('id', 'serial', (c) => c.primaryKey())
      .addColumn('key', 'text', (c) => c.notNull().unique())
      .addColumn('country_code', 'char(2)', (c) => c.notNull().references('countries.code'))
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('date', 'date', (c) => c.notNull())
      .addColumn('date_accuracy', 'text', (c) => c.notNull())
      .addColumn('end_date', 'date')
      .addColumn('place', 'text', (c) => c.notNull())
      .addColumn('region', 'text')
      .addColumn('rights', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
      .addColumn('violations', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
      .addColumn('summary', 'text', (c) => c.notNull())
      .addColumn('legal_basis', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('urgent', 'boolean', (c) => c.notNull().defaultTo(false))
      .addColumn('follow_up_of_id', 'integer', (c) => c.references('incidents.id')),
  ).execute();

  await db.schema
    .createTable('incident_victims')
    .addColumn('incident_id', 'integer', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('person_id', 'integer', (c) => c.notNull().references('persons.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('incident_victims_pk', ['incident_id', 'person_id'])
    .execute();

  await db.schema
    .createTable('incident_perpetrators')
    .addColumn('incident_id', 'integer', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('state_actor', 'boolean', (c) => c.notNull())
    .addPrimaryKeyConstraint('incident_perpetrators_pk', ['incident_id', 'position'])
    .execute();

  await db.schema
    .createTable('incident_sources')
    .addColumn('incident_id', 'integer', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('source_id', 'integer', (c) => c.notNull().references('sources.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('credibility', 'integer', (c) => c.notNull().check(sql`credibility between 1 and 6`))
    .addColumn('locator', 'text')
    .addColumn('excerpt', 'text')
    .addPrimaryKeyConstraint('incident_sources_pk', ['incident_id', 'source_id'])
    .execute();

  await versioned(
    db.schema
      .createTable('recommendations')
      .addColumn('id', 'serial', (c) => c.primaryKey())
      .addColumn('key', 'text', (c) => c.notNull().unique())
      .addColumn('right', 'text', (c) => c.notNull())
      .addColumn('addressee', 'text', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('country_code', 'char(2)', (c) => c.references('countries.code')),
  ).execute();

  await db.schema
    .createTable('recommendation_incidents')
    .addColumn('recommendation_id', 'integer', (c) => c.notNull().references('recommendations.id').onDelete('cascade'))
    .addColumn('incident_id', 'integer', (c) => c.notNull().references('incidents.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('recommendation_incidents_pk', ['recommendation_id', 'incident_id'])
    .execute();

  // Indexes for the list filters (country, period, right, violation, urgent) and reverse links.
  await db.schema.createIndex('incidents_country_date_idx').on('incidents').columns(['country_code', 'date']).execute();
  await sql`create index incidents_rights_idx on incidents using gin (rights)`.execute(db);
  await sql`create index incidents_violations_idx on incidents using gin (violations)`.execute(db);
  await db.schema.createIndex('incidents_urgent_idx').on('incidents').column('urgent').execute();
  await db.schema.createIndex('incident_victims_person_idx').on('incident_victims').column('person_id').execute();
  await db.schema.createIndex('incident_sources_source_idx').on('incident_sources').column('source_id').execute();
  await db.schema.createIndex('recommendation_incidents_incident_idx').on('recommendation_incidents').column('incident_id').execute();

  await db.schema
    .createTable('documents')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('series_id', 'uuid', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft'))
    .addColumn('draft', 'boolean', (c) => c.notNull())
    .addColumn('request', 'jsonb', (c) => c.notNull())
    .addColumn('provenance', 'jsonb', (c) => c.notNull())
    .addColumn('bytes', 'bytea', (c) => c.notNull())
    .addColumn('byte_size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('template_hash', 'text', (c) => c.notNull())
    .addColumn('claims', 'integer', (c) => c.notNull())
    .addColumn('incidents', 'integer', (c) => c.notNull())
    .addColumn('sources', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('approved_by', 'text')
    .addColumn('approved_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('documents_series_version_uq', ['series_id', 'version'])
    .execute();
  await db.schema.createIndex('documents_created_idx').on('documents').column('created_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'documents', 'recommendation_incidents', 'recommendations', 'incident_sources',
    'incident_perpetrators', 'incident_victims', 'incidents', 'sources', 'persons',
    'organisations', 'countries',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
