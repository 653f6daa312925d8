import type { Activity } from 'botbuilder';
import type { CardClick } from '../../src/core/index.js';
import type { Priority } from '../../src/ports/desk.types.js';
import type { FormSpec, PlatformIdentity } from '../../src/ports/message.types.js';
import { ACTIONS } from '../../src/ports/message.types.js';
import { TRIAGE } from './teams.card.js';
import { receive, type TeamsDeps, tellOnly } from './teams.deps.js';
import { deliveryError } from './teams.errors.js';
import { inbound, submittedValues, type TeamsRef, teamsConversation } from './teams.inbound.js';
import { adaptiveCard, formElements } from './teams.render.js';

/** Card clicks are not turns (no inbox row): a retried delivery of one is dropped here. */
const recentClicks = new Set<string>();

/**
 * A click on a ticket's card (or on the form a step asks for under it), handed to the core's triage
 * service with the role checked again for the person who clicked. A refusal reaches only them (their
 * 1:1 chat); a step that asks for fields posts its form in the card's reply chain, and a form that is
 * refused comes back in place with the reasons.
 */
export async function triageClick(
  deps: TeamsDeps,
  activity: Activity,
  ref: TeamsRef,
  speaker: PlatformIdentity,
  value: Record<string, unknown>,
): Promise<void> {
  if (!firstTime(activity.id ?? '')) return;
  const key = String(value.key ?? '');
  const click = String(value[TRIAGE.click]);
  if (click === 'reply') {
    const text = String(value[TRIAGE.reply] ?? '').trim();
    if (!text) return;
    const action = { action: ACTIONS.reply, value: key };
    return receive(deps, inbound(activity, teamsConversation(ref), speaker, { text, action }), () => {});
  }
  const person = await deps.desk.identities.personOf(speaker);
  const transition = String(value.transition ?? '');
  const fields = value.form === true ? submittedValues(value) : undefined;
  const cardClick: CardClick =
    click === 'assign'
      ? { kind: 'assign' }
      : click === 'priority'
        ? { kind: 'priority', priority: String(value[TRIAGE.priority] ?? '') as Priority }
        : { kind: 'move', transition, ...(fields ? { fields } : {}) };
  const result = await deps.desk.triage.act(person, key, cardClick);
  if (result.outcome === 'done') return;
  if (result.outcome === 'ask') return postForm(deps, ref, key, transition, result.form);
  if (fields && result.fields && activity.replyToId) {
    const asked = await deps.desk.triage.act(person, key, { kind: 'move', transition });
    if (asked.outcome === 'ask') {
      const form = {
        ...asked.form,
        fields: asked.form.fields.map((f) => ({ ...f, value: fields[f.id], error: result.fields?.[f.id] })),
      };
      return postForm(deps, ref, key, transition, form, activity.replyToId);
    }
  }
  await tellOnly(deps, ref, activity.from.id, result.message);
}

/** The fields a step asks for, as a card in the ticket's reply chain (or in place of the refused one). */
async function postForm(
  deps: TeamsDeps,
  ref: TeamsRef,
  key: string,
  transition: string,
  form: FormSpec,
  replacing?: string,
): Promise<void> {
  const card = {
    type: 'message',
    attachments: [adaptiveCard(formElements(form, { [TRIAGE.click]: 'move', key, transition }))],
  };
  try {
    if (replacing) await deps.connector.update(ref, replacing, card);
    else await deps.connector.send(ref, card);
  } catch (err) {
    deps.logger.warn(
      { reason: deliveryError('triage form', err).message },
      'teams: the step form was not posted',
    );
  }
}

function firstTime(activityId: string): boolean {
  if (recentClicks.has(activityId)) return false;
  if (recentClicks.size >= 10_000) recentClicks.clear();
  recentClicks.add(activityId);
  return true;
}
