import type { ArticleView, Crumb, SearchHit, TreeNode } from '../../core/kb/kb.types.js';
import { PAGE_CSS, PAGE_SCRIPT } from './kb.page-assets.js';

/** Escapes text for HTML content and quoted attribute values. */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const kbLink = (slug: string) => `/kb/${encodeURIComponent(slug)}`;
const labelLink = (label: string) => `/kb?label=${encodeURIComponent(label)}`;

/** The frame of every KB page: header with the search box, main content, live results, script. */
export function layout(p: { deskName: string; title: string; query?: string; main: string }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(p.title)} · ${esc(p.deskName)}</title>
<style>${PAGE_CSS}</style>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header>
<a class="brand" href="/kb">${esc(p.deskName)} · Knowledge base</a>
<form role="search" action="/kb" method="get">
<label for="q">Search articles</label>
<input id="q" name="q" type="search" list="kb-suggestions" autocomplete="off" placeholder="Search articles" value="${esc(p.query ?? '')}">
<datalist id="kb-suggestions"></datalist>
<button type="submit">Search</button>
</form>
</header>
<div id="kb-live" class="live" aria-live="polite"></div>
<main id="main">
${p.main}
</main>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
}

export function treeHtml(nodes: TreeNode[], root = true): string {
  if (nodes.length === 0) return '';
  const items = nodes
    .map(
      (n) =>
        `<li><a href="${kbLink(n.slug)}">${esc(n.title)}</a>${draftMark(n.status)}${treeHtml(n.children, false)}</li>`,
    )
    .join('');
  return `<ul${root ? ' class="tree"' : ''}>${items}</ul>`;
}

export function labelsHtml(labels: string[]): string {
  if (labels.length === 0) return '';
  const items = labels.map((l) => `<li><a href="${labelLink(l)}">${esc(l)}</a></li>`).join('');
  return `<ul class="labels" aria-label="Labels">${items}</ul>`;
}

export function crumbsHtml(crumbs: Crumb[]): string {
  const items = crumbs.map((c, i) =>
    i === crumbs.length - 1
      ? `<li><a href="${kbLink(c.slug)}" aria-current="page">${esc(c.title)}</a></li>`
      : `<li><a href="${kbLink(c.slug)}">${esc(c.title)}</a></li>`,
  );
  return `<nav class="crumbs" aria-label="Breadcrumb"><ol><li><a href="/kb">Knowledge base</a></li>${items.join('')}</ol></nav>`;
}

/** `html` is the renderer's output: Markdown rendered with raw HTML off and unsafe links dropped. */
export function articleMain(a: ArticleView): string {
  const children = a.children.length
    ? `<section aria-labelledby="in-section"><h2 id="in-section">In this section</h2><ul>${a.children
        .map((c) => `<li><a href="${kbLink(c.slug)}">${esc(c.title)}</a></li>`)
        .join('')}</ul></section>`
    : '';
  return `${crumbsHtml(a.breadcrumbs)}
<article>
<h1>${esc(a.title)}</h1>
<p class="meta">Last updated <time datetime="${a.updatedAt.toISOString()}">${esc(formatDate(a.updatedAt))}</time> · version ${a.version}</p>
${labelsHtml(a.labels)}
${a.html}
</article>
${children}`;
}

export function resultsMain(query: string, hits: SearchHit[]): string {
  const list = hits.length
    ? `<ul class="results">${hits
        .map(
          (h) =>
            `<li><a href="${esc(h.url)}">${esc(h.title)}</a><p>${esc(h.snippet)}</p>${labelsHtml(h.labels)}</li>`,
        )
        .join('')}</ul>`
    : '<p>No article matches. Try other words, or ask the desk in chat.</p>';
  return `<h1>Search results for “${esc(query)}”</h1>\n${list}\n<p><a href="/kb">All articles</a></p>`;
}

export function labelMain(label: string, articles: { slug: string; title: string }[]): string {
  const list = articles.length
    ? `<ul>${articles.map((a) => `<li><a href="${kbLink(a.slug)}">${esc(a.title)}</a></li>`).join('')}</ul>`
    : '<p>No article has this label.</p>';
  return `<h1>Articles labelled “${esc(label)}”</h1>\n${list}\n<p><a href="/kb">All articles</a></p>`;
}

export function homeMain(tree: TreeNode[], labels: { label: string; count: number }[]): string {
  const cloud = labels.length ? `<h2>Labels</h2>${labelsHtml(labels.map((l) => l.label))}` : '';
  const body = tree.length ? treeHtml(tree) : '<p>No articles yet.</p>';
  return `<h1>Knowledge base</h1>\n<nav aria-label="Articles">${body}</nav>\n${cloud}`;
}

export function notFoundMain(): string {
  return '<h1>Article not found</h1><p>It may have moved or not be published yet. <a href="/kb">See all articles</a>.</p>';
}

function draftMark(status: string): string {
  return status === 'draft' ? ' <span class="draft">draft</span>' : '';
}

function formatDate(d: Date): string {
  return d.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}
