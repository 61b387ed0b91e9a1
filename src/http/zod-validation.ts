import type { FastifySchemaCompiler } from 'fastify';
import type { z } from 'zod';
import { problemsFromZod } from '../shared/problems.js';
import { RequestValidationError } from './errors.js';

/** Validates each request part with its zod schema and reports every defect, not just the first. */
export const zodValidatorCompiler: FastifySchemaCompiler<z.ZodType> = ({ schema, httpPart }) => (data) => {
  const result = schema.safeParse(data, { reportInput: true });
  if (result.success) return { value: result.data };
  const part = httpPart === 'querystring' ? 'query' : (httpPart ?? 'request');
  return { error: new RequestValidationError(part, problemsFromZod(result.error)) };
};
