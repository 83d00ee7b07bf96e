// Input validation for every route: one zod schema per input, one answer for bad input.
import type { Response } from 'express';
import type { z } from 'zod';

/**
 * The parsed value, or undefined after answering `400 { error: 'invalid-input', field, message }`
 * (the first problem only; the value itself is never echoed back).
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, res: Response): z.infer<S> | undefined {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  res.status(400).json({ error: 'invalid-input', field: issue?.path.join('.') ?? '', message: issue?.message ?? 'invalid' });
  return undefined;
}
