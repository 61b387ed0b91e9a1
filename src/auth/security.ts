import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config/config.js';

/**
 * Headers on every response (API, pages, downloads, errors, 404s) and the shared plugins the
 * auth hooks need. Registered at the root, once: cookies for the session (the web pages reuse
 * this registration and its secret), rate limiting as limiters called where they apply.
 *
 * CSP: scripts, styles, fonts and images only from this origin (pages load /assets/*.js — no
 * inline script or style), no plugins, no <base>, no framing, forms post only here.
 */
export async function installSecurity(app: FastifyInstance, config: Config): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
      },
    },
    // Browsers ignore HSTS over plain HTTP; behind TLS it pins the site to HTTPS for a year.
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
    // Page addresses carry record keys, which may spell a name: never send them to other sites.
    referrerPolicy: { policy: 'same-origin' },
    frameguard: { action: 'deny' },
  });
  // Swagger UI sets inline styles; only its pages (signed-in users, no record data) may.
  // Scripts stay 'self' everywhere.
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.routeOptions.url?.startsWith('/docs')) {
      const csp = reply.getHeader('content-security-policy');
      if (typeof csp === 'string') reply.header('content-security-policy', csp.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"));
    }
    return payload;
  });
  await app.register(cookie, { secret: config.COOKIE_SECRET });
  await app.register(rateLimit, { global: false });
}
