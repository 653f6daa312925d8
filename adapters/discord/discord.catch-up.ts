import type { DiscordDeps } from './discord.deps.js';
import { describeDiscordError } from './discord.errors.js';
import { PLATFORM } from './discord.inbound.js';
import { onMessage } from './discord.messages.js';

/** Conversations heard within this long are looked at when an instance takes the gateway. */
const RECENT_MS = 10 * 60_000;
/** At most this many conversations (the most recent), and messages in each. */
const CONVERSATIONS = 100;
const MESSAGES = 50;

/**
 * What was said while no instance held the gateway (its holder was killed: Discord replays a session
 * only to a RESUME, never to the next holder's IDENTIFY). When this instance takes the gateway, each
 * conversation heard lately is read after its newest recorded delivery (a snowflake, so in time order),
 * oldest first, through the same handler as the gateway's; the inbox drops what was recorded already.
 * A brand-new DM in the gap is not found: a bot cannot list its DMs. Returns the conversations read.
 */
export async function catchUp(deps: DiscordDeps): Promise<number> {
  let read = 0;
  for (const last of await deps.desk.conversations.lastHeard(PLATFORM, RECENT_MS, CONVERSATIONS)) {
    const after = /^[mi]:(\d{1,20})$/.exec(last.deliveryId)?.[1];
    const channelId = last.ref.channelId;
    if (!after || typeof channelId !== 'string') continue;
    try {
      const channel = await deps.client.channels.fetch(channelId);
      if (!channel?.isTextBased()) continue;
      const messages = await channel.messages.fetch({ after, limit: MESSAGES });
      read++;
      const oldestFirst = [...messages.values()].sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
      for (const m of oldestFirst) await onMessage(deps, m);
    } catch (err) {
      deps.logger.warn(
        { reason: describeDiscordError(err), channelId },
        'discord: could not read what was missed',
      );
    }
  }
  return read;
}
