import type { FastifyError, FastifyInstance } from 'fastify';
import { headersOf, statusOf } from '../http/domain-status.js';
import { HttpError } from '../http/errors.js';
import { DomainError } from '../shared/errors.js';
import { isUnavailable } from '../http/error-handler.js';
import { renderPage } from './page.js';

/**
 * Errors on the staff pages come back as pages, not JSON: what went wrong in plain words and
 * what to do next. As in the API, server errors say nothing but a request id.
 */
export function installPageErrorHandler(web: FastifyInstance): void {
  web.setErrorHandler(async (err: FastifyError | HttpError | DomainError, request, reply) => {
    const { status, heading, message } = describe(err);
    if (err instanceof DomainError) reply.headers(headersOf(err));
    if (status === 503) {
      request.log.warn({ err: { message: err.message } }, 'database unavailable');
      reply.header('retry-after', '2');
    } else if (status >= 500) {
      request.log.error({ err }, 'page request failed');
    }
    try {
      return await renderPage(request, reply, 'error', {
        title: heading,
        message,
        requestId: status >= 500 && status !== 503 ? request.id : null,
        back: safeBackLink(request.headers.referer),
      }, status);
    } catch (renderError) {
      request.log.error({ err: renderError }, 'error page failed');
      return reply.code(status).type('text/plain; charset=utf-8').send(`${heading}. ${message}`);
    }
  });
}

function describe(err: FastifyError | HttpError | DomainError): { status: number; heading: string; message: string } {
  const code = (err as FastifyError).code;
  if (code === 'FST_CSRF_MISSING_SECRET' || code === 'FST_CSRF_INVALID_TOKEN') {
    return {
      status: 403,
      heading: 'The form could not be accepted',
      message: 'The form was out of date or did not come from this site, so nothing was changed. Go back, reload the page and send it again.',
    };
  }
  if (code === 'FST_REQ_FILE_TOO_LARGE' || code === 'FST_ERR_CTP_BODY_TOO_LARGE' || code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT') {
    return { status: 413, heading: 'Too large', message: 'What was sent is larger than the service accepts. Nothing was changed.' };
  }
  if (isUnavailable(err)) {
    return { status: 503, heading: 'The database is not answering', message: 'Nothing was changed. Wait a few seconds and try again.' };
  }
  const given = err instanceof DomainError ? statusOf(err) : (err as FastifyError).statusCode;
  const status = typeof given === 'number' && given >= 400 && given < 600 ? given : 500;
  if (status === 404) return { status, heading: 'Not found', message: err instanceof HttpError || err instanceof DomainError ? `${err.message}.` : 'There is no page at this address.' };
  if (status === 401) return { status, heading: 'Please sign in', message: err.message };
  if (status === 403) return { status, heading: 'Not allowed', message: err.message };
  if (status === 415) return { status, heading: 'Unsupported form', message: 'The form was sent in a format this page does not take. Use the form on the page.' };
  if (status < 500) return { status, heading: 'The request could not be handled', message: err.message };
  return { status: 500, heading: 'Something went wrong on our side', message: 'Nothing you did caused this. Quote the request id below when reporting it.' };
}

/** The referring page, when it is an ordinary web address (never a javascript: or data: URL). */
function safeBackLink(referer: string | undefined): string | null {
  return referer && /^https?:\/\/[^\s]+$/i.test(referer) ? referer : null;
}
