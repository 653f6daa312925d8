import type { ArticleRecord, KbStore, StopListening } from '../../ports/kb-store.port.js';
import type { IndexedArticle, KbIndex } from './kb.index.js';
import { markdownToText } from './kb.markdown.js';

/**
 * Keeps an index in step with the store: loads every published article once, then follows the
 * store's change notifications (from this instance and any other on the same database). Work runs
 * one task at a time, so each refresh reads the article as it is after every earlier one.
 */
export class IndexFollower {
  private queue: Promise<void> = Promise.resolve();
  private loaded: Promise<void> | null = null;
  private stopListening: StopListening | null = null;

  constructor(
    private readonly store: KbStore,
    private readonly index: KbIndex,
    private readonly onError: (err: unknown) => void,
  ) {}

  /** Builds the index on first use; later calls wait for the same build. */
  ensureLoaded(): Promise<void> {
    this.loaded ??= this.enqueue(() => this.reload()).catch((err) => {
      this.loaded = null; // the next search tries again
      throw err;
    });
    return this.loaded;
  }

  /** Listens first and loads after, so a change made in between is not missed. */
  async start(): Promise<void> {
    if (this.stopListening) return;
    this.stopListening = await this.store.listen(
      (id) => void this.refresh(id).catch(this.onError),
      () => void this.enqueue(() => this.reload()).catch(this.onError),
    );
    if (this.loaded) await this.enqueue(() => this.reload());
    else await this.ensureLoaded();
  }

  async stop(): Promise<void> {
    const stop = this.stopListening;
    this.stopListening = null;
    await stop?.();
    await this.queue;
  }

  /** Reads one article again and puts it in or takes it out of the index. */
  refresh(articleId: string): Promise<void> {
    if (!this.loaded) return Promise.resolve(); // the first load will read it
    return this.enqueue(async () => {
      const article = await this.store.byId(articleId);
      if (article?.status === 'published') this.index.upsert(toIndexed(article));
      else this.index.remove(articleId);
    });
  }

  /** Reads every published article again, if the index was built already. */
  refreshAll(): Promise<void> {
    return this.loaded ? this.enqueue(() => this.reload()) : Promise.resolve();
  }

  private async reload(): Promise<void> {
    this.index.replaceAll((await this.store.published()).map(toIndexed));
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.queue.then(task);
    this.queue = run.catch(() => {}); // one failed task must not stop the ones after it
    return run;
  }
}

export function toIndexed(a: ArticleRecord): IndexedArticle {
  return {
    id: a.id,
    slug: a.slug,
    title: a.title,
    labels: a.labels,
    questions: a.questions,
    text: markdownToText(a.body),
  };
}
