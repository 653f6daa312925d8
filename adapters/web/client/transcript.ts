import { h } from './dom.js';
import { downloadFile } from './download.js';

/** "Download transcript": the ticket's whole conversation (public and internal, marked) as a text file. */
export function transcriptButton(key: string, error: HTMLElement): HTMLElement {
  return h(
    'button',
    {
      type: 'button',
      class: 'btn',
      onclick: async () => {
        error.textContent = '';
        const failed = await downloadFile(
          `/api/v1/tickets/${encodeURIComponent(key)}/transcript`,
          `${key}-transcript.txt`,
        );
        if (failed) error.textContent = failed.replace('The file', 'The transcript');
      },
    },
    'Download transcript',
  );
}
