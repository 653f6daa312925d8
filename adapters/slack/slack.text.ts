/**
 * Text between the core's small Markdown subset and Slack. Outbound text is escaped (`& < >`), so no
 * relayed words can carry `<!channel>`, `<!here>`, `<!everyone>`, `<!subteam^...>` or `<@U...>`
 * markup, and bare `@channel`-style words are broken with a word joiner so no client pings a crowd.
 */

const WORD_JOINER = '\u2060';

export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escaped, with crowd mentions neutralised: for any text a person wrote. */
export function safeText(text: string): string {
  return escapeText(text).replace(/@(channel|here|everyone)\b/gi, `@${WORD_JOINER}$1`);
}

/** The core's Markdown subset (**bold**, _italic_, `code`, [label](url), "> " quotes, "- " lists) as mrkdwn. */
export function toMrkdwn(markdown: string): string {
  return markdown
    .split('\n')
    .map((line) => {
      const quote = /^>\s?/.exec(line);
      const body = quote ? line.slice(quote[0].length) : line;
      const list = /^- /.test(body);
      const inline = inlineMrkdwn(safeText(list ? body.slice(2) : body));
      return `${quote ? '> ' : ''}${list ? '• ' : ''}${inline}`;
    })
    .join('\n');
}

/** Runs on escaped text: links become `<url|label>` only for web and mail addresses. */
function inlineMrkdwn(escaped: string): string {
  return escaped
    .replace(/\*\*(.+?)\*\*/g, '*$1*')
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (whole, label: string, url: string) =>
      /^(https?:\/\/|mailto:)[^|\s]+$/.test(url) ? `<${url}|${label.replace(/\|/g, '¦')}>` : whole,
    );
}

/** A plain-text field of Block Kit (buttons, titles, options): no markup, cut to Slack's limit. */
export function plain(text: string, max: number): { type: 'plain_text'; text: string; emoji: boolean } {
  const clean = text.replace(/\*\*|`/g, '');
  return {
    type: 'plain_text',
    text: clean.length > max ? `${clean.slice(0, max - 1)}…` : clean,
    emoji: true,
  };
}

/**
 * Slack's message markup as the words a person typed: entities decoded, `<@U1>` as `@U1`, links as
 * their label and address, the bot's own mention removed. Identity never comes from these words.
 */
export function fromSlackText(text: string, botUserId?: string): string {
  return text
    .replace(/<([^<>]+)>/g, (_whole, inner: string) => {
      const [target, label] = inner.split('|', 2) as [string, string | undefined];
      if (botUserId && target === `@${botUserId}`) return '';
      if (target.startsWith('@') || target.startsWith('#')) return label ? `${target[0]}${label}` : target;
      if (target.startsWith('!')) {
        const name = label ?? target.slice(1).split('^')[0]!;
        return name.startsWith('@') ? name : `@${name}`;
      }
      return label && label !== target ? `${label} (${target})` : target;
    })
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/[ \t]+/g, ' ')
    .trim();
}
