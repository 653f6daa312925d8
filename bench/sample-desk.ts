import { loadDeskConfig } from '../src/config/desk.loader.js';
import type { DeskConfig } from '../src/config/desk.schema.js';
import { loadKbSeed } from '../src/config/kb-seed.loader.js';
import { createDesk, type Desk } from '../src/core/desk.js';
import { systemClock } from '../src/ports/clock.port.js';
import type { Person } from '../src/ports/store.port.js';
import type { OpenStore } from '../src/store/store.js';

/**
 * The sample desk (config/desk.yaml, optionally adjusted) over a bench's store, with its people synced;
 * `articles` imports the seed knowledge base and starts its index, so first turns search it.
 */
export async function sampleDesk(
  store: OpenStore,
  options: { articles?: boolean; adjust?: (config: DeskConfig) => DeskConfig } = {},
): Promise<{ desk: Desk; config: DeskConfig; rita: Person }> {
  const loaded = await loadDeskConfig('config/desk.yaml');
  if (!loaded.ok) throw new Error('sample desk does not load');
  const config = options.adjust ? options.adjust(loaded.config) : loaded.config;
  const desk = createDesk(store, config, systemClock);
  await desk.people.syncFromConfig(config);
  if (options.articles) {
    await desk.kb.importSeed((await loadKbSeed('config/kb')).articles);
    await desk.kb.start();
  }
  const rita = await store.people.byEmail('rita@acme.example');
  if (!rita) throw new Error('the sample desk has no rita@acme.example');
  return { desk, config, rita };
}
