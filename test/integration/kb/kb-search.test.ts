import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ValidationError } from '../../../src/core/errors.js';
import { SharedLessons } from '../../../src/core/kb/kb.lessons.js';
import { KnowledgeBase } from '../../../src/core/kb/kb.service.js';
import type { KbEventType } from '../../../src/ports/kb-store.port.js';
import type { Person } from '../../../src/ports/store.port.js';
import { openDatabase } from '../../../src/store/database.js';
import { storeOn } from '../../../src/store/store.js';
import { type TestDesk, testDesk } from '../../support/test-desk.js';
import { testBackend } from '../../support/test-store.js';

let t: TestDesk;
let kb: KnowledgeBase;
let kim: Person;
let rita: Person;
const cleanups: (() => Promise<void>)[] = [];

/** A second instance on the same database: on PGlite the same store; on a server its own pool. */
async function otherInstance(): Promise<KnowledgeBase> {
  let other: KnowledgeBase;
  if (testBackend() === 'postgres') {
    // The worker's own database, through a pool of its own (as another instance would have).
    const pool = (t.store.database.db as unknown as { $client: { options: { connectionString: string } } })
      .$client;
    const database = await openDatabase({ url: pool.options.connectionString });
    const store = storeOn(database);
    other = new KnowledgeBase(store.kb, t.clock, undefined, new SharedLessons(store.signals));
    cleanups.push(() => database.close());
  } else {
    other = new KnowledgeBase(t.store.kb, t.clock, undefined, new SharedLessons(t.store.signals));
  }
  cleanups.unshift(() => other.stop());
  await other.start();
  return other;
}

const slugs = async (p: Promise<{ slug: string }[]>) => (await p).map((h) => h.slug);
const events = async (type?: KbEventType) =>
  (await t.store.kb.events(type)).map(({ id: _id, at: _at, ...e }) => e);

describe(`KB search follows edits, on every instance; events for reports (${testBackend()})`, () => {
  beforeEach(async () => {
    t = await testDesk();
    kb = t.desk.kb;
    kim = await t.person('kim');
    rita = await t.person('rita');
    await kb.start();
    await kb.create(kim, {
      title: 'Connect to the VPN',
      labels: ['vpn', 'network'],
      body: 'Open GlobalProtect and click Connect. Approve the push on your phone.',
      status: 'published',
    });
    await kb.create(kim, {
      title: 'Printer does not print',
      labels: ['printer'],
      body: 'Tap your badge on the printer to release the job.',
      status: 'published',
    });
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
    await kb.stop();
  });

  it('finds published articles by prefix and typo, filters by label, and suggests as you type', async () => {
    expect(await slugs(kb.search('vpn conn'))).toEqual(['connect-to-the-vpn']);
    expect(await slugs(kb.search('prnter'))).toEqual(['printer-does-not-print']);
    expect(await slugs(kb.search('badge', { label: 'vpn' }))).toEqual([]);
    const [hit] = await kb.search('globalprotect', { label: 'network' });
    expect(hit).toMatchObject({
      slug: 'connect-to-the-vpn',
      url: '/kb/connect-to-the-vpn',
      labels: ['vpn', 'network'],
    });
    expect(hit!.snippet).toContain('Open GlobalProtect');
    expect(hit!.score).toBeGreaterThan(0);
    expect((await kb.suggest('glob'))[0]!.suggestion).toBe('globalprotect');
  });

  it('follows edits without a restart: new, changed, unpublished, drafts never', async () => {
    await kb.create(kim, { title: 'Parking spaces', body: 'Book a bay.' });
    expect(await kb.search('parking')).toEqual([]);
    await kb.publish(kim, 'parking-spaces');
    expect(await slugs(kb.search('parking'))).toEqual(['parking-spaces']);
    await kb.update(kim, 'parking-spaces', { title: 'Car park', body: 'Book a space in the app.' });
    expect(await slugs(kb.search('car park'))).toEqual(['parking-spaces']);
    expect(await kb.search('bay', { recordMiss: false })).toEqual([]);
    await kb.unpublish(kim, 'parking-spaces');
    expect(await kb.search('car park')).toEqual([]);
  });

  it('an edit through one instance is found by another without a restart', async () => {
    const other = await otherInstance();
    expect(await slugs(other.search('vpn'))).toEqual(['connect-to-the-vpn']);
    await kb.create(kim, {
      title: 'Desk booking',
      body: 'Use the Spaces app to book a hot desk.',
      status: 'published',
    });
    await vi.waitFor(
      async () =>
        expect(await slugs(other.search('hot desk', { recordMiss: false }))).toEqual(['desk-booking']),
      {
        timeout: 10_000,
        interval: 50,
      },
    );
    await kb.update(kim, 'connect-to-the-vpn', { title: 'Remote tunnel' });
    await vi.waitFor(
      async () =>
        expect(await slugs(other.search('tunnel', { recordMiss: false }))).toEqual(['connect-to-the-vpn']),
      {
        timeout: 10_000,
        interval: 50,
      },
    );
    await kb.unpublish(kim, 'desk-booking');
    await vi.waitFor(async () => expect(await other.search('hot desk', { recordMiss: false })).toEqual([]), {
      timeout: 10_000,
      interval: 50,
    });
  });

  it.runIf(testBackend() === 'postgres')('catches up after its listening connection was lost', async () => {
    const other = await otherInstance();
    expect(await slugs(other.search('vpn'))).toEqual(['connect-to-the-vpn']);
    await t.store.database.db.execute(sql`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
      WHERE datname = current_database() AND query LIKE 'LISTEN%' AND pid <> pg_backend_pid()`);
    await kb.create(kim, { title: 'Lockers', body: 'Lockers are beside the kitchen.', status: 'published' });
    await vi.waitFor(
      async () => expect(await slugs(other.search('lockers', { recordMiss: false }))).toEqual(['lockers']),
      {
        timeout: 15_000,
        interval: 100,
      },
    );
  });

  it('finds an article by the questions its editor says it answers, words the body never uses', async () => {
    const told = 'who do I tell that I am not coming in today';
    expect(await slugs(kb.suggestArticles(told))).not.toContain('sick-leave');
    await kb.create(kim, {
      title: 'Sick leave',
      body: 'Message your manager before 10:00 and record the absence in Workday.',
      questions: [
        '  I am ill and not coming in ',
        'Who do I tell when I am off sick',
        'Who do I tell when I am off sick',
      ],
      status: 'published',
    });
    const article = await kb.get(kim, 'sick-leave');
    expect(article.questions).toEqual(['I am ill and not coming in', 'Who do I tell when I am off sick']);
    expect((await slugs(kb.suggestArticles(told)))[0]).toBe('sick-leave');
    // Questions are content: changing them writes a version; a question over 200 characters is refused.
    const edited = await kb.update(kim, 'sick-leave', { questions: ['Calling in sick'] });
    expect(edited.version).toBe(2);
    await expect(kb.update(kim, 'sick-leave', { questions: ['x'.repeat(201)] })).rejects.toMatchObject({
      fields: { questions: 'each question is at most 200 characters' },
    });
  });

  it('suggests nothing below the score floor: a shared common word is not an answer', async () => {
    for (const [kind, body] of [
      ['Annual', 'You get 25 days of annual leave a year.'],
      ['Sick', 'Tell your manager before 10:00 on your first day off sick.'],
      ['Parental', 'Up to 26 weeks at full pay after your child is born or adopted.'],
    ]) {
      await kb.create(kim, { title: `${kind} leave policy`, labels: ['leave'], body, status: 'published' });
    }
    const floorless = new KnowledgeBase(t.store.kb, t.clock, { minScore: 0 });
    cleanups.unshift(() => floorless.stop());
    await floorless.start();
    // Only "day", in two articles' bodies: a word of little weight, and no answer.
    const party = 'what day is the christmas party';
    expect(await slugs(floorless.suggestArticles(party))).toHaveLength(2);
    // The desk's own floor (kb.minScore in config/desk.yaml) drops it; a real question still finds it.
    expect(t.config.kb.minScore).toBeGreaterThan(0);
    expect(await slugs(kb.suggestArticles(party))).toEqual([]);
    expect((await slugs(kb.suggestArticles('how many days of annual leave do I get')))[0]).toBe(
      'annual-leave-policy',
    );
  });

  it('counts a word by the articles that have it now, not by their earlier versions', async () => {
    const article = await kb.create(kim, {
      title: 'Scanner jammed',
      body: 'Open the tray.',
      status: 'published',
    });
    const before = (await kb.search('scanner', { recordMiss: false }))[0]!.score;
    for (let i = 1; i <= 5; i++) await kb.update(kim, article.slug, { body: `Open the tray (${i}).` });
    expect((await kb.search('scanner', { recordMiss: false }))[0]!.score).toBeCloseTo(before, 5);
  });

  it('ranks by what answers taught, and remembers it across a restart', async () => {
    await kb.create(kim, { title: 'Scanner jammed', body: 'Open the scanner tray.', status: 'published' });
    await kb.create(kim, { title: 'Scanner offline', body: 'Restart the scanner.', status: 'published' });
    const told = 'the scanner on floor 2 stopped working';
    const before = await slugs(kb.suggestArticles(told));
    const [first, second] = before as [string, string];
    for (let i = 0; i < 3; i++) {
      await kb.record({ type: 'not_solved', slugs: [first], query: 'scanner not working at all' });
      await kb.record({ type: 'solved', slugs: [second], query: 'scanner stopped working' });
    }
    expect((await slugs(kb.suggestArticles(told))).slice(0, 2)).toEqual([second, first]);
    const restarted = await otherInstance();
    expect((await slugs(restarted.suggestArticles(told))).slice(0, 2)).toEqual([second, first]);
  });

  it('what answers taught on one instance reranks the other’s suggestions at once, not at its next start', async () => {
    await kb.create(kim, { title: 'Scanner jammed', body: 'Open the scanner tray.', status: 'published' });
    await kb.create(kim, { title: 'Scanner offline', body: 'Restart the scanner.', status: 'published' });
    const other = await otherInstance();
    const told = 'the scanner on floor 2 stopped working';
    const [first, second] = (await slugs(other.suggestArticles(told))) as [string, string];
    for (let i = 0; i < 3; i++) {
      await kb.record({ type: 'not_solved', slugs: [first], query: 'scanner not working at all' });
      await kb.record({ type: 'solved', slugs: [second], query: 'scanner stopped working' });
    }
    await expect
      .poll(async () => (await slugs(other.suggestArticles(told))).slice(0, 2))
      .toEqual([second, first]);
    // The instance that taught it ranks the same (it learned at once, and skips its own signal).
    expect((await slugs(kb.suggestArticles(told))).slice(0, 2)).toEqual([second, first]);
  });

  it('suggests up to three published articles for a problem told in words', async () => {
    // Each says why a printer won't print: sharing only the word "printer" would be below the floor.
    const won = (body: string) => `${body} Then print again.`;
    await kb.create(kim, { title: 'Printer jammed', body: won('Open the tray.'), status: 'published' });
    await kb.create(kim, { title: 'Printer toner', body: won('Replace the toner.'), status: 'published' });
    await kb.create(kim, { title: 'Printer offline', body: won('Restart it.'), status: 'published' });
    const found = await kb.suggestArticles("My printer won't print anything since this morning");
    expect(found).toHaveLength(3);
    expect(found[0]).toEqual({
      slug: 'printer-does-not-print',
      title: 'Printer does not print',
      snippet: 'Tap your badge on the printer to release the job.',
      url: '/kb/printer-does-not-print',
    });
    expect(await kb.suggestArticles('printer', 1)).toHaveLength(1);
    expect(await kb.suggestArticles('   ')).toEqual([]);
    expect(await t.store.kb.events()).toEqual([]); // suggesting records nothing by itself
  });

  it('records events for reports; a search that found nothing records itself', async () => {
    await kb.record({
      type: 'suggestion_shown',
      slugs: ['connect-to-the-vpn'],
      personId: rita.id,
      conversationId: 'c-1',
    });
    await kb.record({ type: 'article_opened', slugs: ['connect-to-the-vpn'] });
    await kb.record({
      type: 'solved',
      slugs: ['connect-to-the-vpn'],
      personId: rita.id,
      conversationId: 'c-1',
    });
    await kb.record({ type: 'not_solved', slugs: ['printer-does-not-print'], personId: rita.id });
    expect(await kb.search('zebra crossing')).toEqual([]);
    expect(await kb.search('zebra', { recordMiss: false })).toEqual([]);
    expect(await kb.search('', {})).toEqual([]);
    expect(await events()).toEqual([
      {
        type: 'suggestion_shown',
        slugs: ['connect-to-the-vpn'],
        query: null,
        personId: rita.id,
        conversationId: 'c-1',
      },
      {
        type: 'article_opened',
        slugs: ['connect-to-the-vpn'],
        query: null,
        personId: null,
        conversationId: null,
      },
      {
        type: 'solved',
        slugs: ['connect-to-the-vpn'],
        query: null,
        personId: rita.id,
        conversationId: 'c-1',
      },
      {
        type: 'not_solved',
        slugs: ['printer-does-not-print'],
        query: null,
        personId: rita.id,
        conversationId: null,
      },
      { type: 'search_no_results', slugs: [], query: 'zebra crossing', personId: null, conversationId: null },
    ]);
    expect((await t.store.kb.events('solved'))[0]!.at).toEqual(t.clock.now());
    await expect(kb.record({ type: 'liked' as KbEventType })).rejects.toThrow(ValidationError);
  });
});
