import { h, srOnly, uid } from './dom.js';
import { renderForm } from './form.view.js';
import { markdownToHtml, safeUrl } from './markdown.js';
import type { MessagePart, OutboundMessage, Said } from './types.js';

/** How a message's controls talk back: what was chosen, from which message. */
export type Reply = (said: Said, from: HTMLFieldSetElement) => void;

/** Markdown text as safe HTML (markdownToHtml escapes every piece of text first). */
export function markdownBlock(text: string, baseUrl: string | null, className = 'md'): HTMLDivElement {
  const div = h('div', { class: className });
  div.innerHTML = markdownToHtml(text, baseUrl);
  return div;
}

/**
 * A message of the desk, every part rendered natively. The parts sit in one fieldset, so a message's
 * buttons, selects and form are disabled together once it is answered.
 */
export function renderMessage(
  message: OutboundMessage,
  baseUrl: string | null,
  reply: Reply,
): HTMLFieldSetElement {
  const box = h('fieldset', { class: 'parts' });
  for (const part of message.parts) box.append(renderPart(part, baseUrl, (said) => reply(said, box)));
  return box;
}

function renderPart(part: MessagePart, baseUrl: string | null, send: (said: Said) => void): HTMLElement {
  switch (part.kind) {
    case 'text':
      return markdownBlock(part.text, baseUrl);
    case 'articles':
      return h(
        'ul',
        { class: 'articles', 'aria-label': 'Suggested articles' },
        part.articles.map((a) => {
          const href = safeUrl(a.url, baseUrl);
          // Articles open beside the chat, so the conversation stays where it is.
          return h(
            'li',
            { class: 'card' },
            href
              ? h(
                  'a',
                  { href, target: '_blank', rel: 'noopener noreferrer' },
                  a.title,
                  srOnly(' (opens in a new tab)'),
                )
              : h('strong', {}, a.title),
            h('p', {}, a.snippet),
          );
        }),
      );
    case 'buttons':
      return h(
        'div',
        { class: 'buttons', role: 'group', 'aria-label': 'Choices' },
        part.buttons.map((b) =>
          h(
            'button',
            {
              type: 'button',
              class: `btn${b.style ? ` btn-${b.style}` : ''}`,
              onclick: () => send({ action: b.action, value: b.value }),
            },
            b.label,
          ),
        ),
      );
    case 'select':
      return renderSelect(part, send);
    case 'form':
      return renderForm(part.form, (values) => send({ action: part.form.action, values }));
  }
}

function renderSelect(
  part: Extract<MessagePart, { kind: 'select' }>,
  send: (said: Said) => void,
): HTMLElement {
  const id = uid('select');
  const about = h('p', { id: `${id}-about`, class: 'help', 'aria-live': 'polite' });
  const select = h(
    'select',
    { id, 'aria-describedby': `${id}-about` },
    h('option', { value: '' }, 'Choose…'),
    part.options.map((o) => h('option', { value: o.value }, o.label)),
  );
  const error = h('p', { class: 'field-error', hidden: true }, 'Choose one of the list first.');
  select.addEventListener('change', () => {
    about.textContent = part.options.find((o) => o.value === select.value)?.description ?? '';
    error.hidden = true;
  });
  const form = h(
    'form',
    { class: 'select-part' },
    h('label', { for: id }, part.placeholder),
    h('div', { class: 'row' }, select, h('button', { type: 'submit', class: 'btn btn-primary' }, 'Choose')),
    about,
    error,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!select.value) {
      error.hidden = false;
      select.focus();
      return;
    }
    send({ action: part.action, value: select.value });
  });
  return form;
}

/** What a click or form in the transcript said, in words, from the message it answered. */
export function describeAction(
  said: { action?: string; value?: string; values?: Record<string, unknown> },
  answered?: OutboundMessage,
): string {
  for (const part of answered?.parts ?? []) {
    if (part.kind === 'buttons') {
      const b = part.buttons.find(
        (x) => x.action === said.action && (x.value ?? null) === (said.value ?? null),
      );
      if (b) return b.label;
    }
    if (part.kind === 'select' && part.action === said.action) {
      const o = part.options.find((x) => x.value === said.value);
      if (o) return o.label;
    }
    if (part.kind === 'form' && part.form.action === said.action) return `Sent the form “${part.form.title}”`;
  }
  if (said.values) return 'Sent a form';
  return said.value ?? said.action ?? '';
}
