import type { Activity, CloudAdapter, ConversationReference, TurnContext } from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';
import type { TeamsRef } from './teams.inbound.js';

/**
 * Proactive calls to the Bot Connector, each in a turn the SDK opens from a stored reference (its
 * connector client brings the outbound token).
 */
export class TeamsConnector {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
  ) {}

  /** Runs `work` with a turn context and connector client for the conversation (or the service URL). */
  async run<T>(
    ref: TeamsRef,
    work: (context: TurnContext, connector: ConnectorClient) => Promise<T>,
  ): Promise<T> {
    let result: T | undefined;
    await this.adapter.continueConversationAsync(this.appId, referenceOf(ref), async (context) => {
      const connector = context.turnState.get(this.adapter.ConnectorClientKey) as ConnectorClient;
      result = await work(context, connector);
    });
    return result as T;
  }

  /** Posts in the conversation; the new message's id. */
  async send(ref: TeamsRef, activity: Partial<Activity>): Promise<string | undefined> {
    return this.run(ref, async (context) => (await context.sendActivity(activity))?.id);
  }

  /** Replaces a message Deskbot posted (a card), in place. */
  async update(ref: TeamsRef, activityId: string, activity: Partial<Activity>): Promise<void> {
    await this.run(ref, async (context) => {
      await context.updateActivity({ ...activity, id: activityId });
    });
  }
}

/** Opens a person's 1:1 chat with the bot (Teams answers the existing one) and posts there. */
export async function sendDirect(
  connector: TeamsConnector,
  ref: TeamsRef,
  userId: string,
  activity: Partial<Activity>,
): Promise<string | undefined> {
  const bot = { id: ref.bot.id, name: ref.bot.name ?? 'Deskbot' };
  return connector.run(ref, async (_context, client) => {
    const chat = await client.conversations.createConversation({
      isGroup: false,
      bot,
      members: [{ id: userId, name: '' }],
      tenantId: ref.tenantId,
      channelData: { tenant: { id: ref.tenantId } },
    } as never);
    const conversation = {
      id: chat.id,
      tenantId: ref.tenantId,
      isGroup: false,
      name: '',
      conversationType: 'personal',
    };
    return (
      await client.conversations.sendToConversation(chat.id, {
        ...activity,
        from: bot,
        conversation,
      } as never)
    ).id;
  });
}

export function referenceOf(ref: TeamsRef): Partial<ConversationReference> {
  return {
    channelId: 'msteams',
    serviceUrl: ref.serviceUrl,
    bot: { id: ref.bot.id, name: ref.bot.name ?? 'Deskbot' },
    conversation: {
      id: ref.conversationId,
      tenantId: ref.tenantId,
      conversationType: ref.conversationType,
      isGroup: ref.conversationType !== 'personal',
      name: '',
    },
  };
}
