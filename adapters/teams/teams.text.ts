/**
 * Text for Teams. A message's `text` is rendered as Markdown with inline HTML, where `<at>` is a
 * mention: escaping `& < >` keeps a relayed `<at>General</at>` or `<img>` as the characters typed.
 * Teams joins single line breaks, so each line is its own paragraph (list items stay a list).
 */
export function teamsMarkdown(text: string): string {
  const lines = escapeHtml(text).split('\n');
  let out = '';
  for (const [i, line] of lines.entries()) {
    if (i > 0) out += isListItem(line) && isListItem(lines[i - 1]!) ? '\n' : '\n\n';
    out += line;
  }
  return out;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Text in an Adaptive Card's TextBlock: Markdown without HTML (Teams renders none there, and a mention
 * needs an entity Deskbot never sends), so only line breaks need care.
 */
export function cardText(text: string): string {
  return text
    .split('\n')
    .join('\n\n')
    .replace(/\n\n(- )/g, '\n$1');
}

function isListItem(line: string): boolean {
  return /^\s*- /.test(line);
}

/** The words of a Teams message: the HTML Teams adds around pasted text taken out, entities decoded. */
export function fromTeamsText(text: string): string {
  return text
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p>\s*<p>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .trim();
}
