import { expect } from 'vitest';
import { componentClick, dm, guildMessage, modalSubmit } from '../../fakes/discord/discord-events.js';
import type { DiscordUser, RestCall } from '../../fakes/discord/fake-discord.js';
import type { DiscordDesk } from './discord-harness.js';

// biome-ignore lint/suspicious/noExplicitAny: Discord components are read one by one in assertions
type Json = any;

/** Everything a message shows: content, embeds' titles, fields and descriptions, component labels. */
export function shown(body: Json): string {
  const parts: string[] = [String(body.content ?? '')];
  for (const e of body.embeds ?? []) {
    parts.push(String(e.title ?? ''), String(e.description ?? ''));
    for (const f of e.fields ?? []) parts.push(`${f.name}: ${f.value}`);
  }
  for (const r of body.components ?? [])
    for (const c of r.components ?? []) parts.push(`[${c.label ?? c.placeholder}]`);
  return parts.join('\n');
}

/** The component whose custom id starts with `prefix`, in a posted message. */
export function component(body: Json, prefix: string): Json | undefined {
  for (const r of body.components ?? [])
    for (const c of r.components ?? []) if (String(c.custom_id).startsWith(prefix)) return c;
  return undefined;
}

/** Messages posted in a channel since `from` (an index into the fake's calls). */
export function postedIn(dd: DiscordDesk, channelId: string, from = 0): RestCall[] {
  return dd.fake.postedIn(channelId).filter((c) => dd.fake.calls.indexOf(c) >= from);
}

/** The message as Discord holds it now (after edits), for a click on it. */
export function message(dd: DiscordDesk, call: RestCall): Json {
  return dd.fake.messages.get(call.responseId!)!;
}

/** Clicks the component starting with `prefix` of a posted message as `user`. */
export async function click(
  dd: DiscordDesk,
  user: DiscordUser,
  call: RestCall,
  prefix: string,
  values?: string[],
) {
  return clickOn(dd, user, message(dd, call), prefix, values);
}

/** Clicks a component of a message as Discord holds it (or of an ephemeral answer, built from it). */
export async function clickOn(
  dd: DiscordDesk,
  user: DiscordUser,
  held: Json,
  prefix: string,
  values?: string[],
) {
  const found = component(held, prefix);
  expect(found, `no ${prefix} in ${shown(held)}`).toBeDefined();
  const i = componentClick(dd.fake, user, held, found.custom_id, values);
  await dd.dispatch('INTERACTION_CREATE', i);
  return i;
}

/** The answers Discord got to an interaction (its callbacks), oldest first. */
export function answers(dd: DiscordDesk, interaction: Json): Json[] {
  return dd.fake.of('POST', new RegExp(`^/api/v10/interactions/${interaction.id}/`)).map((c) => c.body);
}

/** Ephemeral follow-ups to an interaction (webhook posts with flags 64). */
export function followUps(dd: DiscordDesk, interaction: Json): Json[] {
  return dd.fake.of('POST', new RegExp(`^/api/v10/webhooks/\\d+/${interaction.token}$`)).map((c) => c.body);
}

/**
 * A whole intake in the DM: the words, "still need help" if articles came, the laptop type, the form in
 * a modal, send. Returns the ticket key.
 */
export async function openRequestInDiscord(
  dd: DiscordDesk,
  user: DiscordUser,
  text = 'My laptop screen keeps flickering after the update',
) {
  const channel = dd.dmOf(user);
  await dd.dispatch('MESSAGE_CREATE', dm(dd.fake, user, channel, text));
  return finishIntake(dd, user, channel, false);
}

/** The same intake asked with an @mention in a guild channel: it goes on in the request's own thread. */
export async function openRequestInThread(
  dd: DiscordDesk,
  user: DiscordUser,
  channelId: string,
  text = 'My laptop screen keeps flickering after the update',
) {
  const asked = guildMessage(dd.fake, user, channelId, text, true);
  await dd.dispatch('MESSAGE_CREATE', asked);
  return finishIntake(dd, user, String(asked.id), true);
}

/** From the first answer to the confirmation: "still need help", the laptop type, the modal, send. */
async function finishIntake(dd: DiscordDesk, user: DiscordUser, channel: string, guild: boolean) {
  let last = postedIn(dd, channel).at(-1)!;
  if (component(message(dd, last), 'dsk|kb.not_solved')) {
    await click(dd, user, last, 'dsk|kb.not_solved');
    last = postedIn(dd, channel).at(-1)!;
  }
  await click(dd, user, last, 'dsk|intake.type', ['laptop-problem']);
  last = postedIn(dd, channel).at(-1)!;
  const opened = await click(dd, user, last, 'dskform');
  const modal = answers(dd, opened).at(-1)!;
  expect(modal.type).toBe(9);
  await dd.dispatch(
    'INTERACTION_CREATE',
    modalSubmit(
      dd.fake,
      user,
      channel,
      modal.data.custom_id,
      {
        device: 'Laptop',
        description: 'It flickers',
        asset_tag: 'ACME-01234',
      },
      guild,
    ),
  );
  last = postedIn(dd, channel).at(-1)!;
  await click(dd, user, last, 'dsk|intake.confirm');
  last = postedIn(dd, channel).at(-1)!;
  const key = /\b(IT-\d+)\b/.exec(shown(message(dd, last)))?.[1];
  expect(key, shown(message(dd, last))).toMatch(/^IT-\d+$/);
  return { key: key!, channel };
}
