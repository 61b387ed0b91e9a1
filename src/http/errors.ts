import type { Problem } from '../shared/problems.js';

/** An error whose message is meant for the client (4xx), optionally with per-field problems. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly problems?: Problem[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new HttpError(404, `${what} not found`);
export const unprocessable = (message: string, problems: Problem[]) => new HttpError(422, message, problems);
export const conflict = (message: string, problems?: Problem[]) => new HttpError(409, message, problems);

/** Thrown by the zod validator compiler: which part of the request, and every defect in it. */
export class RequestValidationError extends Error {
  constructor(
    readonly part: string,
    readonly problems: Problem[],
  ) {
    super(`invalid ${part}`);
  }
}
