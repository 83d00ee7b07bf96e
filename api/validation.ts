// Input validation for every route: one zod schema per input, one answer for bad input.
//
// The answer names the field and says what is wrong twice: `message` in English, for scripts and
// logs, and `problem`, the same thing as data, for a client to say in its own languages (the panel
// says it in the company's two). The value itself is never echoed back.
import type { Response } from 'express';
import { z } from 'zod';
import type { InputFormat, InputProblem, InputType, LimitOf } from '../domain/input-problem';

export interface InvalidInput {
  error: 'invalid-input';
  field: string;
  message: string;
  problem: InputProblem;
}

/** Answers 400 invalid-input. */
export function refuseInput(res: Response, field: string, problem: InputProblem, message: string): void {
  const body: InvalidInput = { error: 'invalid-input', field, message, problem };
  res.status(400).json(body);
}

/**
 * A text in a given format: a refinement rather than zod's `regex`, so that the problem can name
 * the format (a regex issue carries only its pattern).
 */
export function formatted(pattern: RegExp, format: InputFormat, message: string) {
  return z.string().refine((s) => pattern.test(s), { message, params: { format }, abort: true });
}

/**
 * The parsed value, or undefined after answering `400 { error: 'invalid-input', field, message,
 * problem }` (the first problem only).
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, res: Response): z.infer<S> | undefined {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const { field, problem, message } = describeIssue(parsed.error.issues[0], value);
  refuseInput(res, field, problem, message);
  return undefined;
}

const TYPES: Record<string, InputType> = {
  number: 'number',
  int: 'whole-number',
  string: 'text',
  array: 'list',
  boolean: 'yes-no',
  object: 'object',
};

function limitOf(origin: string): LimitOf {
  if (origin === 'string') return 'text';
  if (origin === 'array' || origin === 'set') return 'list';
  return 'number';
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let at = value;
  for (const key of path) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<PropertyKey, unknown>)[key];
  }
  return at;
}

/** One zod issue as the field it is about, the problem as data and the English sentence. */
export function describeIssue(issue: z.core.$ZodIssue | undefined, value: unknown): { field: string; problem: InputProblem; message: string } {
  if (!issue) return { field: '', problem: { code: 'invalid' }, message: 'invalid' };
  const path = issue.path.map(String);
  const field = path.join('.');
  switch (issue.code) {
    case 'invalid_type':
      if (valueAt(value, issue.path) === undefined) return { field, problem: { code: 'required' }, message: 'is required' };
      return { field, problem: { code: 'wrong-type', expected: TYPES[issue.expected] ?? 'text' }, message: issue.message };
    case 'too_small':
      return { field, problem: { code: 'too-small', of: limitOf(issue.origin), limit: Number(issue.minimum), inclusive: issue.inclusive !== false }, message: issue.message };
    case 'too_big':
      return { field, problem: { code: 'too-big', of: limitOf(issue.origin), limit: Number(issue.maximum), inclusive: issue.inclusive !== false }, message: issue.message };
    case 'invalid_value':
      return { field, problem: { code: 'one-of', options: issue.values.map(String) }, message: issue.message };
    case 'unrecognized_keys': {
      const key = issue.keys[0] ?? '';
      return { field: [...path, key].join('.'), problem: { code: 'unknown-field' }, message: 'is not a field this accepts' };
    }
    case 'custom': {
      const format = (issue.params as { format?: InputFormat } | undefined)?.format;
      if (format) return { field, problem: { code: 'format', format }, message: issue.message };
      return { field, problem: { code: 'invalid' }, message: issue.message };
    }
    default:
      return { field, problem: { code: 'invalid' }, message: issue.message };
  }
}
