import { type REST, Routes } from 'discord.js';
import { discordCode } from './discord.errors.js';
import { clip } from './discord.text.js';

/** Discord: "a thread has already been created for this message". */
const THREAD_EXISTS = 160004;

/**
 * Starts a thread from a message (the thread gets the message's id). Repeatable: a retry, or a replayed
 * event, finds the thread made and carries on.
 */
export async function startThread(
  rest: REST,
  channel: string,
  messageId: string,
  name: string,
): Promise<void> {
  try {
    await rest.post(Routes.threads(channel, messageId), {
      body: { name: clip(name, 100), auto_archive_duration: 10080 },
    });
  } catch (err) {
    if (discordCode(err) !== THREAD_EXISTS) throw err;
  }
}
