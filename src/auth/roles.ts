/**
 * Who may act. People sign in with a role; services call with an API key that carries scopes.
 * What each role and scope may do is decided per route in `access-rules.ts`.
 */

export const USER_ROLES = ['admin', 'staff', 'lawyer'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const SCOPES = ['records:read', 'records:write', 'documents:generate', 'documents:read', 'identities:read'] as const;
export type Scope = (typeof SCOPES)[number];

export const SCOPE_DESCRIPTIONS: Record<Scope, string> = {
  'records:read': 'read incidents, persons, sources, organisations, recommendations; export bundles',
  'records:write': 'create, replace and delete records; import bundles (with identities:read as well)',
  'documents:generate': 'generate documents and previews',
  'documents:read': 'list documents, read their metadata and provenance, download files',
  'identities:read': 'see persons\' real and native-script names (without it: pseudonyms only)',
};

/** Whoever a request acts as, once authenticated. */
export type Principal =
  | { kind: 'user'; id: number; name: string; role: UserRole }
  | { kind: 'api_key'; id: number; name: string; scopes: readonly Scope[] }
  | { kind: 'anonymous' };

export const ANONYMOUS: Principal = Object.freeze({ kind: 'anonymous' });

export const isUserRole = (v: unknown): v is UserRole => typeof v === 'string' && (USER_ROLES as readonly string[]).includes(v);
export const isScope = (v: unknown): v is Scope => typeof v === 'string' && (SCOPES as readonly string[]).includes(v);

/** Real and native-script names: people with a role, and services granted identities:read. */
export function maySeeIdentities(p: Principal): boolean {
  if (p.kind === 'user') return true;
  if (p.kind === 'api_key') return p.scopes.includes('identities:read');
  return false;
}

/** The name recorded as documents.created_by and in the audit log. */
export function actorName(p: Principal): string {
  return p.kind === 'anonymous' ? 'anonymous' : p.name;
}
