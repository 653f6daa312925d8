import { expect } from 'vitest';

/** A demo identity's token from a running service (its web chat's demo sign-in). */
export async function demoToken(base: string, email: string): Promise<string> {
  const res = await fetch(`${base}/web/demo-session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email }),
  });
  return ((await res.json()) as { token: string }).token;
}

/** One REST call as the token's holder, expected to succeed; its JSON answer. */
export async function callApi(
  base: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
  // biome-ignore lint/suspicious/noExplicitAny: JSON answers are read field by field
): Promise<any> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(res.status, `${method} ${path}`).toBeLessThan(300);
  return res.json();
}
