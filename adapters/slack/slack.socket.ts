import type { App, Receiver } from '@slack/bolt';
import { SocketModeClient } from '@slack/socket-mode';
import { findInputProblem, type InputProblem } from '../../src/http/input.guard.js';
import { dispatch } from './slack.dispatch.js';

export interface SocketReceiverOptions {
  appToken: string;
  slackApiUrl?: string;
  track: (work: Promise<unknown>) => void;
  onLateError: (err: unknown) => void;
  /** A payload with text or nesting Deskbot cannot take: acknowledged (a redelivery is the same), dropped. */
  onRefused: (problem: InputProblem) => void;
}

/**
 * Socket Mode (SLACK_APP_TOKEN): the same pipeline as HTTP, over Slack's WebSocket. An envelope is
 * acknowledged when the inbox holds it (see dispatch); a failure leaves it unacknowledged, so Slack
 * sends it again.
 */
export class SlackSocketReceiver implements Receiver {
  private app: App | undefined;
  readonly client: SocketModeClient;

  constructor(opts: SocketReceiverOptions) {
    this.client = new SocketModeClient({
      appToken: opts.appToken,
      clientOptions: {
        ...(opts.slackApiUrl ? { slackApiUrl: opts.slackApiUrl } : {}),
        retryConfig: { retries: 0 },
      },
    });
    this.client.on('slack_event', async ({ ack, body, retry_num, retry_reason }) => {
      if (!this.app) return;
      const problem = findInputProblem(body);
      if (problem) {
        opts.onRefused(problem);
        return ack();
      }
      const answer = await dispatch(
        this.app,
        body,
        { num: retry_num, reason: retry_reason },
        false,
        opts.track,
        opts.onLateError,
      );
      if (answer.status === 200) await ack(answer.body);
    });
  }

  init(app: App): void {
    this.app = app;
  }

  async start(): Promise<void> {
    await this.client.start();
  }

  async stop(): Promise<void> {
    await this.client.disconnect();
  }
}
