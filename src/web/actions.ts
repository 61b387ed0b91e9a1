import type { FastifyRequest } from 'fastify';
import { allows, ruleFor } from '../auth/access-rules.js';
import { ANONYMOUS, type Principal } from '../auth/roles.js';

/**
 * What a page offers, decided by the rule table that decides the routes (auth/access-rules.ts):
 * a button or link is drawn only for whom its route lets through. Each entry names the route
 * ("METHOD /pattern") the button leads to; test/integration/web/buttons.test.ts follows every
 * link and form of the pages, as every role, and checks the route lets that role through.
 */
export const ACTIONS = {
  newIncident: 'GET /incidents/new',
  newPerson: 'GET /persons/new',
  newSource: 'GET /sources/new',
  newRecommendation: 'GET /recommendations/new',
  newAddressee: 'GET /addressees/new',
  editRecord: 'GET /incidents/:key/edit',
  editAddressee: 'GET /addressees/:id/edit',
  deleteAddressee: 'POST /addressees/:id/delete',
  uploadBundle: 'GET /bundles',
  demoBundle: 'GET /bundles/demo.json',
  loadDemo: 'POST /demo-data',
  generate: 'GET /generate/:kind',
  regenerate: 'POST /documents/:id/regenerate',
  approve: 'POST /documents/:id/approve',
  admin: 'GET /admin',
  audit: 'GET /admin/audit',
  organisation: 'GET /admin/organisation',
  changePassword: 'GET /account/password',
  apiDocs: 'GET /docs',
} as const;
export type Action = keyof typeof ACTIONS;
export type Permissions = Record<Action, boolean>;

/** Whether the rule of this route ("METHOD /pattern") lets the principal through. */
export function mayUse(principal: Principal, route: string): boolean {
  const space = route.indexOf(' ');
  const rule = ruleFor(route.slice(0, space), route.slice(space + 1));
  return rule !== undefined && allows(rule, principal);
}

export function principalOf(request: FastifyRequest): Principal {
  return request.principal ?? ANONYMOUS;
}

/** Every action, allowed or not, for this principal: what templates test as `can.<action>`. */
export function permissions(principal: Principal): Permissions {
  return Object.fromEntries(Object.entries(ACTIONS).map(([name, route]) => [name, mayUse(principal, route)])) as Permissions;
}

export type NavSection =
  | 'home' | 'incidents' | 'persons' | 'sources' | 'recommendations' | 'addressees' | 'bundles' | 'generate' | 'documents'
  | 'admin' | 'audit' | 'organisation';

/** The main navigation: one list for every page (staff, account and admin pages), each entry shown to whom its route allows. */
const NAV: Array<{ section: NavSection; href: string; label: string }> = [
  { section: 'home', href: '/', label: 'Home' },
  { section: 'incidents', href: '/incidents', label: 'Incidents' },
  { section: 'persons', href: '/persons', label: 'Persons' },
  { section: 'sources', href: '/sources', label: 'Sources' },
  { section: 'recommendations', href: '/recommendations', label: 'Recommendations' },
  { section: 'addressees', href: '/addressees', label: 'Address book' },
  { section: 'bundles', href: '/bundles', label: 'Upload a bundle' },
  { section: 'generate', href: '/generate', label: 'Generate' },
  { section: 'documents', href: '/documents', label: 'Documents' },
  { section: 'admin', href: '/admin', label: 'Users and API keys' },
  { section: 'audit', href: '/admin/audit', label: 'Audit trail' },
  { section: 'organisation', href: '/admin/organisation', label: 'Organisation' },
];

export interface NavItem { href: string; label: string; current: boolean }

export function navFor(principal: Principal, current?: string): NavItem[] {
  return NAV.filter((n) => mayUse(principal, `GET ${n.href}`))
    .map((n) => ({ href: n.href, label: n.label, current: n.section === current || n.href === current }));
}
