import type { ArticleSummary } from '../../ports/kb-store.port.js';
import type { Crumb, TreeNode } from './kb.types.js';

/** What the tree helpers read of an article. */
export type TreeEntry = Pick<
  ArticleSummary,
  'id' | 'slug' | 'title' | 'parentId' | 'position' | 'status' | 'labels'
>;

/** Siblings in order: by position, then by title for equal positions. */
export function bySiblingOrder(a: TreeEntry, b: TreeEntry): number {
  return a.position - b.position || a.title.localeCompare(b.title);
}

/**
 * The page tree, children in order. An article the reader may not see is left out and its visible
 * children take its place, so a published page under a draft is still reachable.
 */
export function buildTree(entries: TreeEntry[], visible: (e: TreeEntry) => boolean = () => true): TreeNode[] {
  const children = new Map<string | null, TreeEntry[]>();
  const ids = new Set(entries.map((e) => e.id));
  for (const e of entries) {
    // A parent that is not in the list (it should not happen) leaves the article at the root.
    const parent = e.parentId !== null && ids.has(e.parentId) ? e.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), e]);
  }
  const seen = new Set<string>();
  const nodesUnder = (parentId: string | null): TreeNode[] =>
    (children.get(parentId) ?? []).sort(bySiblingOrder).flatMap((e) => {
      if (seen.has(e.id)) return []; // a cycle in stored data must not hang the page
      seen.add(e.id);
      const below = nodesUnder(e.id);
      if (!visible(e)) return below;
      return [{ slug: e.slug, title: e.title, status: e.status, labels: e.labels, children: below }];
    });
  return nodesUnder(null);
}

/** The path from the root down to the article itself, skipping ancestors the reader may not see. */
export function breadcrumbs(
  entries: TreeEntry[],
  id: string,
  visible: (e: TreeEntry) => boolean = () => true,
): Crumb[] {
  const byId = new Map(entries.map((e) => [e.id, e]));
  const path: Crumb[] = [];
  const seen = new Set<string>();
  for (let e = byId.get(id); e && !seen.has(e.id); e = e.parentId ? byId.get(e.parentId) : undefined) {
    seen.add(e.id);
    if (e.id === id || visible(e)) path.unshift({ slug: e.slug, title: e.title });
  }
  return path;
}

/** The direct children of an article, in order. */
export function childrenOf(entries: TreeEntry[], id: string): TreeEntry[] {
  return entries.filter((e) => e.parentId === id).sort(bySiblingOrder);
}

/** True when putting `id` under `parentId` would make it its own ancestor. */
export function wouldCycle(entries: TreeEntry[], id: string, parentId: string | null): boolean {
  const byId = new Map(entries.map((e) => [e.id, e]));
  const seen = new Set<string>();
  for (let at = parentId; at !== null && !seen.has(at); at = byId.get(at)?.parentId ?? null) {
    if (at === id) return true;
    seen.add(at);
  }
  return false;
}

/** Every label in use, sorted, with how many articles carry it. */
export function labelCounts(entries: TreeEntry[]): { label: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const e of entries) for (const l of e.labels) counts.set(l, (counts.get(l) ?? 0) + 1);
  return [...counts]
    .map(([label, count]) => ({ label, count }))
    .sort((a, b) => a.label.localeCompare(b.label));
}
