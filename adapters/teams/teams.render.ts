import type { Activity, Attachment } from 'botbuilder';
import type { FormField, FormSpec, MessagePart, OutboundMessage } from '../../src/ports/message.types.js';
import { DATA } from './teams.inbound.js';
import { cardText, teamsMarkdown } from './teams.text.js';

export type CardElement = Record<string, unknown>;

const CARD_VERSION = '1.5';
const MAX_BUTTONS = 6;

/**
 * A neutral message as Teams shows it: words alone as a Markdown message (escaped); anything with a
 * choice, an article or a form as one Adaptive Card whose Action.Submit data names the core's action.
 */
export function renderMessage(message: OutboundMessage): Partial<Activity> {
  const words = message.parts.filter((p) => p.kind === 'text');
  if (words.length === message.parts.length)
    return {
      type: 'message',
      textFormat: 'markdown',
      text: teamsMarkdown(words.map((p) => p.text).join('\n\n')),
    };
  // The notification preview is plain text: no Markdown marks, links as their label.
  const summary = words[0]?.text
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\*\*|__|`/g, '')
    .slice(0, 200);
  return {
    type: 'message',
    ...(summary ? { summary } : {}),
    attachments: [adaptiveCard(message.parts.flatMap(elementsOf))],
  };
}

export function adaptiveCard(
  body: CardElement[],
  actions: CardElement[] = [],
  extra: CardElement = {},
): Attachment {
  return {
    contentType: 'application/vnd.microsoft.card.adaptive',
    content: {
      ...extra,
      type: 'AdaptiveCard',
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      version: CARD_VERSION,
      body,
      ...(actions.length > 0 ? { actions } : {}),
      msteams: { width: 'Full' },
    },
  };
}

export function textBlock(text: string, extra: CardElement = {}): CardElement {
  return { type: 'TextBlock', text: cardText(text), wrap: true, ...extra };
}

/** A button: Action.Submit whose data the inbound side reads back (teams.inbound.ts saidIn). */
export function submit(
  title: string,
  data: Record<string, unknown>,
  style?: 'primary' | 'danger',
): CardElement {
  return {
    type: 'Action.Submit',
    title,
    data,
    ...(style ? { style: style === 'primary' ? 'positive' : 'destructive' } : {}),
  };
}

function elementsOf(part: MessagePart): CardElement[] {
  switch (part.kind) {
    case 'text':
      return [textBlock(part.text)];
    case 'articles':
      return part.articles.map((a) => ({
        type: 'Container',
        separator: true,
        items: [
          textBlock(`**[${a.title}](${a.url})**`),
          textBlock(a.snippet, { isSubtle: true, size: 'Small', spacing: 'None' }),
        ],
        selectAction: { type: 'Action.OpenUrl', url: a.url },
      }));
    case 'buttons':
      return actionSets(
        part.buttons.map((b) =>
          submit(
            b.label,
            { [DATA.action]: b.action, ...(b.value ? { [DATA.value]: b.value } : {}) },
            b.style,
          ),
        ),
      );
    case 'select':
      return [
        {
          type: 'Input.ChoiceSet',
          id: DATA.choice,
          style: 'compact',
          placeholder: part.placeholder,
          choices: part.options.map((o) => ({ title: o.label, value: o.value })),
        },
        { type: 'ActionSet', actions: [submit('Choose', { [DATA.action]: part.action })] },
      ];
    case 'form':
      return formElements(part.form);
  }
}

/** Teams shows a handful of actions in a row; more go in further rows. */
function actionSets(actions: CardElement[]): CardElement[] {
  const sets: CardElement[] = [];
  for (let i = 0; i < actions.length; i += MAX_BUTTONS)
    sets.push({ type: 'ActionSet', actions: actions.slice(i, i + MAX_BUTTONS) });
  return sets;
}

/** A form's inputs, each with its label, its value so far and, when it was refused, why. */
export function formElements(form: FormSpec, data: Record<string, unknown> = {}): CardElement[] {
  return [
    textBlock(`**${form.title}**`),
    ...form.fields.flatMap((f) => [
      inputOf(f),
      ...(f.error ? [textBlock(f.error, { color: 'Attention', size: 'Small', spacing: 'None' })] : []),
    ]),
    {
      type: 'ActionSet',
      actions: [
        submit(
          form.submitLabel,
          {
            [DATA.action]: form.action,
            form: true,
            ...data,
          },
          'primary',
        ),
      ],
    },
  ];
}

function inputOf(f: FormField): CardElement {
  const base = {
    id: `${DATA.input}${f.id}`,
    label: f.label,
    isRequired: f.required,
    errorMessage: f.error ?? `${f.label} is required`,
    ...(f.help ? { placeholder: f.help } : {}),
  };
  const value = f.value === undefined || f.value === null ? undefined : f.value;
  switch (f.type) {
    case 'select':
    case 'multiselect':
      return {
        type: 'Input.ChoiceSet',
        ...base,
        style: 'compact',
        isMultiSelect: f.type === 'multiselect',
        choices: (f.options ?? []).map((o) => ({ title: o, value: o })),
        ...(value !== undefined ? { value: Array.isArray(value) ? value.join(',') : String(value) } : {}),
      };
    case 'number':
      return { type: 'Input.Number', ...base, ...(value !== undefined ? { value: Number(value) } : {}) };
    case 'date':
      return { type: 'Input.Date', ...base, ...(value !== undefined ? { value: String(value) } : {}) };
    default:
      return {
        type: 'Input.Text',
        ...base,
        isMultiline: f.type === 'longtext',
        ...(f.type === 'email' ? { style: 'Email' } : {}),
        ...(value !== undefined ? { value: String(value) } : {}),
      };
  }
}

/** A form that came back with errors: it replaces the card it was submitted on. */
export function hasFormErrors(message: OutboundMessage): boolean {
  return message.parts.some((p) => p.kind === 'form' && p.form.fields.some((f) => f.error));
}
