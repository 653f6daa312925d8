import { randomUUID } from 'node:crypto';
import type { StopListening } from '../../ports/kb-store.port.js';
import { MAX_SIGNAL_BYTES, type Signals } from '../../ports/signal.port.js';
import type { Answer, FeedbackModel } from './kb.feedback.js';

/** The one channel every instance's lessons go by: one listening connection for all the models. */
const CHANNEL = 'deskbot_lessons';

/**
 * What people taught (an article solved it, a request type was chosen for these words), kept the same on
 * every instance on the database: each lesson learned here is learned at once and published, and the
 * others learn it as it is heard, not at their next start. A listener that lost its connection reads
 * every model's lessons again from the store. Without signals (one process), lessons stay local.
 */
export class SharedLessons {
  private readonly origin = randomUUID();
  private readonly models = new Map<string, { model: FeedbackModel; reload: () => Promise<void> }>();
  private listening: Promise<StopListening> | null = null;

  constructor(
    private readonly signals?: Signals,
    private onError: (err: unknown) => void = () => {},
  ) {}

  /** A model under its name, and how to read all its lessons from the store again. */
  register(kind: string, model: FeedbackModel, reload: () => Promise<void>): void {
    this.models.set(kind, { model, reload });
  }

  /** Listens (once, whoever asks first); a model then loads, so nothing taught in between is missed. */
  async start(onError?: (err: unknown) => void): Promise<void> {
    if (onError) this.onError = onError;
    if (!this.signals) return;
    this.listening ??= this.signals.listen(
      CHANNEL,
      (payload) => this.heard(payload),
      () => {
        for (const { reload } of this.models.values()) void reload().catch(this.onError);
      },
    );
    await this.listening;
  }

  async stop(): Promise<void> {
    const listening = this.listening;
    this.listening = null;
    await (await listening)?.();
  }

  /** Learns here, at once, and tells the other instances. */
  learn(kind: string, answer: Answer): void {
    this.models.get(kind)?.model.learn(answer);
    if (!this.signals || !answer.query) return;
    const payload = JSON.stringify({
      from: this.origin,
      kind,
      type: answer.type,
      query: answer.query.slice(0, 1000),
      slugs: answer.slugs.slice(0, 20),
      at: answer.at.toISOString(),
    });
    if (Buffer.byteLength(payload) > MAX_SIGNAL_BYTES) return; // learned elsewhere at the next start
    void this.signals.publish(CHANNEL, payload).catch(this.onError);
  }

  private heard(payload: string): void {
    let lesson: Record<string, unknown>;
    try {
      lesson = JSON.parse(payload) as Record<string, unknown>;
    } catch {
      return;
    }
    if (lesson.from === this.origin || typeof lesson.kind !== 'string') return;
    const { query, slugs, type, at } = lesson;
    if (typeof query !== 'string' || typeof type !== 'string' || typeof at !== 'string') return;
    if (!Array.isArray(slugs) || !slugs.every((s) => typeof s === 'string')) return;
    this.models.get(lesson.kind)?.model.learn({ query, slugs, type, at: new Date(at) });
  }
}
