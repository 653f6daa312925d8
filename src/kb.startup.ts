import { dirname, join } from 'node:path';
import type { Logger } from 'pino';
import { loadKbSeed } from './config/kb-seed.loader.js';
import type { Desk } from './core/desk.js';

/**
 * Imports the seed articles (`kb/` beside the desk config) by the seed rule, logs what it did, then
 * builds the search index and follows edits from every instance. A bad seed file is reported and
 * skipped: the desk starts without it.
 */
export async function startKnowledgeBase(desk: Desk, deskConfigPath: string, logger: Logger): Promise<void> {
  const dir = join(dirname(deskConfigPath), 'kb');
  const seed = await loadKbSeed(dir);
  const result = await desk.kb.importSeed(seed.articles);
  for (const problem of [...seed.problems, ...result.problems])
    logger.warn(`knowledge base seed: ${problem}`);
  logger.info(
    `knowledge base: ${result.total} articles; seed ${dir}: ${result.created} new, ${result.updated} updated, ` +
      `${result.unchanged} unchanged, ${result.kept} changed in the app and kept`,
  );
  await desk.kb.start({ onError: (err) => logger.error({ err }, 'knowledge base index update failed') });
}
