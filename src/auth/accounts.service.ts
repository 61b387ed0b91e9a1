import type { Db } from '../db/database.js';
import { ConflictError, DomainError, InvalidInputError, NotFoundError } from '../shared/errors.js';
import { scopesUnusableWithout } from './access-rules.js';
import { appendAudit } from './audit.repository.js';
import type { AuditContext } from './audit-context.js';
import { insertApiKey, revokeApiKey, type ApiKeySummary } from './api-keys.repository.js';
import { hashPassword, passwordProblem } from './passwords.js';
import type { Scope, UserRole } from './roles.js';
import { deleteSessionsOf } from './sessions.repository.js';
import { randomToken } from './tokens.js';
import { countUsers, findUserByName, insertUser, updateUser, type UserSummary } from './users.repository.js';

/**
 * Creating and changing accounts and keys. Each change and its audit row are written in one
 * transaction: there is no account or key the trail does not know about.
 */

/** What is wrong with an account change, as a domain error naming the field it concerns. */
function accountProblem(kind: 'not-found' | 'conflict' | 'invalid', message: string, path: string): DomainError {
  const problems = [{ path, message }];
  if (kind === 'not-found') return Object.assign(new NotFoundError(message), { problems });
  return kind === 'conflict' ? new ConflictError(message, problems) : new InvalidInputError(message, problems);
}

export const NAME_PATTERN = /^[a-z0-9][a-z0-9._-]{1,62}$/;
const NAME_RULE = 'must be 2–63 characters: lower-case letters, digits, dot, dash or underscore, starting with a letter or digit';

/** A random password for new accounts: 24 characters from 144 random bits. */
export const generatePassword = (): string => randomToken(18);

export async function createUserAccount(
  db: Db,
  who: AuditContext,
  input: { name: string; role: UserRole; password?: string | undefined },
): Promise<{ user: UserSummary; generatedPassword: string | null }> {
  if (!NAME_PATTERN.test(input.name)) throw accountProblem('invalid', `The user name ${NAME_RULE}.`, '/name');
  const problem = input.password === undefined ? null : passwordProblem(input.password, [input.name]);
  if (problem) throw accountProblem('invalid', `The password ${problem}.`, '/password');
  const password = input.password ?? generatePassword();
  const passwordHash = await hashPassword(password);
  try {
    const user = await db.transaction().execute(async (trx) => {
      const created = await insertUser(trx, { name: input.name, role: input.role, passwordHash, createdBy: who.actor });
      await appendAudit(trx, { ...who, action: 'user.created', target: `user:${created.name}`, details: { role: created.role } });
      return created;
    });
    return { user, generatedPassword: input.password === undefined ? password : null };
  } catch (err) {
    if ((err as { code?: string }).code === '23505') throw accountProblem('conflict', `A user named '${input.name}' already exists.`, '/name');
    throw err;
  }
}

export async function updateUserAccount(
  db: Db,
  who: AuditContext,
  name: string,
  change: { role?: UserRole | undefined; disabled?: boolean | undefined; password?: string | undefined },
): Promise<UserSummary> {
  const problem = change.password === undefined ? null : passwordProblem(change.password, [name]);
  if (problem) throw accountProblem('invalid', `The password ${problem}.`, '/password');
  const passwordHash = change.password === undefined ? undefined : await hashPassword(change.password);
  return db.transaction().execute(async (trx) => {
    const existing = await findUserByName(trx, name);
    if (!existing) throw accountProblem('not-found', `User '${name}' not found`, '/name');
    if (existing.name === who.actor && (change.disabled === true || (change.role && change.role !== 'admin'))) {
      throw accountProblem('conflict', 'You cannot disable yourself or take away your own admin role.', change.disabled ? '/disabled' : '/role');
    }
    const updated = await updateUser(trx, existing.id, {
      ...(change.role ? { role: change.role } : {}),
      ...(change.disabled === undefined ? {} : { disabled: change.disabled }),
      ...(passwordHash ? { passwordHash } : {}),
    });
    // A new password or a disabled account ends every open session of that user.
    if (passwordHash || change.disabled) await deleteSessionsOf(trx, existing.id);
    await appendAudit(trx, {
      ...who,
      action: 'user.updated',
      target: `user:${existing.name}`,
      details: {
        ...(change.role ? { role: change.role } : {}),
        ...(change.disabled === undefined ? {} : { disabled: change.disabled }),
        ...(passwordHash ? { passwordReset: true } : {}),
      },
    });
    return updated!;
  });
}

export async function issueApiKey(
  db: Db,
  who: AuditContext,
  input: { name: string; scopes: readonly Scope[] },
): Promise<{ key: string; summary: ApiKeySummary }> {
  if (!NAME_PATTERN.test(input.name)) throw accountProblem('invalid', `The key name ${NAME_RULE}.`, '/name');
  if (input.scopes.length === 0) throw accountProblem('invalid', 'A key needs at least one scope.', '/scopes');
  // Refused rather than completed: adding identities:read would let the key see real names, which
  // the admin must choose knowingly; left as it is, the key would get 403 on every use of the scope.
  const unusable = scopesUnusableWithout(input.scopes);
  if (unusable.length > 0) {
    const message = unusable.map(({ scope, missing }) =>
      `A key with ${scope} also needs ${missing.join(' and ')}: every request that uses ${scope} requires it. Add ${missing.join(' and ')}, or leave out ${scope}.`).join(' ');
    throw accountProblem('invalid', message, '/scopes');
  }
  try {
    return await db.transaction().execute(async (trx) => {
      const issued = await insertApiKey(trx, { ...input, createdBy: who.actor });
      await appendAudit(trx, { ...who, action: 'api_key.created', target: `api_key:${issued.summary.name}`, details: { id: issued.summary.id, scopes: issued.summary.scopes } });
      return issued;
    });
  } catch (err) {
    if ((err as { code?: string }).code === '23505') throw accountProblem('conflict', `A key named '${input.name}' already exists (names stay taken after revocation).`, '/name');
    throw err;
  }
}

export async function revokeKey(db: Db, who: AuditContext, id: number): Promise<ApiKeySummary> {
  return db.transaction().execute(async (trx) => {
    const revoked = await revokeApiKey(trx, id, who.actor);
    if (!revoked) throw accountProblem('not-found', `No live API key with id ${id}`, '/id');
    await appendAudit(trx, { ...who, action: 'api_key.revoked', target: `api_key:${revoked.name}`, details: { id } });
    return revoked;
  });
}

/**
 * First start: with no account at all, create `admin` with ADMIN_PASSWORD or a random password,
 * which is returned so start-up can print it once. Never a fixed default.
 */
export async function ensureInitialAdmin(
  db: Db,
  adminPassword: string | undefined,
): Promise<{ name: string; password: string | null } | null> {
  if ((await countUsers(db)) > 0) return null;
  try {
    const { user, generatedPassword } = await createUserAccount(db, { actor: 'system', actorType: 'system', ip: null, requestId: null }, {
      name: 'admin', role: 'admin', password: adminPassword,
    });
    return { name: user.name, password: generatedPassword };
  } catch (err) {
    // Two processes starting together: the other one created it.
    if (err instanceof ConflictError) return null;
    throw err;
  }
}
