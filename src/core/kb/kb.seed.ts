import { createHash } from 'node:crypto';
import type { SeedArticle } from '../../config/kb-seed.loader.js';
import type { KbStore } from '../../ports/kb-store.port.js';
import { normalizeLabels, normalizeQuestions } from './kb.input.js';

/** What one import did; `kept` counts articles the app owns now, so their seed file was ignored. */
export interface SeedResult {
  created: number;
  updated: number;
  unchanged: number;
  kept: number;
  problems: string[];
}

/**
 * The seed rule. The seed owns an article until someone changes it in the app (edit, move, publish
 * or unpublish); from then on the app owns it and its seed file is ignored. While the seed owns it,
 * an edited seed file writes a new version; an unchanged file writes nothing. A slug already taken by
 * an article made in the app is the app's too. Ownership is the stored hash of the file's content.
 */
export async function importSeed(store: KbStore, seed: SeedArticle[], at: Date): Promise<SeedResult> {
  const result: SeedResult = { created: 0, updated: 0, unchanged: 0, kept: 0, problems: [] };
  const ordered = parentsFirst(seed, result.problems);
  const rank = siblingRanks(ordered);
  for (const a of ordered) {
    const labels = normalizeLabels(a.labels, {});
    const questions = normalizeQuestions(a.questions ?? [], {});
    const hash = seedHash(a, labels, questions);
    const parentId = a.parent ? ((await store.bySlug(a.parent))?.id ?? null) : null;
    if (a.parent && !parentId) result.problems.push(`${a.source}: no parent "${a.parent}"; put at the root`);
    const existing = await store.bySlug(a.slug);
    if (!existing) {
      const created = await store.create({
        slug: a.slug,
        title: a.title,
        body: a.body,
        template: a.template,
        labels,
        questions,
        parentId,
        status: 'published',
        seedHash: hash,
        authorId: null,
        at,
      });
      if (created) result.created += 1;
      else result.unchanged += 1; // another instance imported it a moment ago
    } else if (existing.seedHash === null) {
      result.kept += 1;
    } else if (existing.seedHash === hash) {
      result.unchanged += 1;
    } else {
      const saved = await store.update(existing.id, existing.version, {
        title: a.title,
        body: a.body,
        labels,
        questions,
        status: 'published',
        placement: { parentId, position: rank.get(a.slug) ?? null },
        seedHash: hash,
        authorId: null,
        at,
      });
      if (typeof saved === 'string') result.problems.push(`${a.source}: not updated (${saved})`);
      else result.updated += 1;
    }
  }
  return result;
}

function seedHash(a: SeedArticle, labels: string[], questions: string[]): string {
  const content = {
    title: a.title,
    body: a.body,
    labels,
    // Only when there are some: articles seeded before questions existed keep their hash.
    ...(questions.length > 0 ? { questions } : {}),
    template: a.template,
    parent: a.parent,
    order: a.order,
  };
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}

/** Parents before their children, siblings by order then title; a missing or looping parent becomes the root. */
function parentsFirst(seed: SeedArticle[], problems: string[]): SeedArticle[] {
  const bySlug = new Map(seed.map((a) => [a.slug, a]));
  const out: SeedArticle[] = [];
  const placed = new Set<string>();
  const visit = (a: SeedArticle, path: Set<string>) => {
    if (placed.has(a.slug)) return;
    const parent = a.parent ? bySlug.get(a.parent) : undefined;
    if (a.parent && path.has(a.parent)) {
      problems.push(`${a.source}: parent "${a.parent}" is below it; put at the root`);
      a = { ...a, parent: null };
    } else if (parent) {
      visit(parent, new Set([...path, a.slug]));
    }
    if (placed.has(a.slug)) return;
    placed.add(a.slug);
    out.push(a);
  };
  for (const a of [...seed].sort(bySeedOrder)) visit(a, new Set([a.slug]));
  return out;
}

function bySeedOrder(a: SeedArticle, b: SeedArticle): number {
  return (
    (a.order ?? Number.MAX_SAFE_INTEGER) - (b.order ?? Number.MAX_SAFE_INTEGER) ||
    a.title.localeCompare(b.title)
  );
}

/** Each seed article's index among the seed's articles under the same parent. */
function siblingRanks(seed: SeedArticle[]): Map<string, number> {
  const groups = new Map<string | null, SeedArticle[]>();
  for (const a of seed) groups.set(a.parent, [...(groups.get(a.parent) ?? []), a]);
  const rank = new Map<string, number>();
  for (const group of groups.values()) {
    group.sort(bySeedOrder).forEach((a, i) => {
      rank.set(a.slug, i);
    });
  }
  return rank;
}
