import type { DeskConfig } from '../../src/config/desk.schema.js';
import type { Desk } from '../../src/core/index.js';
import type { ChannelAdapter } from '../../src/ports/channel-adapter.port.js';
import { WebChannel, webConversation } from './web.channel.js';
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

/** The web chat: the embedded default channel, one adapter like every platform's. */
export interface WebChat extends ChannelAdapter {
  channel: WebChannel;
  streams: WebStreams;
}

/** The bytes of a file the page sent in the message itself (a data: URL); nothing else is fetched. */
function dataUrlBytes(url: string, maxBytes: number): Buffer {
  const match = /^data:[^,;]*;base64,([A-Za-z0-9+/=]*)$/.exec(url);
  if (!match) throw new Error('the web chat takes only files sent with the message');
  const bytes = Buffer.from(match[1]!, 'base64');
  if (bytes.length > maxBytes) throw new Error('larger than the desk takes');
  return bytes;
}

export function createWebChat(options: WebChatOptions): WebChat {
  const channel = new WebChannel(options.desk.signals);
  const streams = new WebStreams(channel);
  const demo = options.demoIdentities ? demoIdentities(options.config) : null;
  return {
    platform: 'web',
    label: `web chat (demo identities ${demo ? 'on' : 'off'})`,
    channel,
    streams,
    routes(app) {
      // Streams never end by themselves; close them before the server waits for open connections.
      app.addHook('preClose', async () => streams.closeAll());
      // Deliveries reach the pages of this server, made by any instance's dispatcher.
      app.addHook('onReady', () => channel.listen());
      app.addHook('onClose', () => channel.close());
      registerWebPages(app);
      registerWebRoutes(app, { desk: options.desk, streams, demo });
    },
    // SLA pings reach people in their web chat.
    directRoute: async (person) => webConversation(person.id),
    files: async (file, maxBytes) => dataUrlBytes(file.url, maxBytes),
    async start() {},
    async stop() {},
  };
}
