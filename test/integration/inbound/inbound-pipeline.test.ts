import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { LINK_CODE_LIFETIME_MS } from '../../../src/core/identity/identity.service.js';
import { InboundPipeline, TURN_TRIES, type TurnFailure } from '../../../src/core/inbound/inbound.pipeline.js';
import type { PlatformProfile } from '../../../src/ports/channel-adapter.port.js';
import type { InboundEvent, OutboundMessage, PlatformIdentity } from '../../../src/ports/message.types.js';
import { type TestDesk, testDesk } from '../../support/test-desk.js';
import { testBackend } from '../../support/test-store.js';

/**
 * The core's one inbound pipeline, as any platform's adapter uses it: a verified identity and the
 * words, an ack; the profile lookup (the platform's users.info or equivalent) is the adapter's only
 * part in identity, stubbed here at that edge as the platform would answer.
 */
let t: TestDesk;
let log: string[];
let profiles: Map<string, PlatformProfile>;

const chat = (externalId: string, workspace = 'W1'): PlatformIdentity => ({
  platform: 'chat',
  workspace,
  externalId,
});

function event(
  from: PlatformIdentity | { personId: string },
  text: string,
  deliveryId: string = randomUUID(),
): InboundEvent {
  const where = 'personId' in from ? from.personId : from.externalId;
  return {
    platform: 'chat',
    deliveryId,
    conversation: { id: `chat:${where}`, platform: 'chat', ref: {}, formFields: 0 },
    speaker: from,
    text,
  };
}

function said(received: Awaited<ReturnType<TestDesk['desk']['inbound']['receive']>>): string {
  if (received.outcome !== 'answered') return `(${received.outcome})`;
  return received.replies
    .flatMap((m: OutboundMessage) => m.parts)
    .map((p) => (p.kind === 'text' ? p.text : ''))
    .join('\n');
}

describe(`one inbound pipeline: inbox, ack, person, turn (${testBackend()})`, () => {
  beforeEach(async () => {
    t = await testDesk();
    log = [];
    profiles = new Map([
      [
        'U-NEW',
        { isPerson: true, email: 'Nina.New@acme.example', name: 'Nina New', timezone: 'Europe/Paris' },
      ],
      [
        'U-ALICE',
        { isPerson: true, email: 'alice@acme.example', name: 'Alice', timezone: 'UTC', homeWorkspace: 'W1' },
      ],
      ['U-BOT', { isPerson: false, email: null, name: 'a bot', timezone: 'UTC' }],
      [
        'U-GUEST',
        { isPerson: true, email: 'rita@acme.example', name: 'Rita?', timezone: 'UTC', homeWorkspace: 'W2' },
      ],
      ['U-NOMAIL', { isPerson: true, email: null, name: 'rita_on_chat', timezone: 'UTC' }],
    ]);
    t.desk.identities.registerProfiles('chat', async (identity) => {
      log.push(`lookup ${identity.externalId}`);
      const profile = profiles.get(identity.externalId);
      if (!profile) throw new Error(`no such user ${identity.externalId}`);
      return profile;
    });
  });

  it('the profile lookup runs only after the inbox write and the ack, once per identity', async () => {
    const first = await t.desk.inbound.receive(event(chat('U-NEW'), 'help'), () => log.push('ack'));
    expect(log).toEqual(['ack', 'lookup U-NEW']);
    expect(said(first)).toContain('my requests');
    const nina = await t.desk.people.findByEmail('nina.new@acme.example');
    expect(nina).toMatchObject({ name: 'Nina New', timezone: 'Europe/Paris', roles: [] });
    await t.desk.inbound.receive(event(chat('U-NEW'), 'help'), () => log.push('ack'));
    expect(log).toEqual(['ack', 'lookup U-NEW', 'ack']);
    // A known email is that person: Alice keeps her roles.
    await t.desk.inbound.receive(event(chat('U-ALICE'), 'help'));
    expect((await t.desk.people.byIdentity('chat', 'W1', 'U-ALICE'))?.email).toBe('alice@acme.example');
  });

  it('a bot, or a member of another workspace, is refused after the ack; a retry of it changes nothing', async () => {
    const bot = event(chat('U-BOT'), 'hello', 'd-bot');
    expect(await t.desk.inbound.receive(bot, () => log.push('ack'))).toEqual({
      outcome: 'refused',
      reason: 'not a person (a bot or a deactivated user)',
    });
    expect(log).toEqual(['ack', 'lookup U-BOT']);
    expect(await t.desk.inbound.receive(bot)).toEqual({ outcome: 'duplicate' });
    // Rita's email, but from workspace W2 as the platform says: it must not claim Rita.
    const guest = await t.desk.inbound.receive(event(chat('U-GUEST'), 'hello'));
    expect(guest).toEqual({ outcome: 'refused', reason: 'a member of another workspace' });
    expect(await t.desk.people.byIdentity('chat', 'W1', 'U-GUEST')).toBeNull();
    expect(await t.desk.inbound.replayPending()).toEqual({ replayed: 0, refused: [] });
  });

  it('an event acknowledged before a crash is replayed at start, its identity linked then', async () => {
    expect(await t.desk.conversations.accept(event(chat('U-NEW'), 'help'))).not.toBeNull();
    expect(log).toEqual([]);
    expect(await t.desk.inbound.replayPending()).toEqual({ replayed: 1, refused: [] });
    expect(log).toEqual(['lookup U-NEW']);
    expect(await t.desk.people.byIdentity('chat', 'W1', 'U-NEW')).toMatchObject({
      email: 'nina.new@acme.example',
    });
    expect(await t.desk.inbound.replayPending()).toEqual({ replayed: 0, refused: [] });
  });

  it('a delivery whose turn keeps failing is tried 5 times, then set aside with its error', async () => {
    const failures: (TurnFailure | null)[] = [];
    const inbound = new InboundPipeline(t.desk.conversations, t.desk.identities, (_err, f) =>
      failures.push(f),
    );
    // Recorded for a person removed since: every try of its turn fails.
    const ghost = event({ personId: 'p-removed' }, 'help', 'd-ghost');
    await expect(inbound.receive(ghost, () => log.push('ack'))).rejects.toThrow('No person p-removed');
    expect(log).toEqual(['ack']);
    for (let sweep = 0; sweep < TURN_TRIES + 2; sweep++)
      expect(await inbound.replayPending()).toEqual({ replayed: 0, refused: [] });
    expect(failures).toEqual(
      [2, 3, 4, 5].map((attempts) => ({
        platform: 'chat',
        deliveryId: 'd-ghost',
        attempts,
        setAside: attempts === TURN_TRIES,
      })),
    );
    const row = (await t.store.database.db.execute(
      sql`SELECT attempts, last_error, processed_at IS NOT NULL AS done FROM inbox WHERE delivery_id = 'd-ghost'`,
    )) as unknown as { rows: unknown[] };
    expect(row.rows).toEqual([{ attempts: 5, last_error: 'No person p-removed', done: true }]);
    // A retry of it is still a duplicate, and everyone else is answered.
    expect(await inbound.receive(ghost)).toEqual({ outcome: 'duplicate' });
    expect(said(await inbound.receive(event(chat('U-NEW'), 'help')))).toContain('my requests');
  });

  it('linking by one-time code: the account with no email becomes Rita, with the request it opened', async () => {
    const rita = await t.person('rita');
    // On the platform with no email, a placeholder person opens a request.
    const placeholder = await t.desk.identities.personOf(chat('U-NOMAIL'));
    expect(placeholder.email).toMatch(/\.invalid$/);
    const ticket = await t.desk.tickets.create(placeholder, {
      requestType: 'laptop-problem',
      fields: { device: 'Laptop', description: 'Asked before linking' },
    });
    expect(said(await t.desk.inbound.receive(event(chat('U-NOMAIL'), 'link')))).toContain(
      'Ask for a code where you are signed in',
    );
    // Signed in on the web, Rita asks for a code...
    const asked = said(await t.desk.inbound.receive(event({ personId: rita.id }, 'link')));
    const code = /\*\*([A-Z0-9]{4}-[A-Z0-9]{4})\*\*/.exec(asked)![1]!;
    // ...and says it on the other platform, lower case and all.
    expect(said(await t.desk.inbound.receive(event(chat('U-NOMAIL'), `link ${code.toLowerCase()}`)))).toBe(
      'Linked: here you are now Rita Requester (rita@acme.example), with your requests.',
    );
    expect((await t.desk.identities.personOf(chat('U-NOMAIL'))).id).toBe(rita.id);
    expect((await t.desk.tickets.get(rita, ticket.key)).requesterId).toBe(rita.id);
    expect(said(await t.desk.inbound.receive(event(chat('U-NOMAIL'), 'my requests')))).toContain(ticket.key);
    // The code works once, and only for a while.
    expect(said(await t.desk.inbound.receive(event(chat('U-NEW'), `link ${code}`)))).toContain(
      'does not work',
    );
    const next = /\*\*([A-Z0-9]{4}-[A-Z0-9]{4})\*\*/.exec(
      said(await t.desk.inbound.receive(event({ personId: rita.id }, 'link'))),
    )![1]!;
    t.clock.advance(LINK_CODE_LIFETIME_MS);
    expect(said(await t.desk.inbound.receive(event(chat('U-NEW'), `link ${next}`)))).toContain(
      'does not work',
    );
    expect((await t.desk.identities.personOf(chat('U-NEW'))).email).toBe('nina.new@acme.example');
  });
});
