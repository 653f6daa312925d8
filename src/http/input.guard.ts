/**
 * What every inbound body, query and platform payload is checked for before anything reads it: text
 * PostgreSQL cannot store (a NUL character), text that is not Unicode (a lone surrogate, which no
 * UTF-8 can carry), and JSON nested deeper than any real request (the database's JSON parser and the
 * serializer give up in the thousands, failing whatever statement carries it).
 */

/** Deeper than any form, API body or Slack payload Deskbot reads (those stay under 12). */
export const MAX_JSON_DEPTH = 32;

/** One thing wrong with an input: where (a dotted path, `[i]` for array items) and why. */
export interface InputProblem {
  path: string;
  reason: string;
}

/** A high surrogate not followed by a low one, or a low one without a high one before it. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why this text cannot be taken, or null when it can. */
export function textProblem(text: string): string | null {
  if (text.includes('\u0000')) return 'contains a NUL character';
  if (LONE_SURROGATE.test(text)) return 'is not valid Unicode (a lone surrogate)';
  return null;
}

/**
 * The first problem in a parsed JSON value (keys count as text too), or null. Walks without recursion,
 * so a hostile depth costs no stack.
 */
export function findInputProblem(value: unknown, root = 'body'): InputProblem | null {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { value: v, path, depth } = stack.pop()!;
    if (typeof v === 'string') {
      const reason = textProblem(v);
      if (reason) return { path: path || root, reason };
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH)
      return { path: path || root, reason: `is nested deeper than ${MAX_JSON_DEPTH} levels` };
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--)
        stack.push({ value: v[i], path: `${path}[${i}]`, depth: depth + 1 });
      continue;
    }
    const keys = Object.keys(v);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i]!;
      const at = path ? `${path}.${key}` : key;
      const reason = textProblem(key);
      if (reason) return { path: at, reason: `has a name that ${reason}` };
      stack.push({ value: (v as Record<string, unknown>)[key], path: at, depth: depth + 1 });
    }
  }
  return null;
}

/** A raw URL (path and query as sent) with a percent-encoded or literal NUL. */
export function urlHasNul(url: string): boolean {
  return url.includes('\u0000') || /%00/i.test(url);
}
