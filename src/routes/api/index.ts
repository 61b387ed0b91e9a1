import type { FastifyInstance } from 'fastify';
import { adminRoutes } from './admin.routes.js';
import { auditRoutes } from './audit.routes.js';
import { authApiRoutes } from './auth.routes.js';
import { documentReviewRoutes } from './document-review.routes.js';

/** The API routes of accounts, keys, audit and document review (under /api/v1). */
export async function authApi(api: FastifyInstance): Promise<void> {
  await api.register(authApiRoutes);
  await api.register(adminRoutes);
  await api.register(auditRoutes);
  await api.register(documentReviewRoutes);
}
