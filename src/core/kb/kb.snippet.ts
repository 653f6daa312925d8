const LENGTH = 160;
const LEAD = 40;

/**
 * About LENGTH characters of `text` around the first of `terms` found at the start of a word, cut at
 * word boundaries and marked with ellipses; the start of the text when no term is found.
 */
export function snippet(text: string, terms: readonly string[], length = LENGTH): string {
  if (text.length <= length) return text;
  const lower = text.toLowerCase();
  let hit = -1;
  for (const term of terms) {
    const at = wordStart(lower, term.toLowerCase());
    if (at >= 0 && (hit < 0 || at < hit)) hit = at;
  }
  let start = hit <= LEAD ? 0 : hit - LEAD;
  if (start > 0) {
    const space = text.indexOf(' ', start);
    start = space >= 0 && space < hit ? space + 1 : start;
  }
  let end = Math.min(text.length, start + length);
  if (end < text.length) {
    const space = text.lastIndexOf(' ', end);
    end = space > start + length / 2 ? space : end;
  }
  return `${start > 0 ? '…' : ''}${text.slice(start, end).trim()}${end < text.length ? '…' : ''}`;
}

/** Index of the first place `term` begins a word in `text`, or -1. */
function wordStart(text: string, term: string): number {
  if (term === '') return -1;
  for (let at = text.indexOf(term); at >= 0; at = text.indexOf(term, at + 1)) {
    if (at === 0 || !/[\p{L}\p{N}]/u.test(text[at - 1]!)) return at;
  }
  return -1;
}
