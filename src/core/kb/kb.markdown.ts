import MarkdownIt, { type Token } from 'markdown-it';

/** Schemes a link or image may use; anything else (javascript:, data:, vbscript:, file:) is dropped. */
const SAFE_SCHEMES = new Set(['http', 'https', 'mailto']);

// html: false turns raw HTML into text, so no tag or attribute of the author's reaches the page.
const md = new MarkdownIt({ html: false, linkify: true, typographer: false });
md.validateLink = isSafeUrl;
md.core.ruler.push('heading_ids', (state) => {
  const seen = new Map<string, number>();
  state.tokens.forEach((token, i) => {
    if (token.type !== 'heading_open') return;
    const base = headingId(inlineText(state.tokens[i + 1]));
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    token.attrSet('id', n === 1 ? base : `${base}-${n}`);
  });
});

const renderLinkOpen =
  md.renderer.rules.link_open ??
  ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  // Links out of the desk neither pass our page as referrer nor get a handle on it.
  if (/^(https?:)?\/\//i.test(tokens[idx]!.attrGet('href') ?? '')) {
    tokens[idx]!.attrSet('rel', 'noopener noreferrer nofollow');
  }
  return renderLinkOpen(tokens, idx, options, env, self);
};

/** True for relative links, fragments and the schemes in SAFE_SCHEMES. */
export function isSafeUrl(url: string): boolean {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url.trim());
  return !scheme || SAFE_SCHEMES.has(scheme[1]!.toLowerCase());
}

/** Markdown to HTML that is safe to put in a page: escaped text, safe links, ids on headings. */
export function renderMarkdown(markdown: string): string {
  return md.render(markdown);
}

/** The words of an article without markup: what search indexes and snippets quote. */
export function markdownToText(markdown: string): string {
  const parts: string[] = [];
  let inHeading = false;
  for (const token of md.parse(markdown, {})) {
    if (token.type === 'heading_open' || token.type === 'heading_close') inHeading = token.nesting === 1;
    else if (token.type === 'inline') {
      const text = inlineText(token).trim();
      // "Symptoms: The screen…" reads as a sentence in a snippet; "Symptoms The screen…" does not.
      parts.push(inHeading && /[\p{L}\p{N}]$/u.test(text) ? `${text}:` : text);
    } else if (token.type === 'fence' || token.type === 'code_block') parts.push(token.content);
  }
  return parts.join(' ').replace(/\s+/g, ' ').trim();
}

/** A heading's id: lower-case words joined by hyphens, as people type them in links. */
export function headingId(text: string): string {
  const id = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return id || 'section';
}

function inlineText(token: Token | undefined): string {
  if (!token?.children) return token?.content ?? '';
  return token.children
    .map((c) => {
      if (c.type === 'text' || c.type === 'code_inline') return c.content;
      if (c.type === 'image') return c.content; // the alt text
      if (c.type === 'softbreak' || c.type === 'hardbreak') return ' ';
      return '';
    })
    .join('');
}
