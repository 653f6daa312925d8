import { authHeader } from './api.js';

/**
 * Saves what an authenticated GET answers as a file: fetched with the person's token (a plain link
 * would carry none), then saved through a blob URL. Returns the failure to show, if any.
 */
export async function downloadFile(path: string, filename: string): Promise<string | null> {
  const res = await fetch(path, { headers: authHeader() });
  if (!res.ok) return `The file could not be made (HTTP ${res.status}).`;
  const url = URL.createObjectURL(await res.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return null;
}
