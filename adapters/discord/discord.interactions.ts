import {
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  MessageFlags,
  type ModalSubmitInteraction,
  type StringSelectMenuInteraction,
} from 'discord.js';
import type { CardClick } from '../../src/core/index.js';
import type { Priority } from '../../src/ports/desk.types.js';
import { ACTIONS } from '../../src/ports/message.types.js';
import { parseCardId, stepButtons } from './discord.card.js';
import { type DiscordDeps, personOf, receive } from './discord.deps.js';
import { describeDiscordError } from './discord.errors.js';
import { actionOf, discordConversation, inbound } from './discord.inbound.js';
import { formModal, MODAL, submittedValues } from './discord.modal.js';
import { OPEN_FORM } from './discord.render.js';
import { syncGuildRoles } from './discord.roles.js';

const EPHEMERAL = MessageFlags.Ephemeral;
const REPLY_MODAL = 'triagereply';
const MOVE_MODAL = 'triagemove';

/**
 * Every interaction is answered inside Discord's 3 s before any turn runs: a click or a submitted
 * modal is deferred (the ack, after the inbox write), a form opens as a modal at once, a refusal is a
 * message only the person sees. The inbox keys on the interaction id: Discord's client answers a
 * replayed interaction again, the inbox makes it change nothing.
 */
export async function onInteraction(deps: DiscordDeps, i: Interaction): Promise<void> {
  try {
    await syncGuildRoles(deps, i, i.user.id);
    if (i.isChatInputCommand()) return await command(deps, i);
    if (i.isButton() || i.isStringSelectMenu()) return await component(deps, i);
    if (i.isModalSubmit()) return await modal(deps, i);
  } catch (err) {
    deps.logger.error({ reason: describeDiscordError(err) }, 'discord interaction failed');
  }
}

function conversationOf(i: Interaction) {
  return discordConversation({ channelId: i.channelId ?? '', ...(i.guildId ? { guildId: i.guildId } : {}) });
}

async function component(
  deps: DiscordDeps,
  i: ButtonInteraction | StringSelectMenuInteraction,
): Promise<void> {
  if (i.customId === OPEN_FORM) return openForm(deps, i);
  const card = parseCardId(i.customId);
  if (card) return cardClick(deps, i, card);
  const action = actionOf(i.customId, i.isStringSelectMenu() ? i.values : undefined);
  if (!action) return void (await i.deferUpdate());
  await receive(deps, inbound(`i:${i.id}`, conversationOf(i), i.user.id, { action }), () => i.deferUpdate());
}

/** "Fill in the form": the conversation's pending form as a modal, answered at once. */
async function openForm(
  deps: DiscordDeps,
  i: ButtonInteraction | StringSelectMenuInteraction,
): Promise<void> {
  const person = await personOf(deps, i.user.id);
  const form = await deps.desk.conversations.pendingForm(person, conversationOf(i).id);
  if (!form)
    return void (await i.reply({
      content: 'That form is closed: the request moved on or was cancelled.',
      flags: EPHEMERAL,
    }));
  await i.showModal(formModal(form) as never);
}

async function modal(deps: DiscordDeps, i: ModalSubmitInteraction): Promise<void> {
  const [kind, key, transition] = i.customId.split('|');
  const fields = [...i.fields.fields.values()].map((f) => ({
    customId: f.customId,
    value: String((f as { value?: unknown }).value ?? ''),
  }));
  if (kind === MODAL) {
    const conversation = conversationOf(i);
    const action = { action: key ?? ACTIONS.submitForm, values: submittedValues(fields) };
    await receive(deps, inbound(`i:${i.id}`, conversation, i.user.id, { action }), () => i.deferUpdate());
    return;
  }
  if (kind === REPLY_MODAL && key) {
    const text = fields.find((f) => f.customId === 'reply')?.value.trim() ?? '';
    const action = { action: ACTIONS.reply, value: key };
    await receive(deps, inbound(`i:${i.id}`, conversationOf(i), i.user.id, { text, action }), () =>
      i.deferUpdate(),
    );
    return;
  }
  if (kind === MOVE_MODAL && key && transition) {
    await i.deferUpdate();
    const person = await personOf(deps, i.user.id);
    const result = await deps.desk.triage.act(person, key, {
      kind: 'move',
      transition,
      fields: submittedValues(fields),
    });
    if (result.outcome === 'refused') {
      const reasons = result.fields
        ? Object.entries(result.fields)
            .map(([f, r]) => `\n- ${f}: ${r}`)
            .join('')
        : '';
      await i.followUp({ content: `${result.message}${reasons}`, flags: EPHEMERAL });
    }
  }
}

/** A click on a ticket's message: checked again for the person; a refusal only they see. */
async function cardClick(
  deps: DiscordDeps,
  i: ButtonInteraction | StringSelectMenuInteraction,
  card: NonNullable<ReturnType<typeof parseCardId>>,
): Promise<void> {
  if (card.click === 'reply')
    return i.showModal({
      title: `Reply to the requester of ${card.key}`,
      custom_id: `${REPLY_MODAL}|${card.key}`,
      components: [
        {
          type: 1,
          components: [{ type: 4, custom_id: 'reply', label: 'Your reply', style: 2, required: true }],
        },
      ],
    } as never);
  const person = await personOf(deps, i.user.id);
  if (card.click === 'steps') {
    const mine = await deps.desk.transitions.available(person, card.key).catch(() => []);
    if (mine.length === 0)
      return void (await i.reply({
        content: `There is no step you can take on ${card.key} now.`,
        flags: EPHEMERAL,
      }));
    const steps = mine.map((t) => ({ id: t.id, name: t.name, asksFields: t.fields.length > 0 }));
    return void (await i.reply({
      content: `Steps you can take on ${card.key}:`,
      components: stepButtons(card.key, steps) as never,
      flags: EPHEMERAL,
    }));
  }
  if (card.click === 'movef') {
    // A step that asks for fields: its form is the answer, so the click is not deferred.
    const result = await deps.desk.triage.act(person, card.key, {
      kind: 'move',
      transition: card.transition ?? '',
    });
    if (result.outcome === 'ask')
      return i.showModal(formModal(result.form, `${MOVE_MODAL}|${card.key}|${card.transition}`) as never);
    if (result.outcome === 'refused')
      return void (await i.reply({ content: result.message, flags: EPHEMERAL }));
    return void (await i.deferUpdate());
  }
  await i.deferUpdate();
  const click: CardClick =
    card.click === 'assign'
      ? { kind: 'assign' }
      : card.click === 'priority'
        ? { kind: 'priority', priority: ((i as StringSelectMenuInteraction).values?.[0] ?? '') as Priority }
        : { kind: 'move', transition: card.transition ?? '' };
  const result = await deps.desk.triage.act(person, card.key, click);
  if (result.outcome === 'refused') await i.followUp({ content: result.message, flags: EPHEMERAL });
}

/** /helpdesk ask WORDS | my | status KEY: the answer comes in the person's DMs with the bot. */
async function command(deps: DiscordDeps, i: ChatInputCommandInteraction): Promise<void> {
  if (i.commandName !== 'helpdesk') return;
  const sub = i.options.getSubcommand(false) ?? 'my';
  const text =
    sub === 'ask'
      ? (i.options.getString('words') ?? 'help')
      : sub === 'status'
        ? `status ${i.options.getString('key') ?? ''}`.trim()
        : 'my requests';
  const dm = await deps.channel.dmChannel(i.user.id);
  const conversation = discordConversation({ channelId: dm });
  await receive(deps, inbound(`i:${i.id}`, conversation, i.user.id, { text }), () =>
    i.reply({ content: 'I’ll answer in our direct messages.', flags: EPHEMERAL }),
  );
}
