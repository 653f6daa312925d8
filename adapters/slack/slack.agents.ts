import type { App, BlockAction } from '@slack/bolt';
import { DomainError, ValidationError } from '../../src/core/index.js';
import type { Priority } from '../../src/ports/desk.types.js';
import { ACTIONS, type FormField } from '../../src/ports/message.types.js';
import { CARD_ACTIONS } from './slack.card.js';
import { inbound, slackConversation } from './slack.inbound.js';
import { formModal, submittedValues } from './slack.modal.js';
import { fromSlackText } from './slack.text.js';
import { personOf, type SlackDeps, takeTurn, tellOnly } from './slack.turns.js';

/** Written at the start of a message in a card's thread, it makes the rest a public reply. */
export const REPLY_PREFIX = /^reply:\s*/i;
const TRANSITION_CALLBACK = 'triage.transition';

/**
 * A message in the agents' room (the thread under a ticket's card): an internal note, or with the
 * `reply:` prefix a public reply the relay takes to the requester's thread. Goes through the
 * conversation engine, so the inbox makes a retried event change nothing; the core checks the role.
 */
export async function roomTurn(
  deps: SlackDeps,
  room: { team: string; channel: string; threadTs: string; key: string },
  user: string,
  text: string,
  deliveryId: string,
  ack: () => unknown,
  forceReply = false,
): Promise<void> {
  const reply = forceReply || REPLY_PREFIX.test(text);
  const body = text.replace(REPLY_PREFIX, '');
  const conversation = slackConversation(room.team, room.channel, room.threadTs);
  const action = { action: reply ? ACTIONS.reply : ACTIONS.note, value: room.key };
  await takeTurn(
    deps,
    inbound(deliveryId, conversation, { team: room.team, user }, { text: body, action }),
    ack,
  );
}

/** Agents: the card's buttons, the transition modal, and the "Reply to requester" shortcut. */
export function registerAgentListeners(app: App, deps: SlackDeps): void {
  const teamOf = (t: string | undefined) => t ?? deps.teamId;

  app.action(/^triage\./, async ({ body, action, ack, context }) => {
    await ack();
    const b = body as BlockAction;
    const a = action as {
      action_id: string;
      value?: string;
      selected_option?: { value: string };
      block_id: string;
    };
    const channel = b.channel?.id;
    const key = a.block_id.replace(/^card\|/, '');
    const person = await personOf(deps, teamOf(context.teamId), b.user.id);
    try {
      if (a.action_id === CARD_ACTIONS.assign)
        await deps.desk.tickets.update(person, key, { assignee: person.id });
      else if (a.action_id === CARD_ACTIONS.priority)
        await deps.desk.tickets.update(person, key, { priority: a.selected_option?.value as Priority });
      else if (a.action_id.startsWith(CARD_ACTIONS.move)) {
        const transition = String(a.value ?? '');
        // Offered again for the one who clicked: the card shows the desk's transitions, not theirs.
        const offer = (await deps.desk.transitions.available(person, key)).find((t) => t.id === transition);
        if (!offer)
          return tellOnly(deps, channel, b.user.id, `You can't take that step on ${key}; nothing changed.`);
        if (offer.fields.length > 0) {
          const fields = offer.fields.map((f) => ({ ...f, type: f.type as FormField['type'] }));
          const form = { action: '', title: offer.name, submitLabel: offer.name, fields };
          const meta = JSON.stringify({ k: key, t: transition, c: channel });
          await deps.client.views.open({
            trigger_id: b.trigger_id,
            view: formModal(form, TRANSITION_CALLBACK, meta) as never,
          });
          return;
        }
        await deps.desk.transitions.take(person, key, { transition });
      }
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      await tellOnly(deps, channel, b.user.id, `${err.message}. Nothing changed on ${key}.`);
    }
  });

  app.view(TRANSITION_CALLBACK, async ({ body, view, ack, context }) => {
    const meta = JSON.parse(view.private_metadata || '{}') as { k?: string; t?: string };
    const person = await personOf(deps, teamOf(context.teamId), body.user.id);
    const fields = submittedValues(view.state.values as never);
    const first = view.blocks.find((blk) => blk.type === 'input')?.block_id ?? 'resolution';
    try {
      await deps.desk.transitions.take(person, meta.k ?? '', { transition: meta.t ?? '', fields });
      await ack();
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      const errors =
        err instanceof ValidationError && Object.keys(err.fields).length > 0
          ? err.fields
          : { [first]: err.message };
      await ack({ response_action: 'errors', errors });
    }
  });

  app.shortcut('deskbot_reply_to_requester', async ({ shortcut, ack, context }) => {
    await ack();
    const s = shortcut as unknown as {
      trigger_id: string;
      user: { id: string };
      channel?: { id: string };
      message?: { text?: string; ts: string; thread_ts?: string };
    };
    const channel = s.channel?.id;
    const root = s.message?.thread_ts ?? s.message?.ts;
    const card = channel && root ? await deps.desk.posts.ticketAt('slack', channel, root) : null;
    if (!card || !channel || !root)
      return tellOnly(
        deps,
        channel,
        s.user.id,
        "Use this on a message in a ticket's thread in a triage channel.",
      );
    const text = fromSlackText(s.message?.text ?? '', deps.botUserId).replace(REPLY_PREFIX, '');
    const room = { team: teamOf(context.teamId), channel, threadTs: root, key: card.key };
    await roomTurn(deps, room, s.user.id, text, `sc:${s.trigger_id}`, () => {}, true);
  });
}
