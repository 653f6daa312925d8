import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadKbSeed, type SeedArticle } from '../../../src/config/kb-seed.loader.js';
import type { KnowledgeBase } from '../../../src/core/kb/kb.service.js';
import type { Person } from '../../../src/ports/store.port.js';
import { type TestDesk, testDesk } from '../../support/test-desk.js';
import { testBackend } from '../../support/test-store.js';

let t: TestDesk;
let kb: KnowledgeBase;
let kim: Person;
let seed: SeedArticle[];

const edited = (slug: string, change: Partial<SeedArticle>) =>
  seed.map((a) => (a.slug === slug ? { ...a, ...change } : a));

describe(`KB seed import (${testBackend()})`, () => {
  beforeEach(async () => {
    t = await testDesk();
    kb = t.desk.kb;
    kim = await t.person('kim');
    const loaded = await loadKbSeed('config/kb');
    expect(loaded.problems).toEqual([]);
    seed = loaded.articles;
  });
  afterEach(async () => {
    await kb.stop();
  });

  it('imports every seed article, published, in the tree the front matter gives', async () => {
    const first = await kb.importSeed(seed);
    expect(first).toMatchObject({ created: seed.length, updated: 0, unchanged: 0, kept: 0, problems: [] });
    expect(first.total).toBe(seed.length);
    const tree = await kb.tree(null);
    expect(tree.map((n) => n.slug)).toEqual(['it-help', 'hr-help', 'facilities-help']);
    const vpn = await kb.get(null, 'vpn-troubleshooting');
    expect(vpn.breadcrumbs.map((c) => c.slug)).toEqual(['it-help', 'vpn-setup', 'vpn-troubleshooting']);
    expect(vpn).toMatchObject({ status: 'published', version: 1, template: 'troubleshooting' });
    expect(vpn.versions[0]!.authorId).toBeNull();
    expect((await kb.get(null, 'it-help')).children.slice(0, 3).map((c) => c.slug)).toEqual([
      'vpn-setup',
      'password-reset',
      'mfa-setup',
    ]);
  });

  it('a second import changes nothing', async () => {
    await kb.importSeed(seed);
    const before = await t.store.kb.summaries();
    t.clock.advance(3_600_000);
    const second = await kb.importSeed(seed);
    expect(second).toMatchObject({ created: 0, updated: 0, unchanged: seed.length, kept: 0 });
    expect(await t.store.kb.summaries()).toEqual(before);
  });

  it('an edited seed file writes a new version', async () => {
    await kb.importSeed(seed);
    t.clock.advance(60_000);
    const result = await kb.importSeed(
      edited('parking', { body: 'Parking is now booked in the Spaces app.\n', order: 99 }),
    );
    expect(result).toMatchObject({ created: 0, updated: 1, unchanged: seed.length - 1 });
    const parking = await kb.get(null, 'parking');
    expect(parking).toMatchObject({ version: 2, body: 'Parking is now booked in the Spaces app.\n' });
    expect(parking.versions.map((v) => [v.version, v.authorId])).toEqual([
      [1, null],
      [2, null],
    ]);
    const siblings = (await kb.get(null, 'facilities-help')).children.map((c) => c.slug);
    expect(siblings.at(-1)).toBe('parking');
    expect(
      (
        await kb.importSeed(
          edited('parking', { body: 'Parking is now booked in the Spaces app.\n', order: 99 }),
        )
      ).updated,
    ).toBe(0);
  });

  it('articles changed in the app are not overwritten: the app owns them from then on', async () => {
    await kb.importSeed(seed);
    await kb.update(kim, 'parking', { body: 'Edited by Kim.' });
    await kb.move(kim, 'desk-booking', { parent: 'it-help' });
    await kb.unpublish(kim, 'fire-safety');
    const result = await kb.importSeed(
      edited('parking', { body: 'Seed change' })
        .map((a) => (a.slug === 'desk-booking' ? { ...a, title: 'Seed title' } : a))
        .map((a) => (a.slug === 'fire-safety' ? { ...a, body: 'Seed body' } : a)),
    );
    expect(result).toMatchObject({ updated: 0, kept: 3 });
    expect((await kb.get(kim, 'parking')).body).toBe('Edited by Kim.');
    expect((await kb.get(kim, 'desk-booking')).title).toBe('Book a desk');
    expect((await kb.get(kim, 'fire-safety')).status).toBe('draft');
  });

  it('an article made in the app keeps its slug when a seed file with that name appears', async () => {
    await kb.create(kim, { title: 'Parking', body: 'Ours', status: 'published' });
    const result = await kb.importSeed(seed);
    expect(result).toMatchObject({ created: seed.length - 1, kept: 1 });
    expect((await kb.get(null, 'parking')).body).toBe('Ours');
  });

  it('reports a missing or looping parent and puts the article at the root', async () => {
    const base = { labels: [], questions: [], template: 'how-to' as const, order: null, body: 'x' };
    const result = await kb.importSeed([
      { ...base, slug: 'orphan', title: 'Orphan', parent: 'gone', source: 'kb/orphan.md' },
      { ...base, slug: 'x', title: 'X', parent: 'y', source: 'kb/x.md' },
      { ...base, slug: 'y', title: 'Y', parent: 'x', source: 'kb/y.md' },
    ]);
    expect(result.created).toBe(3);
    expect(result.problems).toHaveLength(2);
    expect(result.problems).toContain('kb/orphan.md: no parent "gone"; put at the root');
    expect(result.problems.join('\n')).toMatch(/kb\/[xy]\.md: parent "[xy]" is below it; put at the root/);
    expect((await kb.tree(null)).map((n) => n.slug).sort()).toEqual([
      'orphan',
      expect.stringMatching(/^[xy]$/),
    ]);
  });

  it('seed articles are searchable as soon as they are imported', async () => {
    await kb.start();
    await kb.importSeed(seed);
    expect((await kb.search('vpn connect', { limit: 3 }))[0]!.slug).toMatch(/^vpn-/);
  });
});
