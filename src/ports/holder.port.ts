/**
 * One holder at a time among the instances on a database, for work only one may do (a gateway
 * connection: two would receive every event twice and spend the platform's session starts).
 */
export interface Holders {
  /**
   * Calls `take` once this instance holds `name`, waiting (in the background) while another does, and
   * `lost` if it stops holding it without letting go (its connection to the database dropped; it then
   * waits to hold it again).
   */
  hold(name: string, take: () => Promise<void>, lost: () => Promise<void>): Held;
}

export interface Held {
  /** Tells an instance letting go of `name` that this one, which holds it now, is ready. */
  ready(): Promise<void>;
  /**
   * Lets go: the next instance waiting takes it at once. If one was waiting, resolves once it says
   * it is ready, or after `handOverMs`, so the caller closes its connection only after the next one
   * opened its own (events in between come twice, and the inbox drops the copies).
   */
  release(handOverMs: number): Promise<void>;
}
