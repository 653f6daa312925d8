import type { Activity } from 'botbuilder';
import type { PlatformIdentity } from '../../src/ports/message.types.js';
import { renderCard, TRIAGE_VIEW } from './teams.card.js';
import type { TeamsDeps } from './teams.deps.js';
import { describeTeamsError } from './teams.errors.js';
import { replyChainOf } from './teams.inbound.js';

/** What Teams takes as the answer to an `adaptiveCard/action` invoke. */
export type InvokeAnswer =
  | { statusCode: 200; type: 'application/vnd.microsoft.card.adaptive'; value: unknown }
  | { statusCode: number; type: 'application/vnd.microsoft.error'; value: { code: string; message: string } };

/**
 * A person viewing a ticket's card (the card's refresh, `Action.Execute` verb `triage.view`): the card
 * as they may work it, with only the workflow steps they may take now. Read-only, so it is answered in
 * the invoke's own response and needs no inbox row.
 */
export async function cardView(
  deps: TeamsDeps,
  activity: Activity,
  speaker: PlatformIdentity,
): Promise<InvokeAnswer> {
  const action = (activity.value as { action?: { verb?: string } } | undefined)?.action;
  if (action?.verb !== TRIAGE_VIEW) return refusal(400, 'unknownVerb', 'Deskbot does not know this action');
  const chain = replyChainOf(activity.conversation.id);
  const at = chain ? await deps.desk.posts.ticketAt('teams', chain.channel, chain.root) : null;
  const card = at ? await deps.desk.posts.card(at.ticketId) : null;
  if (!card) return refusal(404, 'notFound', 'This card is not a ticket of this desk');
  let allowed = new Set<string>();
  try {
    const person = await deps.desk.identities.personOf(speaker);
    allowed = new Set((await deps.desk.transitions.available(person, card.key)).map((t) => t.id));
  } catch (err) {
    // Somebody the desk does not know, or who may not see the ticket: the card without its steps.
    deps.logger.debug({ reason: describeTeamsError(err) }, 'teams card view without steps');
  }
  const mine = { ...card, transitions: card.transitions.filter((t) => allowed.has(t.id)) };
  return {
    statusCode: 200,
    type: 'application/vnd.microsoft.card.adaptive',
    value: renderCard(mine).content,
  };
}

function refusal(statusCode: number, code: string, message: string): InvokeAnswer {
  return { statusCode, type: 'application/vnd.microsoft.error', value: { code, message } };
}
