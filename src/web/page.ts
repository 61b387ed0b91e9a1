import type { FastifyReply, FastifyRequest } from 'fastify';
import { csrfUserInfo } from '../auth/csrf.js';
import { errorSummary, type Errors } from './fields.js';
import { mentionNamesFor, mentionsPlain } from './mentions.js';
import { navFor, permissions, principalOf, type NavSection } from './actions.js';

export type { NavSection } from './actions.js';

/** What the layout needs besides the page's own data. */
export interface PageData {
  /** The page's <title> and <h1>. */
  title: string;
  /** Which nav entry is current. */
  section?: NavSection;
  errors?: Errors;
  [key: string]: unknown;
}

/**
 * Whoever authentication says is signed in. Another module sets `request.user`; the pages only
 * show a name, so any of the usual name fields will do, and no user at all is fine.
 */
export function signedInUser(request: FastifyRequest): { name: string } | null {
  const user = (request as unknown as { user?: unknown }).user;
  if (!user || typeof user !== 'object') return null;
  const u = user as Record<string, unknown>;
  const name = [u.displayName, u.name, u.username, u.email, u.id].find((v) => typeof v === 'string' && v !== '');
  return { name: typeof name === 'string' ? name : 'signed-in user' };
}

/** Who generated a document: the signed-in user or the authenticated actor, when there is one. */
export function actorOf(request: FastifyRequest): string | null {
  return request.actor ?? (signedInUser(request)?.name ?? null);
}

/** Renders a page inside the layout. Pages are never cached: they show protected names. */
export async function renderPage(
  request: FastifyRequest,
  reply: FastifyReply,
  page: string,
  data: PageData,
  status = 200,
): Promise<string> {
  const errors = data.errors ?? {};
  const summary = errorSummary(errors);
  // Mentions print as marked names ({{mentions text}}); a page title shows them as plain names.
  const mentionNames = await mentionNamesFor(request.server.db, data);
  reply.code(status).header('cache-control', 'no-store');
  return reply.viewAsync(`pages/${page}.hbs`, {
    ...data,
    title: mentionsPlain(data.title, mentionNames),
    mentionNames,
    errors,
    errorSummary: summary,
    hasErrors: summary.length > 0,
    csrfToken: reply.generateCsrf({ userInfo: csrfUserInfo(request) }),
    user: signedInUser(request),
    // One rule table decides the routes and what the pages offer (actions.ts).
    nav: navFor(principalOf(request), data.section),
    can: permissions(principalOf(request)),
  });
}
