/**
 * Text Deskbot posts on Discord never pings anyone: `allowed_mentions: { parse: [] }` on every message
 * stops the pings, and the mention syntax itself is broken with a zero-width space so relayed words
 * show `@everyone` or `<@123>` as typed rather than as a mention. Discord takes 2,000 characters.
 */
const ZWSP = '\u200b';
export const CONTENT_MAX = 2000;

export function safeText(text: string): string {
  return text.replace(/@(everyone|here)/g, `@${ZWSP}$1`).replace(/<(@[!&]?|#)(\d+)>/g, `<${ZWSP}$1$2>`);
}

export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** The words of a message: the bot's own mention taken out. */
export function fromDiscordText(content: string, botId: string): string {
  return content.replace(new RegExp(`<@!?${botId}>`, 'g'), '').trim();
}
