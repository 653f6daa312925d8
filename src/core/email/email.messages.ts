import MarkdownIt from 'markdown-it';

/** The desk's words (the chat's small Markdown) as an email's plain-text and HTML parts. */
const md = new MarkdownIt({ html: false, linkify: false, breaks: true });

export interface EmailBody {
  subject: string;
  text: string;
  html: string;
}

/** One email with both parts; the subject is one line (header fields never carry CR or LF). */
export function emailOf(subject: string, markdown: string, footer: string): EmailBody {
  const text = `${plain(markdown)}\n\n${footer}\n`;
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5">${md.render(markdown)}<hr><p style="color:#5a6472">${md.renderInline(footer)}</p></body></html>`;
  return { subject: subject.replace(/[\r\n]+/g, ' ').slice(0, 200), text, html };
}

/** **bold** and [label](url) read as plain text: bold marks dropped, links as "label (url)". */
function plain(markdown: string): string {
  return markdown
    .replace(/\*\*(.+?)\*\*/g, '$1')
    .replace(/\[([^\]]+)\]\(([^)]+)\)/g, (_m, label, url) => (label === url ? url : `${label} (${url})`));
}

/**
 * The new words of a reply: what comes before the quoted message ("On ... wrote:", "-----Original
 * Message-----", "From: ..." or lines quoted with ">").
 */
export function replyText(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const cut = lines.findIndex(
    (l) =>
      /^\s*>/.test(l) ||
      /^On .+wrote:\s*$/.test(l.trim()) ||
      /^-+ ?Original Message ?-+$/i.test(l.trim()) ||
      /^From: /.test(l),
  );
  return (cut < 0 ? lines : lines.slice(0, cut)).join('\n').trim();
}
