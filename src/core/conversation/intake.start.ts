import { ACTIONS } from '../../ports/message.types.js';
import { offerTypes } from './intake.choices.js';
import { buttons, say, text } from './intake.replies.js';
import type { TurnDeps } from './turn.deps.js';
import type { Turn, TurnResult } from './turn.types.js';

/** A new request from the person's own words: articles first, else the request types. */
export async function startIntake(deps: TurnDeps, turn: Turn, problem: string): Promise<TurnResult> {
  const articles = await deps.kb.suggestArticles(problem, 3);
  const who = { personId: turn.person.id, conversationId: turn.conversationId };
  if (articles.length === 0) {
    await deps.kb.record({ type: 'search_no_results', query: problem, ...who });
    return offerTypes(deps, turn, problem);
  }
  await deps.kb.record({ type: 'suggestion_shown', slugs: articles.map((a) => a.slug), ...who });
  const withBase = articles.map((a) => ({
    ...a,
    url: a.url.startsWith('/') ? `${deps.baseUrl}${a.url}` : a.url,
  }));
  return {
    state: { step: 'articles', text: problem, slugs: articles.map((a) => a.slug) },
    ticketId: turn.ticketId,
    replies: [
      say(
        text('These articles might solve it right away:'),
        { kind: 'articles', articles: withBase },
        buttons(
          { action: ACTIONS.solved, label: 'This solved it', style: 'primary' },
          { action: ACTIONS.notSolved, label: 'I still need help' },
        ),
      ),
    ],
  };
}
