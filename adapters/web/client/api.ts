const TOKEN_KEY = 'deskbot.token';

/** The signed-in person's token, kept for this tab only (sessionStorage) and sent as a Bearer header. */
export const session = {
  token: (): string | null => sessionStorage.getItem(TOKEN_KEY),
  set: (token: string): void => sessionStorage.setItem(TOKEN_KEY, token),
  clear: (): void => sessionStorage.removeItem(TOKEN_KEY),
};

/** An answer of the API that was not 2xx, with the reason per field when it gave them. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let onSignedOut: () => void = () => location.reload();

/** What to do when the token stops working (401): show the sign-in again. */
export function whenSignedOut(handler: () => void): void {
  onSignedOut = handler;
}

/** The Authorization header of the signed-in person. */
export function authHeader(): Record<string, string> {
  const token = session.token();
  return token ? { authorization: `Bearer ${token}` } : {};
}

/** Calls the server as the signed-in person; JSON in, JSON out, errors as ApiError. */
export async function api<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...authHeader() };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal,
  });
  return answer<T>(res);
}

/** Sends a file's bytes as the body (its type as Content-Type); JSON out, errors as ApiError. */
export async function sendFile<T>(path: string, file: Blob): Promise<T> {
  const res = await fetch(path, {
    method: 'POST',
    headers: {
      accept: 'application/json',
      'content-type': file.type || 'application/octet-stream',
      ...authHeader(),
    },
    body: file,
  });
  return answer<T>(res);
}

async function answer<T>(res: Response): Promise<T> {
  const text = await res.text();
  const data = text ? (JSON.parse(text) as unknown) : null;
  if (res.ok) return data as T;
  const error = (
    data as { error?: { code?: string; message?: string; fields?: Record<string, string> } } | null
  )?.error;
  if (res.status === 401) {
    session.clear();
    onSignedOut();
  }
  throw new ApiError(
    res.status,
    error?.code ?? 'error',
    error?.message ?? `HTTP ${res.status}`,
    error?.fields,
  );
}

/** A message fit to show for any failure. */
export function problem(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  return 'The desk could not be reached. Check your connection and try again.';
}
