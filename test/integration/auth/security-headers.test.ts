import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoData } from '../../../src/demo/seed.js';
import { createTestApp, type TestAppWithAuth } from '../../support/app.js';

let t: TestAppWithAuth;
let staff: Record<string, string>;
let fileUrl: string;

beforeAll(async () => {
  t = await createTestApp({}, { actor: null });
  await loadDemoData(t.database.db);
  staff = await t.authenticate('staff');
  const res = await t.app.inject({
    method: 'POST', url: '/api/v1/documents', headers: staff,
    payload: { kind: 'urgent-appeal', format: 'pdf', selection: { persons: ['p-kz-0001'] }, options: { appealCode: 'KAZ 001/0318/OBS 025' } },
  });
  expect(res.statusCode, res.body).toBe(201);
  fileUrl = res.json().links.file;
});
afterAll(async () => t?.close());

function directives(res: LightMyRequestResponse): Map<string, string> {
  const csp = String(res.headers['content-security-policy'] ?? '');
  return new Map(csp.split(';').map((d) => d.trim()).filter(Boolean).map((d) => {
    const [name, ...values] = d.split(/\s+/);
    return [name!, values.join(' ')];
  }));
}

function expectHardened(res: LightMyRequestResponse, what: string): void {
  const csp = directives(res);
  expect(csp.get('default-src'), what).toBe("'self'");
  expect(csp.get('script-src'), what).toBe("'self'");
  expect(csp.get('object-src'), what).toBe("'none'");
  expect(csp.get('base-uri'), what).toBe("'none'");
  expect(csp.get('frame-ancestors'), what).toBe("'none'");
  expect(csp.get('script-src'), what).not.toMatch(/unsafe/);
  expect(csp.get('style-src'), what).not.toMatch(/unsafe/);
  expect(res.headers['strict-transport-security'], what).toMatch(/max-age=\d{7,}/);
  expect(res.headers['x-content-type-options'], what).toBe('nosniff');
  expect(res.headers['referrer-policy'], what).toBe('same-origin');
  expect(res.headers['x-frame-options'], what).toBe('DENY');
  expect(res.headers['x-powered-by'], what).toBeUndefined();
}

describe('security headers', () => {
  it('on an API response', async () => {
    const res = await t.app.inject({ url: '/api/v1/incidents', headers: staff });
    expect(res.statusCode).toBe(200);
    expectHardened(res, 'GET /api/v1/incidents');
  });

  it('on pages: the sign-in page, a staff page and an admin page', async () => {
    const login = await t.app.inject({ url: '/login' });
    expect(login.statusCode).toBe(200);
    expectHardened(login, 'GET /login');
    const pages = [login];
    // The staff pages (src/web), when this build has them.
    if (t.app.routeCatalog.some((r) => r.url === '/incidents')) {
      const page = await t.app.inject({ url: '/incidents', headers: { ...staff, accept: 'text/html' } });
      expect(page.statusCode).toBe(200);
      expectHardened(page, 'GET /incidents');
      pages.push(page);
    }
    const admin = await t.app.inject({ url: '/admin', headers: { ...(await t.authenticate('admin')), accept: 'text/html' } });
    expect(admin.statusCode).toBe(200);
    expectHardened(admin, 'GET /admin');
    // Pages load scripts from files only: no inline script or handler for the CSP to block.
    for (const html of [...pages, admin].map((p) => p.body)) {
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
      expect(html).not.toMatch(/\son[a-z]+=/i);
    }
  });

  it('on the API documentation, which alone may use inline styles (Swagger UI), never inline scripts', async () => {
    const res = await t.app.inject({ url: '/docs/', headers: staff });
    expect(res.statusCode).toBe(200);
    const csp = directives(res);
    expect(csp.get('script-src')).toBe("'self'");
    expect(csp.get('style-src')).toBe("'self' 'unsafe-inline'");
    expect(csp.get('object-src')).toBe("'none'");
    expect(csp.get('frame-ancestors')).toBe("'none'");
    expect(directives(await t.app.inject({ url: '/api/v1/incidents', headers: staff })).get('style-src')).toBe("'self'");
  });

  it('on a download', async () => {
    const res = await t.app.inject({ url: fileUrl, headers: staff });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expectHardened(res, 'GET document file');
  });

  it('on refusals and errors: 401, 404, 422, and health checks', async () => {
    expectHardened(await t.app.inject({ url: '/api/v1/persons' }), '401');
    expectHardened(await t.app.inject({ url: '/api/v1/nothing-here', headers: staff }), '404');
    expectHardened(await t.app.inject({ method: 'POST', url: '/api/v1/persons', headers: staff, payload: {} }), '422');
    expectHardened(await t.app.inject({ url: '/health' }), '/health');
  });
});
