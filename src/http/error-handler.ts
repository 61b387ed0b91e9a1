import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { channel } from 'node:diagnostics_channel';
import { DomainError } from '../shared/errors.js';
import { headersOf, statusOf } from './domain-status.js';
import { HttpError, RequestValidationError } from './errors.js';

/**
 * Every 500 is published here (the error and the request) as well as logged, so that tools such
 * as the fuzzer can show what lies behind one without reading logs. Free when nobody listens.
 */
export const serverErrorChannel = channel('advocacy-docs:server-error');

/**
 * One error handler for the whole app: client errors say what is wrong (and where); server
 * errors say nothing but a request id — never a stack, SQL or driver text.
 */
export function installErrorHandler(
  app: FastifyInstance,
  options: { notFoundPage?: (request: FastifyRequest) => string | null } = {},
): void {
  app.setErrorHandler((err: FastifyError | HttpError | DomainError | RequestValidationError, request, reply) => {
    if (err instanceof RequestValidationError) {
      // A body that parses but breaks the schema is unprocessable; a bad query or path is a bad request.
      const status = err.part === 'body' ? 422 : 400;
      return reply.code(status).send({
        statusCode: status,
        error: status === 422 ? 'Unprocessable Entity' : 'Bad Request',
        message: `The request ${err.part} is invalid: ${err.problems.length} problem(s).`,
        problems: err.problems,
      });
    }
    if (err instanceof HttpError || err instanceof DomainError) {
      const status = err instanceof HttpError ? err.statusCode : statusOf(err);
      const headers = err instanceof HttpError ? err.headers : headersOf(err);
      if (headers) reply.headers(headers);
      const problems = err.problems ?? (needsProblems(status) ? [{ path: '', message: err.message }] : undefined);
      return reply.code(status).send({
        statusCode: status,
        error: reasonPhrase(status),
        message: err.message,
        ...(problems ? { problems } : {}),
      });
    }
    if (isUnavailable(err)) {
      request.log.warn({ err: { code: (err as { code?: string }).code, message: err.message } }, 'database unavailable');
      return reply.code(503).header('Retry-After', '2').send({
        statusCode: 503,
        error: 'Service Unavailable',
        message: 'The database is not answering; retry shortly.',
        requestId: request.id,
      });
    }
    const status = typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status < 500) {
      const message = clientMessage(err, request.routeOptions.bodyLimit);
      return reply.code(status).send({
        statusCode: status,
        error: reasonPhrase(status),
        message,
        // A 400 or 422 always says where: the whole body ('') when nothing narrower is known.
        ...(needsProblems(status) ? { problems: [{ path: '', message }] } : {}),
      });
    }
    request.log.error({ err }, 'request failed');
    if (serverErrorChannel.hasSubscribers) serverErrorChannel.publish({ err, method: request.method, url: request.url });
    return reply.code(500).send({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'Something went wrong on our side. Quote the request id when reporting it.',
      requestId: request.id,
    });
  });

  app.setNotFoundHandler((request, reply) => {
    // A browser's mistyped address among the pages gets a page with the navigation; the API stays JSON.
    const page = options.notFoundPage?.(request) ?? null;
    if (page !== null) return reply.code(404).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(page);
    return reply.code(404).send({ statusCode: 404, error: 'Not Found', message: `No route for ${request.method} ${request.url.split('?')[0]}` });
  });
}

/** Fastify's own 4xx messages are fine to show, but rephrase the common ones in plain words. */
function clientMessage(err: FastifyError, bodyLimit: number | undefined): string {
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'Unsupported content type: send application/json.';
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return bodyLimit ? `The request body is larger than the limit of ${bodyLimit} bytes.` : 'The request body is larger than the limit.';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'The JSON body is empty.';
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return `The body is not valid JSON: ${err.message.replace(/^.*?: /, '')}`;
    default:
      if (err instanceof SyntaxError) return `The body is not valid JSON: ${err.message}`;
      return err.message;
  }
}

const needsProblems = (status: number) => status === 400 || status === 422;

// Connection refused/reset, server shutting down or starting (57P0x), too many connections (53300),
// connection failures (08xxx), and a statement cancelled by statement_timeout (57014).
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN',
  '57P01', '57P02', '57P03', '57014', '53300', '08000', '08001', '08003', '08004', '08006',
]);

/** Database down, restarting, or the pool exhausted: the client should retry, it did nothing wrong. */
export function isUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: string }).code;
  if (code && UNAVAILABLE_CODES.has(code)) return true;
  return /timeout exceeded when trying to connect|Connection terminated|connect ECONNREFUSED|Client has encountered a connection error|Client was closed and is not queryable|Cannot use a pool after calling end/i.test(err.message);
}

function reasonPhrase(status: number): string {
  const phrases: Record<number, string> = {
    400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
    409: 'Conflict', 413: 'Payload Too Large', 415: 'Unsupported Media Type', 422: 'Unprocessable Entity',
    429: 'Too Many Requests', 503: 'Service Unavailable',
  };
  return phrases[status] ?? 'Error';
}

/**
 * Errors Fastify raises before routing (a path that is not valid percent-encoded UTF-8) skip the
 * error handler; this gives them the same shape as every other 400. Pass as `frameworkErrors`.
 */
export function frameworkErrors(err: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const status = typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 400;
  const message = err.code === 'FST_ERR_BAD_URL'
    ? 'The URL is not valid: a path segment has a malformed percent-escape or is not UTF-8.'
    : 'The request could not be routed.';
  request.log.info({ code: err.code }, 'request refused before routing');
  void reply.code(status).send({ statusCode: status, error: reasonPhrase(status), message, problems: [{ path: '', message }] });
}
