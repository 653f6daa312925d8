import type { FormSpec, MessagePart, OutboundMessage } from '../../src/ports/message.types.js';
import { blockId } from './slack.inbound.js';
import { plain, toMrkdwn } from './slack.text.js';

// biome-ignore lint/suspicious/noExplicitAny: Block Kit JSON is built field by field and checked by Slack
export type Block = Record<string, any>;

/** Action ids of the blocks Deskbot renders for conversations. */
export const SLACK_ACTIONS = {
  openForm: 'dsk.form',
  openArticle: 'dsk.open',
} as const;

const SECTION_MAX = 3000;
const MAX_BLOCKS = 50;

/** Neutral parts as Block Kit; `tail` tags the interactive blocks with their conversation. */
export function renderMessage(message: OutboundMessage, tail: string): { text: string; blocks: Block[] } {
  const blocks = message.parts.flatMap((part, n) => renderPart(part, blockId(tail, n)));
  const text = message.parts
    .filter((p): p is Extract<MessagePart, { kind: 'text' }> => p.kind === 'text')
    .map((p) => toMrkdwn(p.text))
    .join('\n')
    .slice(0, SECTION_MAX);
  return { text: text || 'Deskbot', blocks: blocks.slice(0, MAX_BLOCKS) };
}

function renderPart(part: MessagePart, id: string): Block[] {
  switch (part.kind) {
    case 'text':
      return chunks(toMrkdwn(part.text)).map((t) => ({ type: 'section', text: { type: 'mrkdwn', text: t } }));
    case 'articles':
      return part.articles.map((a) => ({
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: toMrkdwn(`**[${a.title}](${a.url})**\n${a.snippet}`).slice(0, SECTION_MAX),
        },
        accessory: {
          type: 'button',
          action_id: SLACK_ACTIONS.openArticle,
          text: plain('Open', 75),
          url: a.url,
        },
      }));
    case 'buttons':
      return [
        {
          type: 'actions',
          block_id: id,
          elements: part.buttons.slice(0, 25).map((b, i) => ({
            type: 'button',
            action_id: `${b.action}#${i}`,
            text: plain(b.label, 75),
            ...(b.value !== undefined ? { value: b.value.slice(0, 2000) } : {}),
            ...(b.style ? { style: b.style } : {}),
          })),
        },
      ];
    case 'select':
      return [
        {
          type: 'actions',
          block_id: id,
          elements: [
            {
              type: 'static_select',
              action_id: `${part.action}#0`,
              placeholder: plain(part.placeholder, 150),
              options: part.options.slice(0, 100).map((o) => ({
                text: plain(o.label, 75),
                value: o.value.slice(0, 150),
                ...(o.description ? { description: plain(o.description, 75) } : {}),
              })),
            },
          ],
        },
      ];
    case 'form':
      return formInvitation(part.form, id);
  }
}

/** A form waits behind a button: opening a modal needs the trigger_id only a click brings. */
function formInvitation(form: FormSpec, id: string): Block[] {
  return [
    {
      type: 'section',
      text: { type: 'mrkdwn', text: toMrkdwn(`**${form.title}**: a few details, please.`) },
    },
    {
      type: 'actions',
      block_id: id,
      elements: [
        {
          type: 'button',
          action_id: SLACK_ACTIONS.openForm,
          text: plain('Fill in the form', 75),
          style: 'primary',
        },
      ],
    },
  ];
}

/** A form that came back with errors answers a modal submission: Slack shows them in the modal. */
export function isFormErrorsOnly(message: OutboundMessage): boolean {
  const [only, ...rest] = message.parts;
  return rest.length === 0 && only?.kind === 'form' && only.form.fields.some((f) => f.error);
}

function chunks(text: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += SECTION_MAX) out.push(text.slice(i, i + SECTION_MAX));
  return out.length > 0 ? out : [' '];
}
