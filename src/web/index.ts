import type { FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import view from '@fastify/view';
import type { Config } from '../config/config.js';
import { csrfUserInfo } from '../auth/csrf.js';
import { installPageErrorHandler } from './error-page.js';
import { PUBLIC_DIR, viewOptions } from './views.js';
import { homeRoutes } from './home.routes.js';
import { incidentPages } from './records/incident.pages.js';
import { personPages } from './records/person.pages.js';
import { sourcePages } from './records/source.pages.js';
import { recommendationPages } from './records/recommendation.pages.js';
import { bundlePages } from './bundles.routes.js';
import { addresseePages } from './addressees.pages.js';
import { generatePages } from './generate/generate.routes.js';
import { documentPages } from './documents.routes.js';
import { reviewPages } from './review/review.pages.js';
import { organisationPages } from './admin/organisation.pages.js';
import { pickerRoutes } from './pickers.routes.js';

export interface WebOptions {
  config: Config;
}

/**
 * The staff pages: server-rendered HTML forms over the same services as the API. Register this
 * plugin plainly (not with fastify-plugin): the form and multipart parsers, cookies, CSRF and the
 * HTML error pages then apply to these routes only, and the JSON API keeps answering 415 to
 * anything but JSON.
 */
export async function webRoutes(web: FastifyInstance, opts: WebOptions): Promise<void> {
  const { config } = opts;
  // Authentication (another module) may register cookies app-wide: then reuse theirs.
  if (!web.hasRequestDecorator('cookies')) await web.register(cookie, { secret: config.COOKIE_SECRET });
  // Session-bound tokens (issue 18.5): the token hashes in who it was made for (csrfUserInfo).
  await web.register(csrf, {
    sessionPlugin: '@fastify/cookie',
    cookieOpts: { path: '/', httpOnly: true, sameSite: 'lax', signed: true, secure: 'auto' },
    csrfOpts: { hmacKey: config.COOKIE_SECRET },
    getUserInfo: csrfUserInfo,
    getToken: (request) => {
      const body = request.body as Record<string, unknown> | undefined;
      return typeof body?._csrf === 'string' ? body._csrf : undefined;
    },
  });
  await web.register(formbody, { bodyLimit: 1024 * 1024 });
  await web.register(multipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: config.BODY_LIMIT_BYTES, files: 1, fields: 16, parts: 18 },
  });
  await web.register(view, viewOptions());
  await web.register(fastifyStatic, { root: PUBLIC_DIR, prefix: '/assets/', index: false, list: false, maxAge: '1h' });
  installPageErrorHandler(web);

  // Every state-changing form carries the token: checked once the body (form or multipart) is read.
  web.addHook('preHandler', (request, reply, done) => {
    if (request.method === 'GET' || request.method === 'HEAD') return done();
    web.csrfProtection(request, reply, done);
  });

  await web.register(homeRoutes);
  await web.register(incidentPages);
  await web.register(personPages);
  await web.register(sourcePages);
  await web.register(recommendationPages);
  await web.register(addresseePages);
  await web.register(bundlePages);
  await web.register(generatePages);
  await web.register(documentPages, { separationOfDuties: config.APPROVAL_SEPARATION_OF_DUTIES });
  await web.register(reviewPages, { separationOfDuties: config.APPROVAL_SEPARATION_OF_DUTIES });
  await web.register(organisationPages);
  await web.register(pickerRoutes);
}
