import { expect } from 'vitest';
import type { ConnectorCall, TeamsUser } from '../../fakes/teams/fake-teams.js';
import { cardSubmit, personalChat, personalMessage } from '../../fakes/teams/teams-activities.js';
import type { TeamsDesk } from './teams-harness.js';

// biome-ignore lint/suspicious/noExplicitAny: Adaptive Cards are read element by element in assertions
type Json = any;

/** Everything a posted activity shows: its text and every TextBlock and fact of its cards. */
export function shown(call: ConnectorCall | Json): string {
  const body = call.body ?? call;
  const texts: string[] = [String(body.text ?? '')];
  const walk = (node: Json) => {
    if (!node || typeof node !== 'object') return;
    if (node.type === 'TextBlock') texts.push(String(node.text));
    if (node.type === 'FactSet') for (const f of node.facts) texts.push(`${f.title}: ${f.value}`);
    if (typeof node.title === 'string' && String(node.type).startsWith('Action.'))
      texts.push(`[${node.title}]`);
    for (const v of Object.values(node)) if (typeof v === 'object') walk(v);
  };
  walk(body.attachments ?? body.activity?.attachments);
  return texts.join('\n');
}

/** The data of the card action whose data names `action` (the core's action, or a triage click). */
export function actionData(call: ConnectorCall | Json, action: string): Record<string, unknown> | undefined {
  let found: Record<string, unknown> | undefined;
  const walk = (node: Json) => {
    if (!node || typeof node !== 'object' || found) return;
    if (node.type === 'Action.Submit' && (node.data?.dsk === action || node.data?.triage === action))
      found = node.data;
    for (const v of Object.values(node)) if (typeof v === 'object') walk(v);
  };
  walk((call.body ?? call).attachments ?? (call.body ?? call).activity?.attachments);
  return found;
}

/** Posts in a conversation since `from` (an index into the fake's calls). */
export function postedIn(td: TeamsDesk, conversationId: string, from = 0): ConnectorCall[] {
  return td.fake.posted(conversationId).filter((c) => td.fake.calls.indexOf(c) >= from);
}

/** Clicks a card's action as `user`: its data, with `inputs` as Teams adds them. */
export async function submitOn(
  td: TeamsDesk,
  user: TeamsUser,
  conversation: { id: string; conversationType: string },
  card: ConnectorCall,
  action: string,
  inputs: Record<string, unknown> = {},
) {
  const data = actionData(card, action);
  expect(data, `no ${action} on ${shown(card)}`).toBeDefined();
  const res = await td.send(
    cardSubmit(td.fake, user, conversation, card.responseId ?? card.activityId!, { ...data, ...inputs }),
  );
  expect(res.status).toBe(200);
  await td.settle();
  return res;
}

/**
 * A whole intake in the personal chat: the words, "still need help" if articles came, the laptop
 * type, the form card filled in, confirm. Returns the ticket key and the chat.
 */
export async function openRequestInTeams(
  td: TeamsDesk,
  user: TeamsUser,
  text = 'My laptop screen keeps flickering after the update',
) {
  const chat = personalChat(user);
  expect((await td.send(personalMessage(td.fake, user, text))).status).toBe(200);
  await td.settle();
  let last = postedIn(td, chat.id).at(-1)!;
  if (actionData(last, 'kb.not_solved')) {
    await submitOn(td, user, chat, last, 'kb.not_solved');
    last = postedIn(td, chat.id).at(-1)!;
  }
  await submitOn(td, user, chat, last, 'intake.type', { dsk_choice: 'laptop-problem' });
  last = postedIn(td, chat.id).at(-1)!;
  const form = last;
  await submitOn(td, user, chat, form, 'intake.form', {
    'f.device': 'Laptop',
    'f.description': 'It flickers',
    'f.asset_tag': 'ACME-01234',
  });
  last = postedIn(td, chat.id).at(-1)!;
  await submitOn(td, user, chat, last, 'intake.confirm');
  last = postedIn(td, chat.id).at(-1)!;
  const key = /\b(IT-\d+)\b/.exec(shown(last))?.[1];
  expect(key, shown(last)).toMatch(/^IT-\d+$/);
  return { key: key!, chat, form };
}
