import type { ArticleRecord, ArticleSummary, ArticleVersionRecord } from '../../ports/kb-store.port.js';
import type { Person } from '../../ports/store.port.js';
import { hasRole, isAdmin } from '../identity/access.policy.js';
import { renderMarkdown } from './kb.markdown.js';
import { breadcrumbs, childrenOf, type TreeEntry } from './kb.tree.js';
import type { ArticleView } from './kb.types.js';

/** KB editors (of any department) and admins write articles and see drafts; anyone reads the rest. */
export function isKbEditor(actor: Person | null): boolean {
  return actor !== null && (isAdmin(actor) || hasRole(actor, 'kb_editor'));
}

/** Which articles a reader sees: everything for editors, published ones for everyone else. */
export function visibleTo(actor: Person | null): (e: TreeEntry) => boolean {
  const editor = isKbEditor(actor);
  return (e) => editor || e.status === 'published';
}

/** An article as a reader sees it: rendered body, where it sits in the tree, and its versions. */
export function articleView(
  article: ArticleRecord,
  tree: ArticleSummary[],
  versions: ArticleVersionRecord[],
  visible: (e: TreeEntry) => boolean,
): ArticleView {
  const parent = article.parentId ? tree.find((e) => e.id === article.parentId) : undefined;
  return {
    slug: article.slug,
    title: article.title,
    body: article.body,
    html: renderMarkdown(article.body),
    template: article.template,
    labels: article.labels,
    questions: article.questions,
    status: article.status,
    version: article.version,
    parent: parent && visible(parent) ? parent.slug : null,
    position: article.position,
    breadcrumbs: breadcrumbs(tree, article.id, visible),
    children: childrenOf(tree, article.id)
      .filter(visible)
      .map((c) => ({ slug: c.slug, title: c.title })),
    createdAt: article.createdAt,
    updatedAt: article.updatedAt,
    updatedBy: article.updatedBy,
    versions: versions.map(({ version, title, labels, questions, authorId, at }) => ({
      version,
      title,
      labels,
      questions,
      authorId,
      at,
    })),
  };
}
