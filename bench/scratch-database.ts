import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { openDatabase } from '../src/db/database.js';

/** A database of the bench's own on a PostgreSQL server: its name, its URL, and how to drop it. */
export interface ScratchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** The URL of database `name` on the server that `serverUrl` points at. */
export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Creates an empty database `<prefix>_<random>` on the server at `serverUrl` (any database of it:
 * the connection is only used to create and drop). Every bench part that measures PostgreSQL runs
 * on one of these, so that it neither reads nor leaves anything in the databases it finds.
 */
export async function createScratchDatabase(serverUrl: string, prefix = 'advocacy_bench'): Promise<ScratchDatabase> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = await openDatabase({ url: serverUrl, poolMax: 1 });
  try {
    await sql`create database ${sql.id(name)}`.execute(admin.db);
  } finally {
    await admin.close();
  }
  return {
    name,
    url: databaseUrl(serverUrl, name),
    drop: async () => {
      const again = await openDatabase({ url: serverUrl, poolMax: 1 });
      try {
        await sql`drop database if exists ${sql.id(name)} with (force)`.execute(again.db);
      } finally {
        await again.close();
      }
    },
  };
}
