import type { Clock } from '../../ports/clock.port.js';
import type { Person, RequestKeyRecord, Store } from '../../ports/store.port.js';

/** How long a client's Idempotency-Key holds: after this the same key makes a new change. */
export const REQUEST_KEY_LIFETIME_MS = 24 * 60 * 60 * 1000;

/**
 * Clients' retry keys (the REST API's Idempotency-Key): the key is stored with the change it made, in
 * the same transaction, so a retry after a lost answer finds the change instead of making it again.
 */
export class RequestKeyService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /** What this person's key made within its lifetime, or null. */
  find(person: Person, key: string): Promise<RequestKeyRecord | null> {
    const notBefore = new Date(this.clock.now().getTime() - REQUEST_KEY_LIFETIME_MS);
    return this.store.requestKeys.find(person.id, key, notBefore);
  }

  /** Keeps the answer the first request got, so a retry gets the same one. */
  remember(person: Person, key: string, answer: NonNullable<RequestKeyRecord['answer']>): Promise<void> {
    return this.store.requestKeys.answer(person.id, key, answer);
  }
}
