import type { FastifyInstance } from 'fastify';
import { addresseeRoutes } from './addressees.routes.js';
import { adminRoutes } from './admin.routes.js';
import { auditRoutes } from './audit.routes.js';
import { authApiRoutes } from './auth.routes.js';
import { bundleRoutes } from './bundles.routes.js';
import { documentReviewRoutes } from './document-review.routes.js';
import { documentRoutes } from './documents.routes.js';
import { jobRoutes } from './jobs.routes.js';
import { interventionRoutes, type InterventionRouteOptions } from './interventions.routes.js';
import { organisationProfileRoutes } from './organisation-profile.routes.js';
import { mandateRoutes } from './mandates.routes.js';
import { recordRoutes } from './records/index.js';

/** Every JSON route under /api/v1: records, bundles, documents and their review, accounts, audit. */
export async function apiRoutes(
  api: FastifyInstance,
  opts: { bundleBodyLimit: number; bundleExportMaxIncidents: number; separationOfDuties: boolean; jobWaitMs: number; largeDocumentPages: number;
    interventions: InterventionRouteOptions;
  },
): Promise<void> {
  await api.register(bundleRoutes, { bodyLimit: opts.bundleBodyLimit, exportMaxIncidents: opts.bundleExportMaxIncidents });
  await api.register(documentRoutes, { jobWaitMs: opts.jobWaitMs, largeDocumentPages: opts.largeDocumentPages });
  await api.register(jobRoutes);
  await api.register(mandateRoutes);
  await api.register(documentReviewRoutes, { separationOfDuties: opts.separationOfDuties });
  await api.register(recordRoutes);
  await api.register(addresseeRoutes);
  await api.register(interventionRoutes, opts.interventions);
  await api.register(authApiRoutes);
  await api.register(adminRoutes);
  await api.register(auditRoutes);
  await api.register(organisationProfileRoutes);
}
