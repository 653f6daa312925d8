import type { OutboundMessage } from '../../ports/message.types.js';
import { isPlaceholder, LINK_CODE_LIFETIME_MS } from '../identity/identity.service.js';
import { say, text } from './intake.replies.js';
import type { TurnDeps } from './turn.deps.js';
import type { Turn } from './turn.types.js';

const ASK = /^link(?:\s+(?:my\s+)?accounts?)?$/;
const REDEEM = /^link\s+([a-z0-9]{4}-?[a-z0-9]{4})$/;

/**
 * Linking accounts by one-time code, for platforms that show bots no email: `link` where the person is
 * signed in gives a code; `link CODE` said on the other platform makes that account theirs. Null when
 * the words are neither.
 */
export async function linkReply(deps: TurnDeps, turn: Turn, words: string): Promise<OutboundMessage | null> {
  const redeem = REDEEM.exec(words);
  if (redeem) {
    if (!turn.speaker)
      return say(text('Say the code to Deskbot on the other platform (Discord, Teams, Slack), not here.'));
    const person = await deps.identities.redeemCode(turn.speaker, redeem[1]!);
    if (!person)
      return say(
        text(
          'That code does not work: it is wrong, used already, or expired. Say **link** where you are signed in for a new one.',
        ),
      );
    return say(text(`Linked: here you are now ${person.name} (${person.email}), with your requests.`));
  }
  if (!ASK.test(words)) return null;
  if (isPlaceholder(turn.person.email))
    return say(
      text(
        'Ask for a code where you are signed in with your work account (the web chat), then say it here: **link CODE**.',
      ),
    );
  const { code } = await deps.identities.issueCode(turn.person);
  const minutes = Math.round(LINK_CODE_LIFETIME_MS / 60_000);
  return say(
    text(
      `Your link code is **${code}**: it works once, for ${minutes} minutes. Say \`link ${code}\` to Deskbot on the platform you want to link, and it will know you there.`,
    ),
  );
}
