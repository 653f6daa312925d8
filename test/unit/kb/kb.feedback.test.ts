import { describe, expect, it } from 'vitest';
import { FeedbackModel } from '../../../src/core/kb/kb.feedback.js';

const DAY = 86_400_000;
const now = new Date('2026-12-01T10:00:00Z');
const ago = (days: number) => new Date(now.getTime() - days * DAY);

describe('learning from answers', () => {
  it('lifts an article that solved a question like this one, and lowers one that did not help', () => {
    const m = new FeedbackModel();
    for (let i = 0; i < 3; i++) {
      m.learn({
        type: 'solved',
        query: 'black screen when I open the lid',
        slugs: ['laptop-wont-boot'],
        at: ago(1),
      });
      m.learn({
        type: 'not_solved',
        query: 'screen stays black after the lid opens',
        slugs: ['wifi-troubleshooting'],
        at: ago(1),
      });
    }
    const lift = m.lift('my screen is black', ['laptop-wont-boot', 'wifi-troubleshooting', 'parking'], now);
    expect(lift.get('laptop-wont-boot')!).toBeGreaterThan(1.2);
    expect(lift.get('wifi-troubleshooting')!).toBeLessThan(0.8);
    expect(lift.get('parking')).toBe(1); // nothing learned about it
  });

  it('is bounded, needs shared words, and fades with age', () => {
    const m = new FeedbackModel();
    for (let i = 0; i < 500; i++) m.learn({ type: 'solved', query: 'vpn drops', slugs: ['vpn'], at: ago(0) });
    expect(m.lift('vpn keeps dropping', ['vpn'], now).get('vpn')!).toBeLessThanOrEqual(1.6);
    expect(m.lift('payslip missing', ['vpn'], now).get('vpn')).toBe(1);
    const old = new FeedbackModel();
    old.learn({ type: 'solved', query: 'vpn drops', slugs: ['vpn'], at: ago(10) });
    const older = new FeedbackModel();
    older.learn({ type: 'solved', query: 'vpn drops', slugs: ['vpn'], at: ago(200) });
    const forgotten = new FeedbackModel();
    forgotten.learn({ type: 'solved', query: 'vpn drops', slugs: ['vpn'], at: ago(400) });
    const lifted = (x: FeedbackModel) => x.lift('vpn drops', ['vpn'], now).get('vpn')!;
    expect(lifted(old)).toBeGreaterThan(lifted(older));
    expect(lifted(older)).toBeGreaterThan(1);
    expect(lifted(forgotten)).toBe(1);
  });

  it('shares "this solved it" among the articles shown together', () => {
    const one = new FeedbackModel();
    one.learn({ type: 'solved', query: 'printer jam', slugs: ['printer'], at: now });
    const three = new FeedbackModel();
    three.learn({ type: 'solved', query: 'printer jam', slugs: ['printer', 'toner', 'paper'], at: now });
    const lifted = (x: FeedbackModel) => x.lift('printer jam', ['printer'], now).get('printer')!;
    expect(lifted(one)).toBeGreaterThan(lifted(three));
  });
});
