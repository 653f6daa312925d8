import { authHeader } from './api.js';
import { h } from './dom.js';

/**
 * "Download transcript": the ticket's whole conversation (public and internal, marked) as a text file.
 * Fetched with the person's token (a plain link would carry none), then saved through a blob URL.
 */
export function transcriptButton(key: string, error: HTMLElement): HTMLElement {
  return h(
    'button',
    {
      type: 'button',
      class: 'btn',
      onclick: async () => {
        error.textContent = '';
        const res = await fetch(`/api/v1/tickets/${encodeURIComponent(key)}/transcript`, {
          headers: authHeader(),
        });
        if (!res.ok) {
          error.textContent = `The transcript could not be made (HTTP ${res.status}).`;
          return;
        }
        const url = URL.createObjectURL(await res.blob());
        const link = h('a', { href: url, download: `${key}-transcript.txt` });
        document.body.append(link);
        link.click();
        link.remove();
        setTimeout(() => URL.revokeObjectURL(url), 10_000);
      },
    },
    'Download transcript',
  );
}
