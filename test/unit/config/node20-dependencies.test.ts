import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import Fastify from 'fastify';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

/**
 * The project states Node 20 (package.json `engines`, README). Every installed package must admit
 * it, down to the lowest version we state; and the packages pinned back to their last Node 20
 * majors through `overrides` (cookie 1, content-disposition 2, nanoid 5) must still do their
 * parents' work. `.ci/run` installs with --engine-strict as well.
 */

const root = fileURLToPath(new URL('../../../', import.meta.url));
const ourRange = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node;

/** Every package.json under node_modules, nested ones included. */
function installedPackages(dir = join(root, 'node_modules')): Array<{ path: string; name: string; version: string; node?: string }> {
  const found: Array<{ path: string; name: string; version: string; node?: string }> = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.name.startsWith('@')) {
      found.push(...installedPackages(path));
      continue;
    }
    const manifest = join(path, 'package.json');
    if (existsSync(manifest)) {
      const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version?: string; engines?: { node?: string } };
      if (pkg.name && pkg.version) found.push({ path, name: pkg.name, version: pkg.version, node: typeof pkg.engines?.node === 'string' ? pkg.engines.node : undefined });
    }
    if (existsSync(join(path, 'node_modules'))) found.push(...installedPackages(join(path, 'node_modules')));
  }
  return found;
}

describe('dependencies honest about Node 20', () => {
  it('has no installed package whose engines exclude the lowest Node we state or the one running', () => {
    const lowest = semver.minVersion(ourRange)!.version;
    expect(semver.major(lowest)).toBe(20);
    const packages = installedPackages();
    expect(packages.length).toBeGreaterThan(200);
    const excluded = packages
      .filter((p) => p.node && !(semver.satisfies(lowest, p.node) && semver.satisfies(process.version, p.node)))
      .map((p) => `${p.name}@${p.version} requires node ${p.node}`);
    expect(excluded).toEqual([]);
  });

  it('runs the pinned-back majors where their parents load them', () => {
    const versionAt = (path: string) => (JSON.parse(readFileSync(join(root, 'node_modules', path, 'package.json'), 'utf8')) as { version: string }).version;
    const resolvedFrom = (parent: string, dep: string) =>
      existsSync(join(root, 'node_modules', parent, 'node_modules', dep)) ? versionAt(`${parent}/node_modules/${dep}`) : versionAt(dep);
    expect(semver.major(resolvedFrom('@fastify/cookie', 'cookie'))).toBe(1);
    expect(semver.major(resolvedFrom('light-my-request', 'cookie'))).toBe(1);
    expect(semver.major(resolvedFrom('@fastify/static', 'content-disposition'))).toBe(2);
    expect(semver.major(resolvedFrom('docx', 'nanoid'))).toBe(5);
  });

  it('signs, sets and parses cookies through @fastify/cookie and light-my-request on cookie 1', async () => {
    const app = Fastify();
    await app.register(cookie, { secret: 'a secret of at least thirty-two characters' });
    app.get('/set', async (_request, reply) =>
      reply
        .setCookie('sid', 'tok/en+with=odd;chars é', { signed: true, httpOnly: true, path: '/', sameSite: 'strict', maxAge: 60 })
        .setCookie('plain', 'v', { path: '/' })
        .send({ ok: true }));
    app.get('/read', async (request) => ({ sid: request.unsignCookie(request.cookies.sid ?? ''), plain: request.cookies.plain }));
    const set = await app.inject({ method: 'GET', url: '/set' });
    const header = [set.headers['set-cookie']].flat().join('\n');
    expect(header).toMatch(/^sid=[^;]+; Max-Age=60; Path=\/; HttpOnly; SameSite=Strict$/m);
    // light-my-request turns the reply's cookies into the next request's Cookie header.
    const cookies = Object.fromEntries(set.cookies.map((c) => [c.name, c.value]));
    const read = await app.inject({ method: 'GET', url: '/read', cookies });
    expect(read.json()).toEqual({ sid: { valid: true, renew: false, value: 'tok/en+with=odd;chars é' }, plain: 'v' });
    await app.close();
  });

  it('names downloads through @fastify/static on content-disposition 2', async () => {
    const app = Fastify();
    await app.register(fastifyStatic, { root: join(root, 'src/demo'), serve: false });
    app.get('/plain', async (_request, reply) => reply.download('kz-2018-q1.bundle.json'));
    app.get('/named', async (_request, reply) => reply.download('kz-2018-q1.bundle.json', 'Қазақстан 2018.json'));
    const plain = await app.inject({ method: 'GET', url: '/plain' });
    expect(plain.statusCode).toBe(200);
    // Byte for byte what content-disposition 3 writes for the same names (compared when pinning).
    expect(plain.headers['content-disposition']).toBe('attachment; filename=kz-2018-q1.bundle.json');
    const named = await app.inject({ method: 'GET', url: '/named' });
    expect(named.headers['content-disposition']).toBe(`attachment; filename="????????? 2018.json"; filename*=UTF-8''%D2%9A%D0%B0%D0%B7%D0%B0%D2%9B%D1%81%D1%82%D0%B0%D0%BD%202018.json`);
    await app.close();
  });
});
