import type { App, BlockAction, SlackViewAction } from '@slack/bolt';
import { ACTIONS, type OutboundMessage } from '../../src/ports/message.types.js';
import { roomTurn } from './slack.agents.js';
import type { AcknowledgeContext } from './slack.dispatch.js';
import { publishHome } from './slack.home.js';
import {
  inbound,
  isPersonSpeaking,
  parseConversationId,
  type SlackMessageEvent,
  slackConversation,
  slackFiles,
  tailOfBlock,
} from './slack.inbound.js';
import { FORM_CALLBACK, formModal, submittedValues } from './slack.modal.js';
import { SLACK_ACTIONS } from './slack.renderer.js';
import { fromSlackText } from './slack.text.js';
import { personOf, type SlackDeps, startInDirectMessage, takeTurn, tellOnly } from './slack.turns.js';

const COMMAND_ANSWERS = /^(|help|my|my requests|my tickets|status\s+[a-z][a-z0-9]*-\d+)$/i;
const FROM_REACTION = 'dsk.from_reaction';

/** Requesters: direct messages, mentions, replies in their threads, /helpdesk, shortcuts, the :ticket: reaction. */
export function registerRequesterListeners(app: App, deps: SlackDeps): void {
  const team = (t: string | undefined) => t ?? deps.teamId;

  app.event('message', async ({ event, body, context }) => {
    const e = event as unknown as SlackMessageEvent;
    if (!isPersonSpeaking(e, deps.botUserId)) return;
    const ack = () => (context as AcknowledgeContext).acknowledge?.();
    const eventId = String(body.event_id);
    if (e.channel_type === 'im') {
      const conversation = slackConversation(team(context.teamId), e.channel, e.thread_ts ?? e.ts);
      const from = { team: team(context.teamId), user: e.user! };
      await takeTurn(
        deps,
        inbound(eventId, conversation, from, {
          text: fromSlackText(e.text ?? '', deps.botUserId),
          files: slackFiles(e.files),
        }),
        ack,
      );
      return;
    }
    // In channels only threads of ours count; a mention comes (also) as app_mention, handled there.
    if (!e.thread_ts || (e.text ?? '').includes(`<@${deps.botUserId}>`)) return;
    await threadMessage(deps, team(context.teamId), e, eventId, ack);
  });

  app.event('app_mention', async ({ event, body, context }) => {
    const e = event as unknown as SlackMessageEvent;
    if (!isPersonSpeaking(e, deps.botUserId)) return;
    const ack = () => (context as AcknowledgeContext).acknowledge?.();
    await threadMessage(deps, team(context.teamId), e, String(body.event_id), ack, true);
  });

  app.command('/helpdesk', async ({ command, ack, context }) => {
    const words = command.text.trim();
    const at = { team: team(context.teamId), user: command.user_id, deliveryId: `cmd:${command.trigger_id}` };
    if (COMMAND_ANSWERS.test(words)) {
      // Answers only the person sees, where they typed it.
      const conversation = slackConversation(at.team, command.channel_id, `@${command.user_id}`);
      await takeTurn(deps, inbound(at.deliveryId, conversation, at, { text: words || 'help' }), () => ack());
      return;
    }
    await ack({ response_type: 'ephemeral', text: "Thanks! I'll take it from here in our direct messages." });
    await startInDirectMessage(deps, at, 'You asked the help desk:', words);
  });

  app.shortcut('deskbot_create_request', async ({ shortcut, ack, context }) => {
    await ack();
    const s = shortcut as unknown as {
      trigger_id: string;
      user: { id: string };
      message?: { text?: string };
    };
    const words = fromSlackText(s.message?.text ?? '', deps.botUserId);
    const at = { team: team(context.teamId), user: s.user.id, deliveryId: `sc:${s.trigger_id}` };
    await startInDirectMessage(deps, at, 'Starting a request from this message:', words || 'help');
  });

  app.event('reaction_added', async ({ event, context }) => {
    (context as AcknowledgeContext).acknowledge?.();
    if (event.reaction !== 'ticket' || event.item.type !== 'message') return;
    // Reactions bring no trigger_id: offer a button, whose click starts the request.
    await deps.client.chat
      .postEphemeral({
        channel: event.item.channel,
        user: event.user,
        text: 'Open a help desk request from this message?',
        blocks: [
          { type: 'section', text: { type: 'mrkdwn', text: 'Open a help desk request from this message?' } },
          {
            type: 'actions',
            elements: [
              {
                type: 'button',
                action_id: FROM_REACTION,
                style: 'primary',
                text: { type: 'plain_text', text: 'Create request' },
                value: `${event.item.channel}|${event.item.ts}`,
              },
            ],
          },
        ],
      })
      .catch((err) =>
        deps.logger.warn({ reason: String((err as { code?: string }).code) }, 'reaction offer failed'),
      );
  });

  app.action(FROM_REACTION, async ({ body, action, ack, context }) => {
    await ack();
    const [channel, ts] = String((action as { value?: string }).value ?? '').split('|');
    if (!channel || !ts) return;
    const found = await deps.client.conversations.replies({ channel, ts, limit: 1, inclusive: true });
    const words = fromSlackText(found.messages?.[0]?.text ?? '', deps.botUserId);
    const at = {
      team: team(context.teamId),
      user: body.user.id,
      deliveryId: `re:${(body as BlockAction).trigger_id}`,
    };
    await startInDirectMessage(deps, at, 'Starting a request from this message:', words || 'help');
  });

  app.action(SLACK_ACTIONS.openArticle, async ({ ack }) => {
    await ack();
  });

  app.action({ block_id: /^dsk\|/ }, async ({ body, action, ack, context }) => {
    const b = body as BlockAction;
    const tagged = tailOfBlock((action as { block_id?: string }).block_id);
    // A notice (an approval request, a survey) is no thread's: a click on it continues in the thread
    // under that message, where its answer goes and where words it asks for (a reason) are read.
    const tail =
      tagged === '' ? (b.message?.ts ?? (b.container as { message_ts?: string }).message_ts) : tagged;
    const channel = b.channel?.id ?? (b.container as { channel_id?: string }).channel_id;
    if (!tail || !channel) return ack();
    const conversation = slackConversation(team(context.teamId), channel, tail);
    if ((action as { action_id: string }).action_id === SLACK_ACTIONS.openForm) {
      await ack();
      return openForm(deps, team(context.teamId), b, conversation.id);
    }
    const a = action as { action_id: string; value?: string; selected_option?: { value: string } };
    const click = { action: a.action_id.split('#')[0]!, value: a.selected_option?.value ?? a.value };
    const from = { team: team(context.teamId), user: b.user.id };
    await takeTurn(deps, inbound(`act:${b.trigger_id}`, conversation, from, { action: click }), () => ack());
  });

  app.view(FORM_CALLBACK, async ({ body, view, ack, context }) => {
    const meta = JSON.parse(view.private_metadata || '{}') as { c?: string; a?: string };
    const where = parseConversationId(meta.c ?? '');
    if (!where) return ack();
    const conversation = slackConversation(where.team, where.channel, where.tail);
    const from = { team: team(context.teamId), user: body.user.id };
    const values = submittedValues(view.state.values as never);
    const deliveryId = `view:${(body as SlackViewAction & { trigger_id?: string }).trigger_id ?? `${view.id}:${view.hash}`}`;
    // Answered inside Slack's 3 s: field errors go back into the modal, not into a new message.
    const received = await takeTurn(
      deps,
      inbound(deliveryId, conversation, from, { action: { action: meta.a ?? ACTIONS.submitForm, values } }),
      () => {},
    );
    const errors = received.outcome === 'answered' ? formErrors(received.replies) : null;
    await (errors ? ack({ response_action: 'errors', errors }) : ack());
  });

  app.event('app_home_opened', async ({ event, context }) => {
    (context as AcknowledgeContext).acknowledge?.();
    if (event.tab !== 'home') return;
    await publishHome(deps, team(context.teamId), event.user);
  });
}

/** A message in a thread (or a mention): the agents' room under a card, or a requester's conversation. */
async function threadMessage(
  deps: SlackDeps,
  team: string,
  e: SlackMessageEvent,
  eventId: string,
  ack: () => unknown,
  mentioned = false,
): Promise<void> {
  const said = { text: fromSlackText(e.text ?? '', deps.botUserId), files: slackFiles(e.files) };
  const root = e.thread_ts ?? e.ts;
  const card = e.thread_ts ? await deps.desk.posts.ticketAt('slack', e.channel, e.thread_ts) : null;
  if (card)
    return roomTurn(
      deps,
      { team, channel: e.channel, threadTs: root, key: card.key },
      e.user!,
      said,
      eventId,
      ack,
    );
  const conversation = slackConversation(team, e.channel, root);
  // A thread Deskbot does not talk in is none of its business unless someone asks it in.
  if (!mentioned && !(await deps.desk.conversations.has(conversation.id))) return;
  await takeTurn(deps, inbound(eventId, conversation, { team, user: e.user! }, said), ack);
}

async function openForm(
  deps: SlackDeps,
  team: string,
  b: BlockAction,
  conversationId: string,
): Promise<void> {
  const person = await personOf(deps, team, b.user.id);
  const form = await deps.desk.conversations.pendingForm(person, conversationId);
  if (!form)
    return tellOnly(
      deps,
      b.channel?.id,
      b.user.id,
      'That form is closed: the request moved on or was cancelled.',
    );
  await deps.client.views.open({
    trigger_id: b.trigger_id,
    view: formModal(form, FORM_CALLBACK, JSON.stringify({ c: conversationId, a: form.action })) as never,
  });
}

/** The errors of a form that came back, keyed by field id (the modal's block ids); null when none. */
function formErrors(replies: OutboundMessage[]): Record<string, string> | null {
  for (const reply of replies) {
    for (const part of reply.parts) {
      if (part.kind !== 'form') continue;
      const errors = Object.fromEntries(part.form.fields.filter((f) => f.error).map((f) => [f.id, f.error!]));
      if (Object.keys(errors).length > 0) return errors;
    }
  }
  return null;
}
