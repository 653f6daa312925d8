import { ApiError, api, problem } from './api.js';
import { attachmentList, uploadAll } from './attachments.view.js';
import { formatTime, h, uid } from './dom.js';
import { markdownBlock } from './parts.view.js';
import type { Comment } from './types.js';

/** A ticket's comments, oldest first; internal notes (agents only) are marked in words, not colour alone. */
export function renderThread(comments: Comment[], baseUrl: string | null): HTMLElement {
  if (comments.length === 0) return h('p', { class: 'hint' }, 'No comments yet.');
  return h(
    'ol',
    { class: 'thread' },
    comments.map((c) =>
      h(
        'li',
        { class: c.internal ? 'comment internal' : 'comment' },
        h(
          'p',
          { class: 'meta' },
          c.internal && h('span', { class: 'badge badge-internal' }, 'Internal note'),
          h('strong', {}, c.author?.name ?? 'Deskbot'),
          ' · ',
          h('time', { datetime: c.createdAt }, formatTime(c.createdAt)),
        ),
        c.body !== '' && markdownBlock(c.body, baseUrl, 'md body'),
        attachmentList(c.attachments ?? []),
      ),
    ),
  );
}

/**
 * Writing on a ticket: a public reply (reaches the requester) and, for agents, an internal note.
 * The error of the API shows under the text box.
 */
export function commentForm(
  key: string,
  canNote: boolean,
  onSaved: (internal: boolean) => void,
): HTMLFormElement {
  const id = uid('comment');
  const text = h('textarea', { id, name: 'body', rows: 4, 'aria-describedby': `${id}-error` });
  const error = h('p', { id: `${id}-error`, class: 'field-error', role: 'alert' });
  const fileId = uid('files');
  const files = h('input', { id: fileId, type: 'file', multiple: true, class: 'file-input' });
  const form = h(
    'form',
    { class: 'comment-form', novalidate: true },
    h('label', { for: id }, canNote ? 'Reply or note' : 'Add a comment'),
    canNote &&
      h('p', { class: 'hint' }, 'A reply goes to the requester; an internal note stays with the agents.'),
    text,
    h('div', { class: 'field' }, h('label', { for: fileId }, 'Attach files'), files),
    error,
    h(
      'div',
      { class: 'actions' },
      h(
        'button',
        { type: 'submit', class: 'btn btn-primary', value: 'public' },
        canNote ? 'Send reply' : 'Add comment',
      ),
      canNote &&
        h('button', { type: 'submit', class: 'btn btn-note', value: 'internal' }, 'Add internal note'),
    ),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const internal = (event.submitter as HTMLButtonElement | null)?.value === 'internal';
    error.textContent = '';
    text.removeAttribute('aria-invalid');
    try {
      const attachments = await uploadAll(key, files.files);
      await api('POST', `/api/v1/tickets/${key}/comments`, { body: text.value, internal, attachments });
      text.value = '';
      files.value = '';
      onSaved(internal);
    } catch (err) {
      const reason =
        err instanceof ApiError
          ? (err.fields.body ?? err.fields.file ?? err.fields.attachments ?? err.message)
          : problem(err);
      error.textContent = reason.charAt(0).toUpperCase() + reason.slice(1);
      text.setAttribute('aria-invalid', 'true');
      text.focus();
    }
  });
  return form;
}

/** The labels of a request type's fields, from the catalog (the ticket itself carries ids). */
export async function fieldLabels(requestType: string): Promise<Record<string, string>> {
  const { departments } = await api<{
    departments: { requestTypes: { id: string; fields: { id: string; label: string }[] }[] }[];
  }>('GET', '/api/v1/request-types');
  const type = departments.flatMap((d) => d.requestTypes).find((t) => t.id === requestType);
  return Object.fromEntries((type?.fields ?? []).map((f) => [f.id, f.label]));
}

/** The request's own fields as a definition list. */
export function fieldList(fields: Record<string, unknown>, labels: Record<string, string> = {}): HTMLElement {
  const entries = Object.entries(fields);
  const dl = h('dl', { class: 'fields' });
  for (const [k, v] of entries) {
    dl.append(h('dt', {}, labels[k] ?? k), h('dd', {}, Array.isArray(v) ? v.join(', ') : String(v)));
  }
  return entries.length > 0 ? dl : h('p', { class: 'hint' }, 'No details.');
}
