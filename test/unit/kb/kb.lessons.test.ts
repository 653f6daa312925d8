import { describe, expect, it } from 'vitest';
import { FeedbackModel } from '../../../src/core/kb/kb.feedback.js';
import { SharedLessons } from '../../../src/core/kb/kb.lessons.js';
import type { Signals } from '../../../src/ports/signal.port.js';

/** Signals in one process: every listener hears every payload, as NOTIFY does. */
function busSignals(): Signals & { sent: string[]; say(payload: string): void } {
  const listeners = new Set<(p: string) => void>();
  const sent: string[] = [];
  const say = (payload: string) => {
    for (const l of listeners) l(payload);
  };
  return {
    sent,
    say,
    async publish(_channel, payload) {
      sent.push(payload);
      say(payload);
    },
    async listen(_channel, onMessage) {
      listeners.add(onMessage);
      return async () => void listeners.delete(onMessage);
    },
  };
}

const at = new Date('2026-11-25T10:00:00Z');
const lift = (m: FeedbackModel) =>
  m.lift('scanner stopped working', ['scanner-offline'], at).get('scanner-offline');

describe('lessons shared between instances', () => {
  it('each instance learns a lesson once: at once where taught, from the signal elsewhere', async () => {
    const signals = busSignals();
    const [here, there] = [new FeedbackModel(), new FeedbackModel()];
    const a = new SharedLessons(signals);
    const b = new SharedLessons(signals);
    a.register('kb', here, async () => {});
    b.register('kb', there, async () => {});
    await a.start();
    await b.start();
    a.learn('kb', { type: 'solved', query: 'scanner stopped working', slugs: ['scanner-offline'], at });
    await new Promise((r) => setTimeout(r, 0));
    const once = new FeedbackModel();
    once.learn({ type: 'solved', query: 'scanner stopped working', slugs: ['scanner-offline'], at });
    expect(lift(here)).toBe(lift(once));
    expect(lift(there)).toBe(lift(once));
  });

  it('ignores what is not a lesson, and publishes none too large for a signal', async () => {
    const signals = busSignals();
    const model = new FeedbackModel();
    const lessons = new SharedLessons(signals);
    lessons.register('kb', model, async () => {});
    await lessons.start();
    for (const bad of [
      'not json',
      '{"kind":"kb"}',
      JSON.stringify({
        from: 'x',
        kind: 'kb',
        type: 'solved',
        query: 'scanner',
        slugs: [1],
        at: at.toISOString(),
      }),
      JSON.stringify({
        from: 'x',
        kind: 'other',
        type: 'solved',
        query: 'scanner',
        slugs: ['s'],
        at: at.toISOString(),
      }),
    ])
      signals.say(bad);
    expect(lift(model)).toBe(1);
    lessons.learn('kb', { type: 'solved', query: 'scanner', slugs: Array(20).fill('x'.repeat(500)), at });
    expect(signals.sent).toEqual([]);
  });
});
