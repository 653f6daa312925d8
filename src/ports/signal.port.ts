import type { StopListening } from './kb-store.port.js';

/**
 * Wake-ups between the instances on one database (PostgreSQL NOTIFY): each listener, on every
 * instance, this one included, hears each signal once. Best effort: a listener that lost its
 * connection hears `onResync` instead of what it missed, and rereads.
 */
export interface Signals {
  /** A payload of at most MAX_SIGNAL_BYTES. */
  publish(channel: string, payload: string): Promise<void>;
  listen(channel: string, onMessage: (payload: string) => void, onResync: () => void): Promise<StopListening>;
}

/** NOTIFY takes under 8000 bytes. */
export const MAX_SIGNAL_BYTES = 7900;
