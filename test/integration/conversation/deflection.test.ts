import { sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadKbSeed } from '../../../src/config/kb-seed.loader.js';
import { ACTIONS } from '../../../src/ports/message.types.js';
import { TestChat } from '../../support/test-chat.js';
import { type TestDesk, testDesk } from '../../support/test-desk.js';
import { testBackend } from '../../support/test-store.js';

let t: TestDesk;
let rita: TestChat;

async function events(): Promise<
  { type: string; slugs: string[]; conversation_id: string | null; query: string | null }[]
> {
  const r = (await t.store.database.db.execute(
    sql`SELECT type, slugs, conversation_id, query FROM kb_events ORDER BY id`,
  )) as unknown as {
    rows: { type: string; slugs: string[]; conversation_id: string | null; query: string | null }[];
  };
  return r.rows;
}

describe(`articles first, and deflection recorded (${testBackend()})`, () => {
  beforeEach(async () => {
    t = await testDesk();
    const seed = await loadKbSeed('config/kb');
    await t.desk.kb.importSeed(seed.articles);
    await t.desk.kb.start();
    rita = new TestChat(t, await t.person('rita'));
    return () => t.desk.kb.stop();
  });

  it('suggests up to 3 published articles; "This solved it" records a deflection and opens no ticket', async () => {
    await rita.say("I can't connect to the VPN from home");
    const cards = rita.part('articles')!.articles;
    expect(cards.length).toBeGreaterThan(0);
    expect(cards.length).toBeLessThanOrEqual(3);
    expect(cards.map((a) => a.slug)).toContain('vpn-troubleshooting');
    expect(cards[0]!.url).toMatch(/^https:\/\/desk\.acme\.example\/kb\/[a-z0-9-]+$/);
    expect(cards[0]!.snippet.length).toBeGreaterThan(0);
    expect(rita.part('buttons')!.buttons.map((b) => [b.action, b.label])).toEqual([
      [ACTIONS.solved, 'This solved it'],
      [ACTIONS.notSolved, 'I still need help'],
    ]);
    await rita.click(ACTIONS.solved);
    expect(rita.text()).toContain('Glad that helped!');
    expect((await events()).map((e) => [e.type, e.slugs, e.conversation_id])).toEqual([
      ['suggestion_shown', cards.map((a) => a.slug), rita.conversationId],
      ['solved', cards.map((a) => a.slug), rita.conversationId],
    ]);
    expect(await t.desk.tickets.list(rita.person, { limit: 10 })).toEqual([]);
  });

  it('"I still need help" records it and goes on to the request types', async () => {
    await rita.say('My laptop will not boot, black screen');
    const slugs = rita.part('articles')!.articles.map((a) => a.slug);
    await rita.click(ACTIONS.notSolved);
    expect(rita.part('select')!.options[0]!.value).toBe('laptop-problem');
    expect((await events()).map((e) => [e.type, e.slugs])).toEqual([
      ['suggestion_shown', slugs],
      ['not_solved', slugs],
    ]);
  });

  it('records a search that found nothing, and goes straight to the request types', async () => {
    await rita.say('qwxz zzkv');
    expect(rita.part('articles')).toBeUndefined();
    expect((await events()).map((e) => [e.type, e.query])).toEqual([['search_no_results', 'qwxz zzkv']]);
  });

  it('lists for KB editors the questions no article answered: found nothing, or did not help', async () => {
    await rita.say("I can't connect to the VPN from home");
    await rita.click(ACTIONS.notSolved);
    const sam = new TestChat(t, await t.person('sam'));
    await sam.say('zzqx blorp');
    await sam.click(ACTIONS.cancel);
    await t.desk.kb.record({ type: 'search_no_results', query: '  ZZQX   blorp ' });
    const kim = await t.person('kim');
    const list = await t.desk.kb.articlesToWrite(kim);
    expect(list.map(({ lastAt: _, triedSlugs, ...q }) => ({ ...q, tried: triedSlugs.length > 0 }))).toEqual([
      { query: 'zzqx blorp', noResults: 2, notHelped: 0, tried: false },
      { query: "i can't connect to the vpn from home", noResults: 0, notHelped: 1, tried: true },
    ]);
    expect(list[1]!.triedSlugs).toContain('vpn-troubleshooting');
    await expect(t.desk.kb.articlesToWrite(rita.person)).rejects.toThrow('Only KB editors and admins');
  });
});
