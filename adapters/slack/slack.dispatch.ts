import type { App } from '@slack/bolt';

/** What the transport answers Slack: HTTP status and body, or a Socket Mode ack payload. */
export interface SlackAnswer {
  status: number;
  body?: unknown;
}

/** Listeners call `context.acknowledge()` once the delivery is safe in the inbox. */
export interface AcknowledgeContext {
  acknowledge?: () => void;
}

/**
 * Runs Bolt on one verified delivery and resolves with the answer when it is due. Bolt acknowledges
 * events before any listener runs, which would answer Slack before the inbox holds the event; so an
 * event is answered when a listener calls `context.acknowledge()` (after its inbox write) or when Bolt
 * is done. Interactions are answered by the listener's own `ack(...)` (a modal's errors ride on it).
 * `processBeforeResponse` answers only when everything is done (tests, for determinism). A failure
 * before the answer is a 503 for events, so Slack delivers again; the inbox makes that harmless.
 */
export function dispatch(
  app: App,
  body: Record<string, unknown>,
  retry: { num?: number; reason?: string },
  processBeforeResponse: boolean,
  track: (work: Promise<unknown>) => void,
  onLateError: (err: unknown) => void,
): Promise<SlackAnswer> {
  const isEvent = body.type === 'event_callback';
  return new Promise((resolve) => {
    let answer: SlackAnswer | undefined;
    let sent = false;
    const send = (a: SlackAnswer) => {
      if (sent) return;
      sent = true;
      resolve(a);
    };
    const ready = (a: SlackAnswer) => {
      answer ??= a;
      if (!processBeforeResponse) send(answer);
    };
    const work = app
      .processEvent({
        body,
        retryNum: retry.num,
        retryReason: retry.reason,
        customProperties: { acknowledge: () => ready({ status: 200 }) },
        ack: async (response?: unknown) => {
          if (!isEvent) ready({ status: 200, ...(response !== undefined ? { body: response } : {}) });
        },
      })
      .then(() => send(answer ?? { status: 200 }))
      .catch((err) => {
        if (sent) onLateError(err);
        else send({ status: isEvent ? 503 : 500 });
      });
    track(work);
  });
}
