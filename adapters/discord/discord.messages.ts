import type { Message } from 'discord.js';
import { ACTIONS, type InboundEvent } from '../../src/ports/message.types.js';
import { type DiscordDeps, receive } from './discord.deps.js';
import { describeDiscordError } from './discord.errors.js';
import { filesOf } from './discord.files.js';
import { discordConversation, inbound } from './discord.inbound.js';
import { syncGuildRoles } from './discord.roles.js';
import { fromDiscordText } from './discord.text.js';
import { startThread } from './discord.threads.js';

/**
 * A message on the gateway: a DM is the person's conversation; in a guild, a message in a card's thread
 * is the agents' room, one in a request's thread continues it, and an @mention in a channel starts a
 * request in a thread of its own. Bots (Deskbot included: Discord echoes its posts) are ignored. The
 * inbox keys on the message id, so an event replayed on a resume changes nothing.
 */
export async function onMessage(deps: DiscordDeps, m: Message): Promise<void> {
  if (m.author.bot || m.system || m.webhookId || m.author.id === deps.botId()) return;
  const text = fromDiscordText(m.content, deps.botId());
  const deliveryId = `m:${m.id}`;
  // Files alone (a screenshot without words) are a message too.
  const files = filesOf(m);
  if (!m.guildId) {
    if (!text && files.length === 0) return;
    await receive(
      deps,
      inbound(deliveryId, discordConversation({ channelId: m.channelId }), m.author.id, { text }, files),
    );
    return;
  }
  const mentioned = m.mentions.users.has(deps.botId());
  // Only for a message Deskbot takes: chatter elsewhere in the guild makes nobody a person.
  const take = async (event: InboundEvent) => {
    await syncGuildRoles(deps, m, m.author.id);
    await receive(deps, event);
  };
  if (m.channel.isThread()) {
    const parent = m.channel.parentId ?? '';
    const card = await deps.desk.posts.ticketAt('discord', parent, m.channelId);
    const conversation = discordConversation({ channelId: m.channelId, guildId: m.guildId });
    if (card) {
      const action = { action: ACTIONS.note, value: card.key };
      await take(inbound(deliveryId, conversation, m.author.id, { text, action }, files));
      return;
    }
    if (!mentioned && !(await deps.desk.conversations.has(conversation.id))) return;
    if (text || files.length > 0) await take(inbound(deliveryId, conversation, m.author.id, { text }, files));
    return;
  }
  if (!mentioned || !text) return;
  // A request asked in a channel gets its own thread there, started from the message (same id).
  try {
    await startThread(deps.rest, m.channelId, m.id, `Request: ${text}`);
  } catch (err) {
    deps.logger.warn({ reason: describeDiscordError(err) }, 'discord: no thread for the request');
    return;
  }
  const conversation = discordConversation({ channelId: m.id, guildId: m.guildId });
  await take(inbound(deliveryId, conversation, m.author.id, { text }, files));
}
