import type { Button, FormSpec, MessagePart, OutboundMessage } from '../../src/ports/message.types.js';
import { customId } from './discord.inbound.js';
import { CONTENT_MAX, clip, safeText } from './discord.text.js';

type Json = Record<string, unknown>;

/** The custom id of "Fill in the form": the click answers with the conversation's pending form. */
export const OPEN_FORM = 'dskform';

const STYLE = { primary: 1, secondary: 2, danger: 4 } as const;
const MAX_ROWS = 5;

/** A message as Discord takes it; `allowed_mentions` is set on every one. */
export interface DiscordMessage {
  content: string;
  embeds: Json[];
  components: Json[];
  allowed_mentions: { parse: [] };
}

/**
 * A neutral message as Discord shows it: words as the content, articles as embeds, choices as buttons
 * and a select menu, a form as a button that opens it in a modal (with what was refused said above it).
 */
export function renderMessage(message: OutboundMessage): DiscordMessage {
  const texts: string[] = [];
  const embeds: Json[] = [];
  const rows: Json[] = [];
  for (const part of message.parts) renderPart(part, texts, embeds, rows);
  return {
    content: clip(safeText(texts.join('\n')), CONTENT_MAX),
    embeds: embeds.slice(0, 10),
    components: rows.slice(0, MAX_ROWS),
    allowed_mentions: { parse: [] },
  };
}

function renderPart(part: MessagePart, texts: string[], embeds: Json[], rows: Json[]): void {
  switch (part.kind) {
    case 'text':
      texts.push(part.text);
      return;
    case 'articles':
      for (const a of part.articles)
        embeds.push({
          title: clip(safeText(a.title), 256),
          url: a.url,
          description: clip(safeText(a.snippet), 4096),
        });
      return;
    case 'buttons':
      for (let i = 0; i < part.buttons.length; i += 5)
        rows.push(row(part.buttons.slice(i, i + 5).map(button)));
      return;
    case 'select':
      rows.push(
        row([
          {
            type: 3,
            custom_id: customId(part.action),
            placeholder: clip(part.placeholder, 150),
            options: part.options.slice(0, 25).map((o) => ({
              label: clip(o.label, 100),
              value: clip(o.value, 100),
              ...(o.description ? { description: clip(o.description, 100) } : {}),
            })),
          },
        ]),
      );
      return;
    case 'form':
      texts.push(...formLines(part.form));
      rows.push(
        row([
          {
            type: 2,
            style: STYLE.primary,
            custom_id: OPEN_FORM,
            label: part.form.fields.some((f) => f.error) ? 'Fix the form' : 'Fill in the form',
          },
        ]),
      );
  }
}

/** The form's title, and each refused field with why (the modal itself shows no errors). */
function formLines(form: FormSpec): string[] {
  const refused = form.fields.filter((f) => f.error);
  if (refused.length === 0) return [`**${form.title}**`];
  return [
    `**${form.title}**: please fix ${refused.length === 1 ? 'this' : 'these'} (what you typed is kept):`,
    ...refused.map((f) => `- ${f.label}: ${f.error}`),
  ];
}

export function row(components: Json[]): Json {
  return { type: 1, components };
}

function button(b: Button): Json {
  return {
    type: 2,
    style: b.style ? STYLE[b.style] : STYLE.secondary,
    custom_id: clip(customId(b.action, b.value), 100),
    label: clip(b.label, 80),
  };
}
