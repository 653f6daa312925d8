import { type Activity, TurnContext } from 'botbuilder';
import type { PlatformIdentity } from '../../src/ports/message.types.js';
import { ACTIONS } from '../../src/ports/message.types.js';
import { TRIAGE } from './teams.card.js';
import { cardView, type InvokeAnswer } from './teams.card-view.js';
import { receive, type TeamsDeps } from './teams.deps.js';
import { describeTeamsError } from './teams.errors.js';
import {
  inbound,
  refOf,
  replyChainOf,
  saidIn,
  speakerOf,
  type TeamsRef,
  teamsConversation,
} from './teams.inbound.js';
import { fromTeamsText } from './teams.text.js';
import { triageClick } from './teams.triage-clicks.js';

/**
 * A verified invoke: a person viewing a ticket's card gets their own (only the steps they may take);
 * any other invoke is answered with nothing.
 */
export async function onInvoke(deps: TeamsDeps, activity: Activity): Promise<InvokeAnswer | null> {
  const speaker = speakerOf(activity);
  if (activity.name !== 'adaptiveCard/action' || !speaker) return null;
  return cardView(deps, activity, speaker);
}

/**
 * One verified activity, handed to the core: `ack` answers Teams (200) once the inbox holds the
 * delivery; the turn goes on after. Only a person's messages and card submits are turns; everything
 * else (typing, installs, reactions) is answered and dropped.
 */
export async function onActivity(deps: TeamsDeps, activity: Activity, ack: () => void): Promise<void> {
  const speaker = speakerOf(activity);
  if (activity.type !== 'message' || !speaker || activity.from.id === activity.recipient.id) return ack();
  const ref = refOf(activity);
  const afterAck = () => {
    ack();
    deps.track(remember(deps, activity, ref, speaker));
  };
  const value = activity.value as Record<string, unknown> | undefined;
  if (value && typeof value[TRIAGE.click] === 'string') {
    afterAck();
    return triageClick(deps, activity, ref, speaker, value);
  }
  const mentioned = (activity.entities ?? []).some(
    (e) =>
      e.type === 'mention' && (e as { mentioned?: { id?: string } }).mentioned?.id === activity.recipient.id,
  );
  const words = fromTeamsText(
    mentioned ? (TurnContext.removeRecipientMention(activity) ?? '') : (activity.text ?? ''),
  );
  const files = deps.files.take(activity);
  // A file alone (no words) is still a message: the core keeps it on the request it is about.
  const said = saidIn(activity, words) ?? (files.length ? { text: '' } : null);
  if (!said) return ack();
  const chain = ref.conversationType === 'channel' ? replyChainOf(ref.conversationId) : null;
  const card = chain ? await deps.desk.posts.ticketAt('teams', chain.channel, chain.root) : null;
  if (card && 'text' in said) {
    // The agents' room: a reply under a ticket's card is an internal note (`reply:` makes it public).
    const action = { action: ACTIONS.note, value: card.key };
    await receive(
      deps,
      inbound(activity, teamsConversation(ref), speaker, { text: said.text, action }, files),
      afterAck,
    );
    return;
  }
  const conversation = teamsConversation(ref);
  // In a channel, Deskbot answers where it is asked in, and in the reply chains it already talks in.
  if (
    ref.conversationType !== 'personal' &&
    !mentioned &&
    !(await deps.desk.conversations.has(conversation.id))
  )
    return ack();
  await receive(deps, inbound(activity, conversation, speaker, said, files), afterAck);
}

/** The tenant's service URL and the user's ids, for proactive messages and member lookups later. */
async function remember(deps: TeamsDeps, activity: Activity, ref: TeamsRef, speaker: PlatformIdentity) {
  deps.recent.note(speaker.workspace, speaker.externalId, {
    ref: { ...ref, cardId: undefined },
    userId: activity.from.id,
    ...(activity.localTimezone ? { timezone: activity.localTimezone } : {}),
  });
  try {
    await deps.places.seen(speaker.workspace, ref.serviceUrl, {
      aadObjectId: speaker.externalId,
      id: activity.from.id,
    });
  } catch (err) {
    deps.logger.warn({ reason: describeTeamsError(err) }, 'teams: could not remember the service URL');
  }
}
