import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/core/errors.js';
import type { KnowledgeBase } from '../../../src/core/kb/kb.service.js';
import type { TreeNode } from '../../../src/core/kb/kb.types.js';
import type { Person } from '../../../src/ports/store.port.js';
import { type TestDesk, testDesk } from '../../support/test-desk.js';
import { testBackend } from '../../support/test-store.js';

let t: TestDesk;
let kb: KnowledgeBase;
let kim: Person;

const shape = (nodes: TreeNode[]): unknown =>
  nodes.map((n) => (n.children.length ? [n.slug, shape(n.children)] : n.slug));

async function refusal(p: Promise<unknown>): Promise<Record<string, string>> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ValidationError);
  return (err as ValidationError).fields;
}

describe(`KB page tree: order, moves, cycles (${testBackend()})`, () => {
  beforeEach(async () => {
    t = await testDesk();
    kb = t.desk.kb;
    kim = await t.person('kim');
    // it ─┬─ vpn ── vpn-linux
    //     ├─ wifi
    //     └─ printer
    // hr
    for (const [title, parent] of [
      ['IT', null],
      ['HR', null],
      ['VPN', 'it'],
      ['Wifi', 'it'],
      ['Printer', 'it'],
      ['VPN Linux', 'vpn'],
    ] as const) {
      await kb.create(kim, { title, parent, status: 'published' });
    }
  });
  afterEach(async () => {
    await kb.stop();
  });

  it('new articles go last among their siblings; the tree lists children in order', async () => {
    expect(shape(await kb.tree(null))).toEqual([['it', [['vpn', ['vpn-linux']], 'wifi', 'printer']], 'hr']);
    expect((await kb.get(null, 'vpn-linux')).breadcrumbs.map((c) => c.slug)).toEqual([
      'it',
      'vpn',
      'vpn-linux',
    ]);
    expect((await kb.get(null, 'it')).children.map((c) => c.slug)).toEqual(['vpn', 'wifi', 'printer']);
  });

  it('moves an article, with its subtree, under another parent at a position', async () => {
    const moved = await kb.move(kim, 'vpn', { parent: 'hr', position: 0 });
    expect(moved.breadcrumbs.map((c) => c.slug)).toEqual(['hr', 'vpn']);
    expect(shape(await kb.tree(null))).toEqual([
      ['it', ['wifi', 'printer']],
      ['hr', [['vpn', ['vpn-linux']]]],
    ]);
    expect((await kb.get(null, 'vpn-linux')).breadcrumbs.map((c) => c.slug)).toEqual([
      'hr',
      'vpn',
      'vpn-linux',
    ]);
  });

  it('reorders siblings and clamps positions past the end', async () => {
    await kb.move(kim, 'printer', { parent: 'it', position: 0 });
    expect(shape(await kb.tree(null))).toEqual([['it', ['printer', ['vpn', ['vpn-linux']], 'wifi']], 'hr']);
    await kb.move(kim, 'printer', { parent: 'it', position: 99 });
    expect(shape(await kb.tree(null))).toEqual([['it', [['vpn', ['vpn-linux']], 'wifi', 'printer']], 'hr']);
    await kb.move(kim, 'hr', { parent: null, position: 0 });
    await kb.move(kim, 'wifi', { parent: null });
    expect(shape(await kb.tree(null))).toEqual(['hr', ['it', [['vpn', ['vpn-linux']], 'printer']], 'wifi']);
  });

  it('refuses a move that would make a cycle', async () => {
    expect(await refusal(kb.move(kim, 'it', { parent: 'vpn-linux' }))).toEqual({
      parent: '"vpn-linux" is below "it": moving it there would make a loop',
    });
    expect(await refusal(kb.move(kim, 'vpn', { parent: 'vpn' }))).toEqual({
      parent: 'an article cannot be its own parent',
    });
    expect(shape(await kb.tree(null))).toEqual([['it', [['vpn', ['vpn-linux']], 'wifi', 'printer']], 'hr']);
  });

  it('the store refuses a cycle too, so two racing moves cannot make one', async () => {
    const it_ = (await t.store.kb.bySlug('it'))!;
    const leaf = (await t.store.kb.bySlug('vpn-linux'))!;
    const patch = {
      placement: { parentId: leaf.id, position: null },
      seedHash: null,
      authorId: kim.id,
      at: t.clock.now(),
    };
    expect(await t.store.kb.update(it_.id, null, patch)).toBe('cycle');
    // Two moves started from the same tree: each alone is fine, together they would loop.
    const [a, b] = await Promise.allSettled([
      kb.move(kim, 'wifi', { parent: 'printer' }),
      kb.move(kim, 'printer', { parent: 'wifi' }),
    ]);
    expect([a.status, b.status].sort()).toEqual(['fulfilled', 'rejected']);
    expect([
      '[["it",[["vpn",["vpn-linux"]],["printer",["wifi"]]]],"hr"]',
      '[["it",[["vpn",["vpn-linux"]],["wifi",["printer"]]]],"hr"]',
    ]).toContain(JSON.stringify(shape(await kb.tree(kim))));
  });

  it('names a bad parent or position', async () => {
    expect(await refusal(kb.move(kim, 'vpn', { parent: 'nope', position: -1 }))).toEqual({
      parent: 'no article "nope"',
      position: 'must be a whole number from 0',
    });
  });
});
