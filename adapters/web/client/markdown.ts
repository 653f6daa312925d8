/**
 * The Markdown subset of chat messages, made safe to insert as HTML: every piece of text is escaped
 * first, then **bold**, _italic_, `code`, [label](url) (http(s) or relative URLs only) and bare http(s)
 * URLs, "- " lists,
 * "> " quotes (relayed replies) and line breaks become markup. Pure, so it is tested without a DOM.
 */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * A link target the page may use, or null. Links to the desk's own base URL become relative, so they
 * open in this app whatever host it is reached by (the sample desk's base URL is not this machine).
 */
export function safeUrl(url: string, deskBaseUrl?: string | null): string | null {
  const u = url.trim();
  const base = deskBaseUrl?.replace(/\/$/, '');
  if (base && (u === base || u.startsWith(`${base}/`))) return u.slice(base.length) || '/';
  if (/^https?:\/\/[^\s/]/i.test(u)) return u;
  if (/^\/(?![/\\])/.test(u)) return u; // a path on this site, not a protocol-relative //host
  return null;
}

// `code`, [label](url), or a bare http(s) URL (its trailing punctuation is the sentence's, not the link's).
const INLINE = /`([^`\n]+)`|\[([^\]\n]+)\]\(([^()\s]+)\)|\bhttps?:\/\/[^\s<>"]*[^\s<>".,;:!?)'\]]/gi;

/** One line's inline markup. */
export function inlineHtml(text: string, deskBaseUrl?: string | null): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    out += emphasis(escapeHtml(text.slice(last, m.index)));
    if (m[1] !== undefined) out += `<code>${escapeHtml(m[1])}</code>`;
    else {
      const href = safeUrl(m[3] ?? m[0], deskBaseUrl);
      const label = m[2] === undefined ? escapeHtml(m[0]) : emphasis(escapeHtml(m[2]));
      if (href === null) out += label;
      else if (href.startsWith('/')) out += `<a href="${escapeHtml(href)}">${label}</a>`;
      else out += `<a href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer">${label}</a>`;
    }
    last = m.index + m[0].length;
  }
  return out + emphasis(escapeHtml(text.slice(last)));
}

/** Bold and italic on already escaped text (the markers are not characters escaping touches). */
function emphasis(escaped: string): string {
  return escaped
    .replace(/\*\*(?=\S)(.+?)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[^\w])_(?=\S)(.+?)_(?![\w])/g, '$1<em>$2</em>');
}

/** A whole message: blocks of lines, "- " lists and "> " quotes grouped. */
export function markdownToHtml(text: string, deskBaseUrl?: string | null): string {
  const blocks: string[] = [];
  let lines: string[] = [];
  let kind: 'p' | 'ul' | 'quote' = 'p';
  const flush = () => {
    if (lines.length === 0) return;
    if (kind === 'ul') blocks.push(`<ul>${lines.map((l) => `<li>${l}</li>`).join('')}</ul>`);
    else if (kind === 'quote') blocks.push(`<blockquote>${lines.join('<br>')}</blockquote>`);
    else blocks.push(`<p>${lines.join('<br>')}</p>`);
    lines = [];
  };
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    const item = /^\s*[-*] (.*)$/.exec(raw);
    const quote = /^> ?(.*)$/.exec(raw);
    const next = item ? 'ul' : quote ? 'quote' : 'p';
    if (next !== kind || raw.trim() === '') flush();
    kind = next;
    if (raw.trim() === '' && next === 'p') continue;
    lines.push(inlineHtml(item?.[1] ?? quote?.[1] ?? raw, deskBaseUrl));
  }
  flush();
  return blocks.join('');
}
