import type {
  ConversationAddress,
  InboundAction,
  InboundEvent,
  InboundFile,
} from '../../src/ports/message.types.js';

export const PLATFORM = 'slack';

/** Where a Slack conversation lives: a thread (channel + root ts), or one person's ephemeral answers. */
export interface SlackRef {
  team: string;
  channel: string;
  threadTs?: string;
  /** Answers only this user sees (a /helpdesk command typed in a channel). */
  ephemeralUser?: string;
}

/**
 * A conversation is a thread: `slack:TEAM:CHANNEL:ROOT_TS`; `slack:TEAM:CHANNEL:@USER` holds one
 * person's ephemeral answers in a channel. The last part ("tail") also tags the blocks Deskbot posts,
 * so a click anywhere finds its conversation again.
 */
export function slackConversation(team: string, channel: string, tail: string): ConversationAddress {
  const ref: SlackRef = tail.startsWith('@')
    ? { team, channel, ephemeralUser: tail.slice(1) }
    : { team, channel, threadTs: tail };
  return {
    id: `${PLATFORM}:${team}:${channel}:${tail}`,
    platform: PLATFORM,
    ref: ref as unknown as Record<string, unknown>,
    // A form part becomes a button that opens a modal (the click brings the trigger_id it needs); a
    // modal takes up to 100 blocks.
    formFields: 100,
    // Every Slack conversation of Deskbot's is a thread (a DM's top-level message starts a new one), and
    // a request lives in the thread that opened it; ephemeral answers (`@USER`) are no thread.
    threaded: !tail.startsWith('@'),
  };
}

export function parseConversationId(id: string): { team: string; channel: string; tail: string } | null {
  const m = /^slack:([A-Z0-9]+):([A-Z0-9]+):(@[A-Z0-9]+|\d+\.\d+)$/.exec(id);
  return m ? { team: m[1]!, channel: m[2]!, tail: m[3]! } : null;
}

export function tailOf(ref: SlackRef): string {
  return ref.ephemeralUser ? `@${ref.ephemeralUser}` : (ref.threadTs ?? '');
}

/** The block id that ties a block to its conversation: `dsk|TAIL|n`. */
export function blockId(tail: string, n: number): string {
  return `dsk|${tail}|${n}`;
}

/** The tail a block of ours was tagged with: '' for a notice's (posted in a DM outside any thread). */
export function tailOfBlock(id: string | undefined): string | null {
  const m = /^dsk\|(@[A-Z0-9]+|\d+\.\d+)?\|\d+$/.exec(id ?? '');
  return m ? (m[1] ?? '') : null;
}

/** Words or a click from a verified Slack payload, as the core's inbound pipeline takes them. */
export function inbound(
  deliveryId: string,
  conversation: ConversationAddress,
  from: { team: string; user: string },
  said: ({ text: string } | { action: InboundAction; text?: string }) & { files?: InboundFile[] },
): InboundEvent {
  const speaker = { platform: PLATFORM, workspace: from.team, externalId: from.user };
  const { files, ...rest } = said;
  return { platform: PLATFORM, deliveryId, conversation, speaker, ...rest, ...(files?.length && { files }) };
}

/** A file as Slack describes it in a message event (the fields Deskbot reads). */
export interface SlackFile {
  id: string;
  name?: string;
  title?: string;
  mimetype?: string;
  size?: number;
  url_private?: string;
  url_private_download?: string;
}

/**
 * The files of a message, as the core takes them. A file without a URL (a tombstone, one hidden by the
 * workspace's plan, a Slack Connect file needing files.info) cannot be fetched and is left out.
 */
export function slackFiles(files: SlackFile[] | undefined): InboundFile[] {
  return (files ?? []).flatMap((f) => {
    const url = f.url_private_download ?? f.url_private;
    if (!url) return [];
    return [
      {
        name: f.name || f.title || f.id,
        contentType: f.mimetype || 'application/octet-stream',
        ...(typeof f.size === 'number' && { size: f.size }),
        url,
      },
    ];
  });
}

/** A Slack message event as far as Deskbot reads it. */
export interface SlackMessageEvent {
  type: string;
  subtype?: string;
  user?: string;
  bot_id?: string;
  text?: string;
  ts: string;
  thread_ts?: string;
  channel: string;
  channel_type?: string;
  team?: string;
  files?: SlackFile[];
}

/**
 * Our own bot's messages and every subtype (edits, joins, bot posts) are not a person speaking, except
 * `file_share`: a person's message that came with files.
 */
export function isPersonSpeaking(event: SlackMessageEvent, botUserId: string): boolean {
  const subtypeOk = !event.subtype || event.subtype === 'file_share';
  return subtypeOk && !event.bot_id && !!event.user && event.user !== botUserId;
}
