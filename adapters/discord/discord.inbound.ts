import type {
  ConversationAddress,
  InboundAction,
  InboundEvent,
  InboundFile,
  PlatformIdentity,
} from '../../src/ports/message.types.js';

export const PLATFORM = 'discord';

/** A Discord modal takes five inputs; a longer form is asked field by field. */
export const MODAL_FIELDS = 5;

/**
 * Where a Discord conversation lives: a DM channel, or a thread in a guild (a request started in a
 * channel gets its own). `userId` alone (no channel yet) is a person's DM to be opened for a notice.
 */
export interface DiscordRef {
  channelId: string;
  guildId?: string;
  userId?: string;
}

export function discordConversation(ref: DiscordRef): ConversationAddress {
  return {
    id: `${PLATFORM}:${ref.guildId ?? '@me'}:${ref.channelId}`,
    platform: PLATFORM,
    ref: ref as unknown as Record<string, unknown>,
    formFields: MODAL_FIELDS,
    // A request in a guild has its own thread; a DM is one conversation for everything.
    threaded: ref.guildId !== undefined,
  };
}

/**
 * Who spoke: a Discord user id. User ids are global (the same in every guild and in DMs), so the
 * identity's workspace is '': one person whether they write in a DM or in a guild's channel.
 */
export function discordSpeaker(userId: string): PlatformIdentity {
  return { platform: PLATFORM, workspace: '', externalId: userId };
}

/** A component's custom id: `dsk|action|value`, and what a click sends the core. */
export function customId(action: string, value?: string): string {
  return value === undefined ? `dsk|${action}` : `dsk|${action}|${value}`;
}

export function actionOf(id: string, values?: string[]): InboundAction | null {
  const m = /^dsk\|([^|]+)(?:\|(.*))?$/.exec(id);
  if (!m) return null;
  const value = values?.[0] ?? m[2];
  return { action: m[1]!, ...(value !== undefined ? { value } : {}) };
}

export function inbound(
  deliveryId: string,
  conversation: ConversationAddress,
  userId: string,
  said: { text: string } | { action: InboundAction; text?: string },
  files: InboundFile[] = [],
): InboundEvent {
  return {
    platform: PLATFORM,
    deliveryId,
    conversation,
    speaker: discordSpeaker(userId),
    ...said,
    ...(files.length > 0 ? { files } : {}),
  };
}
