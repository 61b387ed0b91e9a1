import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyRequest } from 'fastify';
import type Handlebars from 'handlebars';
import { csrfTokenFor } from '../../auth/csrf.js';
import { createWebHandlebars } from '../views.js';
import { navFor as navOf, permissions, principalOf, type NavItem } from '../actions.js';

/**
 * The sign-in, account and admin pages. They use the staff pages' layout when it is there
 * (templates/web/layouts/main.hbs) so they look the same, and a small layout of their own
 * otherwise. Escaping on, compiled once.
 */

const AUTH_DIR = fileURLToPath(new URL('../../../templates/auth/', import.meta.url));
const WEB_LAYOUT = fileURLToPath(new URL('../../../templates/web/layouts/main.hbs', import.meta.url));

// The staff pages' helpers: one Handlebars setup for every page (an instance of its own here,
// since these pages compile their templates themselves).
const hbs = createWebHandlebars();

const compiled = new Map<string, Handlebars.TemplateDelegate>();
function template(path: string): Handlebars.TemplateDelegate {
  let t = compiled.get(path);
  if (!t) {
    t = hbs.compile(readFileSync(path, 'utf8'), { strict: false, preventIndent: true });
    compiled.set(path, t);
  }
  return t;
}

export type { NavItem } from '../actions.js';

export function navFor(request: FastifyRequest, current?: string): NavItem[] {
  return navOf(principalOf(request), current);
}

/** A page of ours inside the layout. `csrfToken` fills the layout's sign-out form. */
export function renderAuthPage(
  request: FastifyRequest,
  page: string,
  data: { title: string; csrfToken?: string | null; nav?: NavItem[]; errors?: Array<{ href?: string; message: string }>; [k: string]: unknown },
): string {
  const body = template(`${AUTH_DIR}${page}.hbs`)(data);
  const layout = existsSync(WEB_LAYOUT) ? WEB_LAYOUT : `${AUTH_DIR}layout.hbs`;
  const errors = data.errors ?? [];
  return template(layout)({
    ...data,
    body,
    user: request.user ? { name: request.user.name } : null,
    nav: data.nav ?? navFor(request),
    can: permissions(principalOf(request)),
    csrfToken: data.csrfToken ?? '',
    errorSummary: errors,
    hasErrors: errors.length > 0,
  });
}

/** The page for a refused request from a browser (403, 429). */
export function refusalPage(request: FastifyRequest, status: number, message: string, csrfToken: string | null): string {
  const title = status === 403 ? 'Not allowed' : status === 429 ? 'Too many requests' : 'Sign in needed';
  return renderAuthPage(request, 'refused', { title, message, csrfToken });
}

/** Addresses that belong to machines (API, documentation, health): their 404 stays JSON. */
const NOT_PAGES = /^\/(api|docs|health|ready|schemas|assets|openapi\.json)(\/|$|\?)/;

/**
 * A mistyped address among the pages, asked for by a browser: a page with the navigation (the
 * menu shows what the caller's role may use). Anything else: null, and the API's JSON 404.
 */
export function notFoundPage(request: FastifyRequest): string | null {
  if (NOT_PAGES.test(request.url) || !(request.headers.accept ?? '').includes('text/html')) return null;
  const path = request.url.split('?')[0]!.slice(0, 200);
  return renderAuthPage(request, 'not-found', { title: 'Page not found', path, csrfToken: csrfTokenFor(request) });
}
