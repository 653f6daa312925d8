import { authHeader, sendFile } from './api.js';
import { h } from './dom.js';
import { downloadFile } from './download.js';
import type { Attachment } from './types.js';

/** Uploads the chosen files to the ticket, one by one; their ids go with the comment. */
export async function uploadAll(key: string, files: FileList | null): Promise<string[]> {
  const ids: string[] = [];
  for (const file of files ?? []) {
    const path = `/api/v1/tickets/${key}/attachments?name=${encodeURIComponent(file.name)}`;
    ids.push((await sendFile<Attachment>(path, file)).id);
  }
  return ids;
}

/**
 * A comment's files: pictures shown in place, other files as downloads. Both are fetched with the
 * person's token (a plain src or href would carry none) and shown through blob URLs.
 */
export function attachmentList(files: Attachment[]): HTMLElement | null {
  if (files.length === 0) return null;
  return h(
    'ul',
    { class: 'attachments', 'aria-label': 'Attached files' },
    files.map((f) => h('li', {}, f.inline ? picture(f) : fileButton(f))),
  );
}

function picture(f: Attachment): HTMLElement {
  const img = h('img', { alt: f.name, class: 'attachment-image', loading: 'lazy' });
  void fetch(f.url, { headers: authHeader() })
    .then((res) => (res.ok ? res.blob() : Promise.reject(new Error(String(res.status)))))
    .then((blob) => {
      img.src = URL.createObjectURL(blob);
    })
    .catch(() => img.replaceWith(fileButton(f)));
  return h('figure', {}, img, h('figcaption', {}, fileButton(f)));
}

function fileButton(f: Attachment): HTMLElement {
  const note = h('span', { class: 'field-error', role: 'alert' });
  const button = h(
    'button',
    {
      type: 'button',
      class: 'btn btn-small btn-file',
      'aria-label': `Download ${f.name}, ${size(f.size)}`,
      onclick: async () => {
        note.textContent = (await downloadFile(f.url, f.name)) ?? '';
      },
    },
    `${f.name} (${size(f.size)})`,
  );
  return h('span', {}, button, note);
}

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} kB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
