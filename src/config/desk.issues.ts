import type { z } from 'zod';
import { type ConfigPath, valueAtPath } from './desk.locate.js';

/** One problem in the config, before it is given a place in the file. */
export interface ConfigProblem {
  path: ConfigPath;
  message: string;
}

/** Turns zod's issues into messages an admin can act on, naming the bad value. */
export function problemsFromIssues(issues: readonly z.core.$ZodIssue[], data: unknown): ConfigProblem[] {
  return issues.flatMap((issue) => problemsFromIssue(issue, data));
}

function problemsFromIssue(issue: z.core.$ZodIssue, data: unknown): ConfigProblem[] {
  const path = issue.path;
  // One unknown key is one mistake: report each at its own key.
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({ path: [...path, key], message: `unknown key "${key}"` }));
  }
  const value = valueAtPath(data, path);
  const key = path.at(-1);
  const missing = issue.code === 'invalid_type' || issue.code === 'invalid_union';
  if (missing && value === undefined && typeof key === 'string') {
    return [{ path, message: `missing required key "${key}"` }];
  }
  if (path.length === 0 && (value === null || value === undefined))
    return [{ path, message: 'the desk config is empty' }];
  return [{ path, message: messageFor(issue, value) }];
}

function messageFor(issue: z.core.$ZodIssue, value: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'int') return `must be a whole number, got ${describe(value)}`;
      return `expected ${noun(issue.expected)}, got ${describe(value)}`;
    case 'invalid_value':
      return `${oneOf(issue.values)}, got ${describe(value)}`;
    case 'invalid_union':
      // A discriminated union whose `type` matched no option.
      if ('options' in issue && issue.options) return `${oneOf(issue.options)}, got ${describe(value)}`;
      return `${issue.message}, got ${describe(value)}`;
    case 'too_small':
      return `${tooSmall(issue)}, got ${describe(value)}`;
    case 'too_big':
      return `${tooBig(issue)}, got ${describe(value)}`;
    case 'invalid_format': {
      // Our schema words its own formats; zod's defaults start with "Invalid".
      const reason = issue.message.startsWith('Invalid') ? `must be a valid ${issue.format}` : issue.message;
      return `${reason}, got ${describe(value)}`;
    }
    case 'custom':
      return value === undefined || typeof value === 'object'
        ? issue.message
        : `${issue.message}, got ${describe(value)}`;
    default:
      return issue.message;
  }
}

function tooSmall(issue: z.core.$ZodIssueTooSmall): string {
  const min = Number(issue.minimum);
  if (issue.origin === 'array')
    return min === 1 ? 'must list at least one item' : `must list at least ${min} items`;
  if (issue.origin === 'string')
    return min === 1 ? 'must not be empty' : `must be at least ${min} characters`;
  return issue.inclusive ? `must be at least ${min}` : `must be greater than ${min}`;
}

function tooBig(issue: z.core.$ZodIssueTooBig): string {
  const max = Number(issue.maximum);
  if (issue.origin === 'array') return `must list at most ${max} items`;
  if (issue.origin === 'string') return `must be at most ${max} characters`;
  return issue.inclusive ? `must be at most ${max}` : `must be less than ${max}`;
}

function oneOf(values: readonly unknown[]): string {
  const listed = values.map((v) => JSON.stringify(v));
  return listed.length === 1 ? `must be ${listed[0]}` : `must be one of ${listed.join(', ')}`;
}

function noun(expected: string): string {
  const nouns: Record<string, string> = {
    string: 'a string',
    number: 'a number',
    boolean: 'true or false',
    array: 'a list',
    object: 'a mapping',
  };
  return nouns[expected] ?? expected;
}

/** How a YAML value reads back to the admin who wrote it. */
function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : `a list of ${value.length}`;
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `"${value}"`;
  return String(value);
}
