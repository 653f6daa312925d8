import { FakeSlack } from '../test/fakes/slack/fake-slack.js';
import { directMessage, eventCallback, sign } from '../test/fakes/slack/slack-payloads.js';

/**
 * A load child's fake Slack, with `count` users (`<prefix><i>`, each `<name><i>@acme.example`, so each
 * links to a person on first contact). The child ends with the bench, whatever happens to it.
 */
export async function childSlack(count: number, prefix: string, name: string): Promise<FakeSlack> {
  process.on('disconnect', () => process.exit(1));
  const fake = await new FakeSlack().start();
  for (let i = 0; i < count; i++)
    fake.users.set(`${prefix}${i}`, {
      id: `${prefix}${i}`,
      email: `${name}${i}@acme.example`,
      real_name: `${name[0]!.toUpperCase()}${name.slice(1)} ${i}`,
    });
  return fake;
}

/** A DM in a new thread as Slack POSTs it: the body, its signed headers, and the thread's ts. */
export function signedDm(
  user: string,
  secret: string,
): { thread: string; body: string; headers: Record<string, string> } {
  const dm = directMessage(user, 'My laptop screen keeps flickering after the update');
  const delivery = eventCallback(dm);
  const ts = String(Math.floor(Date.now() / 1000));
  return {
    thread: dm.ts,
    body: delivery.body,
    headers: {
      'content-type': delivery.contentType,
      'content-length': String(Buffer.byteLength(delivery.body)),
      'x-slack-request-timestamp': ts,
      'x-slack-signature': sign(secret, ts, delivery.body),
    },
  };
}
