import formbody from '@fastify/formbody';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config/config.js';
import { adminPages } from '../admin/admin.routes.js';
import { loginRoutes } from './login.routes.js';

/** Sign-in, account and admin pages; the form parser stays inside this plugin. */
export async function authPages(app: FastifyInstance, opts: { config: Config }): Promise<void> {
  await app.register(formbody, { bodyLimit: 64 * 1024 });
  await app.register(loginRoutes, opts);
  await app.register(adminPages);
}
