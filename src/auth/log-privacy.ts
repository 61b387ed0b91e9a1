import type { FastifyRequest, FastifyServerOptions } from 'fastify';

/**
 * The application log must not carry personal data or secrets. Requests are logged by route
 * pattern (`/api/v1/persons/:key`), never the raw address: paths and queries hold record keys
 * and searches that spell names. Credentials and database error details (pg's `detail` quotes
 * row values) are redacted wherever they appear. Bodies are never logged.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization', 'req.headers.cookie', 'headers.authorization', 'headers.cookie',
  'res.headers["set-cookie"]',
  'err.detail', 'err.where', 'err.parameters', 'err.query', 'err.cause.detail', 'err.cause.where',
  'password', '*.password', 'key', '*.key', 'token', '*.token',
];

export function requestForLog(request: FastifyRequest): Record<string, unknown> {
  return { method: request.method, route: request.routeOptions?.url ?? '(no route)', id: request.id };
}

export function privateLogger(logger: FastifyServerOptions['logger']): FastifyServerOptions['logger'] {
  if (!logger) return false;
  const base = logger === true ? {} : logger;
  return {
    ...base,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: { ...(base.serializers ?? {}), req: requestForLog as never },
  };
}
