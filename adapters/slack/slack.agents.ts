import type { App, BlockAction } from '@slack/bolt';
import type { CardClick } from '../../src/core/index.js';
import type { Priority } from '../../src/ports/desk.types.js';
import { ACTIONS, type InboundFile } from '../../src/ports/message.types.js';
import { CARD_ACTIONS } from './slack.card.js';
import { inbound, type SlackFile, slackConversation, slackFiles } from './slack.inbound.js';
import { formModal, submittedValues } from './slack.modal.js';
import { fromSlackText } from './slack.text.js';
import { personOf, type SlackDeps, takeTurn, tellOnly } from './slack.turns.js';

const TRANSITION_CALLBACK = 'triage.transition';

/**
 * A message in the agents' room (the thread under a ticket's card), handed to the core as it is: an
 * internal note, or a public reply (`reply:` in front, or the "Reply to requester" shortcut) that the
 * relay takes to the requester's thread. The inbox makes a retried event change nothing; the core
 * checks the role.
 */
export async function roomTurn(
  deps: SlackDeps,
  room: { team: string; channel: string; threadTs: string; key: string },
  user: string,
  said: { text: string; files?: InboundFile[] },
  deliveryId: string,
  ack: () => unknown,
  forceReply = false,
): Promise<void> {
  const conversation = slackConversation(room.team, room.channel, room.threadTs);
  const action = { action: forceReply ? ACTIONS.reply : ACTIONS.note, value: room.key };
  await takeTurn(
    deps,
    inbound(deliveryId, conversation, { team: room.team, user }, { ...said, action }),
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
    const key = a.block_id.replace(/^card\|/, '');
    const click: CardClick =
      a.action_id === CARD_ACTIONS.assign
        ? { kind: 'assign' }
        : a.action_id === CARD_ACTIONS.priority
          ? { kind: 'priority', priority: a.selected_option?.value as Priority }
          : { kind: 'move', transition: String(a.value ?? '') };
    const person = await personOf(deps, teamOf(context.teamId), b.user.id);
    const result = await deps.desk.triage.act(person, key, click);
    if (result.outcome === 'refused') return tellOnly(deps, b.channel?.id, b.user.id, result.message);
    if (result.outcome === 'ask') {
      const meta = JSON.stringify({ k: key, t: result.form.action });
      await deps.client.views.open({
        trigger_id: b.trigger_id,
        view: formModal(result.form, TRANSITION_CALLBACK, meta) as never,
      });
    }
  });

  app.view(TRANSITION_CALLBACK, async ({ body, view, ack, context }) => {
    const meta = JSON.parse(view.private_metadata || '{}') as { k?: string; t?: string };
    const person = await personOf(deps, teamOf(context.teamId), body.user.id);
    const fields = submittedValues(view.state.values as never);
    const first = view.blocks.find((blk) => blk.type === 'input')?.block_id ?? 'resolution';
    const result = await deps.desk.triage.act(person, meta.k ?? '', {
      kind: 'move',
      transition: meta.t ?? '',
      fields,
    });
    if (result.outcome !== 'refused') return ack();
    await ack({ response_action: 'errors', errors: result.fields ?? { [first]: result.message } });
  });

  app.shortcut('deskbot_reply_to_requester', async ({ shortcut, ack, context }) => {
    await ack();
    const s = shortcut as unknown as {
      trigger_id: string;
      user: { id: string };
      channel?: { id: string };
      message?: { text?: string; ts: string; thread_ts?: string; files?: SlackFile[] };
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
    // The message's files go with the reply too: the requester sees what the agent chose to send.
    const said = {
      text: fromSlackText(s.message?.text ?? '', deps.botUserId),
      files: slackFiles(s.message?.files),
    };
    const room = { team: teamOf(context.teamId), channel, threadTs: root, key: card.key };
    await roomTurn(deps, room, s.user.id, said, `sc:${s.trigger_id}`, () => {}, true);
  });
}
