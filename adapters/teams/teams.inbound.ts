import type { Activity } from 'botbuilder';
import type {
  ConversationAddress,
  InboundAction,
  InboundEvent,
  InboundFile,
  PlatformIdentity,
} from '../../src/ports/message.types.js';

export const PLATFORM = 'teams';

/** The largest form an Adaptive Card shows at once; a longer one is asked field by field. */
export const CARD_FORM_FIELDS = 30;

/**
 * What Deskbot keeps to post in a Teams conversation again (a proactive message): the service URL it
 * was last reached at, the tenant, the conversation (a personal chat, or a channel's reply chain
 * `19:...@thread.tacv2;messageid=ROOT`), and the bot's own account there. `cardId` is the card a
 * submit came from, so a form that comes back with errors replaces it in place.
 */
export interface TeamsRef {
  serviceUrl: string;
  tenantId: string;
  conversationId: string;
  conversationType: string;
  bot: { id: string; name?: string };
  cardId?: string;
  /** A person's direct chat, opened when a notice needs it (no activity came from there yet). */
  userId?: string;
}

/** The key a submitted card's data carries: the action, and a button's value. */
export const DATA = { action: 'dsk', value: 'dskv', choice: 'dsk_choice', input: 'f.' } as const;

/** The tenant of an activity (channelData.tenant.id, or the conversation's). */
export function tenantOf(activity: Partial<Activity>): string {
  const fromChannel = (activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id;
  return String(fromChannel ?? activity.conversation?.tenantId ?? '');
}

export function teamsConversation(ref: TeamsRef): ConversationAddress {
  return {
    id: `${PLATFORM}:${ref.tenantId}:${ref.conversationId}`,
    platform: PLATFORM,
    ref: ref as unknown as Record<string, unknown>,
    formFields: CARD_FORM_FIELDS,
    // A channel request lives in its reply chain; a personal chat is one conversation for everything.
    threaded: ref.conversationType === 'channel',
  };
}

/** The reference of the conversation an activity came from, with the card it was submitted on. */
export function refOf(activity: Activity): TeamsRef {
  return {
    serviceUrl: activity.serviceUrl,
    tenantId: tenantOf(activity),
    conversationId: activity.conversation.id,
    conversationType: activity.conversation.conversationType ?? 'personal',
    bot: { id: activity.recipient.id, ...(activity.recipient.name ? { name: activity.recipient.name } : {}) },
    ...(activity.value && activity.replyToId ? { cardId: activity.replyToId } : {}),
  };
}

/** Who spoke: the AAD object id in the tenant (the bot-framework id `29:...` differs per bot). */
export function speakerOf(activity: Activity): PlatformIdentity | null {
  const aad = activity.from?.aadObjectId;
  if (!aad) return null;
  return { platform: PLATFORM, workspace: tenantOf(activity), externalId: aad };
}

/** A channel's id and the root message of its reply chain, from `19:...;messageid=ROOT`. */
export function replyChainOf(conversationId: string): { channel: string; root: string } | null {
  const m = /^(.+);messageid=(\d+)$/.exec(conversationId);
  return m ? { channel: m[1]!, root: m[2]! } : null;
}

/**
 * What a person said or clicked: the words of a message (the bot's @mention taken out), or a card's
 * submitted data: a button's action and value, a choice, or a form's inputs.
 */
export function saidIn(
  activity: Activity,
  words: string,
): { text: string } | { action: InboundAction } | null {
  const value = activity.value as Record<string, unknown> | undefined;
  if (value && typeof value === 'object' && typeof value[DATA.action] === 'string') {
    const action = String(value[DATA.action]);
    if (value.form === true) return { action: { action, values: submittedValues(value) } };
    const chosen = value[DATA.choice] ?? value[DATA.value];
    return {
      action: { action, ...(chosen !== undefined && chosen !== '' ? { value: String(chosen) } : {}) },
    };
  }
  const text = words.trim();
  return text ? { text } : null;
}

/**
 * A form's inputs, empty ones left out. Teams sends every input as a string, a multi-choice as "a,b":
 * the core's field rules split and check it, as they do for every channel.
 */
export function submittedValues(value: Record<string, unknown>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [input, v] of Object.entries(value)) {
    if (input.startsWith(DATA.input) && typeof v === 'string' && v !== '')
      values[input.slice(DATA.input.length)] = v;
  }
  return values;
}

export function inbound(
  activity: Activity,
  conversation: ConversationAddress,
  speaker: PlatformIdentity,
  said: { text: string } | { action: InboundAction; text?: string },
  files: InboundFile[] = [],
): InboundEvent {
  return {
    platform: PLATFORM,
    deliveryId: activity.id ?? '',
    conversation,
    speaker,
    ...said,
    ...(files.length ? { files } : {}),
  };
}
