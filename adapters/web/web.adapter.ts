import type { FastifyInstance } from 'fastify';
import type { DeskConfig } from '../../src/config/desk.schema.js';
import type { Desk } from '../../src/core/index.js';
import { WebChannel } from './web.channel.js';
import { registerWebPages } from './web.pages.js';
import { registerWebRoutes } from './web.routes.js';
import { demoIdentities } from './web.session.js';
import { WebStreams } from './web.stream.js';

export interface WebChatOptions {
  desk: Desk;
  config: DeskConfig;
  /** Offer the demo identity picker (WEB_DEMO_IDENTITIES, on by default). */
  demoIdentities: boolean;
}

/** The web chat: the embedded default channel. Register `channel` on the outbox, `register` on the server. */
export interface WebChat {
  channel: WebChannel;
  streams: WebStreams;
  register(app: FastifyInstance): void;
}

export function createWebChat(options: WebChatOptions): WebChat {
  const channel = new WebChannel();
  const streams = new WebStreams(channel);
  const demo = options.demoIdentities ? demoIdentities(options.config) : null;
  return {
    channel,
    streams,
    register(app) {
      // Streams never end by themselves; close them before the server waits for open connections.
      app.addHook('preClose', async () => streams.closeAll());
      registerWebPages(app);
      registerWebRoutes(app, { desk: options.desk, streams, demo });
    },
  };
}
