import { z } from 'zod';

export const ProblemSchema = z.object({ path: z.string(), message: z.string() });
export const ProblemsResponse = z.object({
  statusCode: z.number(),
  error: z.string(),
  message: z.string(),
  problems: z.array(ProblemSchema).optional(),
});
