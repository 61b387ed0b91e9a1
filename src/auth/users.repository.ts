import type { Db } from '../db/database.js';
import type { UserRow } from '../db/tables/auth.table.js';
import type { UserRole } from './roles.js';

/** Staff accounts. Functions take a connection or a transaction first. */

export type UserSummary = Omit<UserRow, 'password_hash'>;

const SUMMARY = ['id', 'name', 'role', 'disabled_at', 'last_login_at', 'password_changed_at', 'created_by', 'created_at', 'updated_at'] as const;

export async function insertUser(
  db: Db,
  user: { name: string; role: UserRole; passwordHash: string; createdBy: string | null },
): Promise<UserSummary> {
  return db.insertInto('users')
    .values({ name: user.name, role: user.role, password_hash: user.passwordHash, created_by: user.createdBy })
    .returning(SUMMARY)
    .executeTakeFirstOrThrow();
}

export async function findUserByName(db: Db, name: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('name', '=', name).executeTakeFirst();
}


export async function listUsers(db: Db): Promise<UserSummary[]> {
  return db.selectFrom('users').select(SUMMARY).orderBy('name').execute();
}

/** Whether anybody has ever signed in: until then the login page says where the first password is. */
export async function anyoneSignedIn(db: Db): Promise<boolean> {
  const row = await db.selectFrom('users').select('id').where('last_login_at', 'is not', null).limit(1).executeTakeFirst();
  return row !== undefined;
}

export async function countUsers(db: Db): Promise<number> {
  const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function updateUser(
  db: Db,
  id: number,
  change: { role?: UserRole; disabled?: boolean; passwordHash?: string },
): Promise<UserSummary | undefined> {
  return db.updateTable('users')
    .set({
      ...(change.role ? { role: change.role } : {}),
      ...(change.disabled === undefined ? {} : { disabled_at: change.disabled ? new Date() : null }),
      ...(change.passwordHash ? { password_hash: change.passwordHash, password_changed_at: new Date() } : {}),
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .returning(SUMMARY)
    .executeTakeFirst();
}

export async function recordLogin(db: Db, id: number, rehashed?: string): Promise<void> {
  await db.updateTable('users')
    .set({ last_login_at: new Date(), ...(rehashed ? { password_hash: rehashed } : {}) })
    .where('id', '=', id)
    .execute();
}

/** Names of the active (not disabled) accounts of a role, by name: e.g. the lawyers a review can go to. */
export async function activeUserNames(db: Db, role: UserRole): Promise<string[]> {
  const rows = await db.selectFrom('users').select('name').where('role', '=', role).where('disabled_at', 'is', null).orderBy('name').execute();
  return rows.map((r) => r.name);
}
