import { FakeSlack } from '../test/fakes/slack/fake-slack.js';

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
