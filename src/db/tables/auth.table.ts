import type { Generated, Selectable } from 'kysely';
import type { Timestamp } from './records.table.js';

/** Tables of accounts, sessions, API keys and the audit log (migration 2026-11-25-002). */

export interface UsersTable {
  id: Generated<number>;
  name: string;
  role: string;
  /** argon2id encoded hash ($argon2id$v=19$m=…,t=…,p=…$salt$hash); never the password. */
  password_hash: string;
  disabled_at: Timestamp | null;
  last_login_at: Timestamp | null;
  password_changed_at: Generated<Timestamp>;
  created_by: string | null;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

export interface SessionsTable {
  /** sha256 (hex) of the cookie's random token. */
  token_hash: string;
  user_id: number;
  created_at: Generated<Timestamp>;
  last_seen_at: Generated<Timestamp>;
  /** Absolute end of the session, whatever the activity. */
  expires_at: Timestamp;
}

export interface ApiKeysTable {
  id: Generated<number>;
  name: string;
  prefix: string;
  /** sha256 (hex) of the key: keys are 256 random bits, so a fast hash is enough. */
  key_hash: string;
  scopes: string[];
  created_by: string;
  created_at: Generated<Timestamp>;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
  revoked_by: string | null;
}

export interface AuditLogTable {
  id: Generated<string>;
  at: Generated<Timestamp>;
  actor: string;
  actor_type: 'user' | 'api_key' | 'anonymous' | 'system';
  action: string;
  target: string | null;
  details: unknown;
  ip: string | null;
  request_id: string | null;
}

export interface AuthTables {
  users: UsersTable;
  sessions: SessionsTable;
  api_keys: ApiKeysTable;
  audit_log: AuditLogTable;
}

export type UserRow = Selectable<UsersTable>;
export type ApiKeyRow = Selectable<ApiKeysTable>;
export type AuditRow = Selectable<AuditLogTable>;

