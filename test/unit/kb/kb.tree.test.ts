import { describe, expect, it } from 'vitest';
import {
  breadcrumbs,
  buildTree,
  childrenOf,
  labelCounts,
  type TreeEntry,
  wouldCycle,
} from '../../../src/core/kb/kb.tree.js';

function entry(
  id: string,
  parentId: string | null,
  position: number,
  extra: Partial<TreeEntry> = {},
): TreeEntry {
  return {
    id,
    slug: id,
    title: id.toUpperCase(),
    parentId,
    position,
    status: 'published',
    labels: [],
    ...extra,
  };
}

// root-a ─┬─ a1 ── a1x
//         └─ a2
// root-b
const entries = [
  entry('a2', 'root-a', 1),
  entry('root-b', null, 1),
  entry('a1x', 'a1', 0, { labels: ['vpn'] }),
  entry('root-a', null, 0, { labels: ['it'] }),
  entry('a1', 'root-a', 0, { labels: ['vpn', 'it'] }),
];

const slugs = (nodes: ReturnType<typeof buildTree>): unknown =>
  nodes.map((n) => (n.children.length ? [n.slug, slugs(n.children)] : n.slug));

describe('page tree', () => {
  it('lists children in order', () => {
    expect(slugs(buildTree(entries))).toEqual([['root-a', [['a1', ['a1x']], 'a2']], 'root-b']);
    expect(childrenOf(entries, 'root-a').map((e) => e.slug)).toEqual(['a1', 'a2']);
  });

  it('orders equal positions by title', () => {
    const tree = buildTree([entry('b', null, 0, { title: 'Beta' }), entry('a', null, 0, { title: 'Alpha' })]);
    expect(tree.map((n) => n.slug)).toEqual(['a', 'b']);
  });

  it('hides what the reader may not see and lifts its visible children into its place', () => {
    const withDraft = entries.map((e) => (e.id === 'a1' ? { ...e, status: 'draft' as const } : e));
    const published = (e: TreeEntry) => e.status === 'published';
    expect(slugs(buildTree(withDraft, published))).toEqual([['root-a', ['a1x', 'a2']], 'root-b']);
    expect(breadcrumbs(withDraft, 'a1x', published).map((c) => c.slug)).toEqual(['root-a', 'a1x']);
  });

  it('breadcrumbs run from the root to the article', () => {
    expect(breadcrumbs(entries, 'a1x')).toEqual([
      { slug: 'root-a', title: 'ROOT-A' },
      { slug: 'a1', title: 'A1' },
      { slug: 'a1x', title: 'A1X' },
    ]);
    expect(breadcrumbs(entries, 'root-b')).toEqual([{ slug: 'root-b', title: 'ROOT-B' }]);
  });

  it('refuses moves that would make a cycle', () => {
    expect(wouldCycle(entries, 'root-a', 'a1x')).toBe(true);
    expect(wouldCycle(entries, 'a1', 'a1')).toBe(true);
    expect(wouldCycle(entries, 'a1', 'a1x')).toBe(true);
    expect(wouldCycle(entries, 'a1x', 'root-b')).toBe(false);
    expect(wouldCycle(entries, 'a1', null)).toBe(false);
  });

  it('does not hang on a cycle already in the data', () => {
    const looped = [entry('x', 'y', 0), entry('y', 'x', 0)];
    expect(buildTree(looped)).toEqual([]);
    expect(breadcrumbs(looped, 'x').map((c) => c.slug)).toEqual(['y', 'x']);
    expect(wouldCycle(looped, 'z', 'x')).toBe(false);
  });

  it('counts labels', () => {
    expect(labelCounts(entries)).toEqual([
      { label: 'it', count: 2 },
      { label: 'vpn', count: 2 },
    ]);
  });
});
