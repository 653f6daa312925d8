import type { Signals } from '../ports/signal.port.js';
import type { Database } from './database.js';
import { listenOn } from './notify.listener.js';

/** Signals over the database's NOTIFY: every instance on it hears them. */
export function databaseSignals(database: Database): Signals {
  return {
    async publish(channel, payload) {
      await database.raw('SELECT pg_notify($1, $2)', [channel, payload]);
    },
    listen: (channel, onMessage, onResync) => listenOn(database, channel, onMessage, onResync),
  };
}
