import { describe, expect, it } from 'vitest';
import { Readiness } from '../../../src/http/readiness.js';

/** A check the test answers by hand, counting how often it was started. */
function manualCheck() {
  const pending: ((ok: boolean) => void)[] = [];
  let started = 0;
  return {
    check: () =>
      new Promise<boolean>((resolve) => {
        started++;
        pending.push(resolve);
      }),
    answer: (ok: boolean) => pending.shift()?.(ok),
    started: () => started,
  };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('readiness', () => {
  it('reports each check; a failing or throwing one is false at once', async () => {
    const r = new Readiness({
      store: async () => true,
      scheduler: async () => false,
      other: async () => {
        throw new Error('refused');
      },
    });
    expect(await r.report()).toEqual({ store: true, scheduler: false, other: false });
  });

  it('a check slower than the wait keeps its last answer while it runs, and runs once for many probes', async () => {
    let now = 0;
    const m = manualCheck();
    const r = new Readiness({ store: m.check }, { answerWithinMs: 5, stallMs: 1000 }, () => now);
    const first = r.report();
    m.answer(true);
    expect(await first).toEqual({ store: true });
    // Busy: the next check does not answer within the wait, but is not stuck.
    const probes = await Promise.all([r.report(), r.report(), r.report()]);
    expect(probes).toEqual([{ store: true }, { store: true }, { store: true }]);
    expect(m.started()).toBe(2);
    now = 999;
    expect(await r.report()).toEqual({ store: true });
    m.answer(true);
    await settle();
    expect(m.started()).toBe(2);
  });

  it('a check stuck past stallMs is down, and the next probe starts a fresh one', async () => {
    let now = 0;
    const m = manualCheck();
    const r = new Readiness({ store: m.check }, { answerWithinMs: 5, stallMs: 1000 }, () => now);
    const first = r.report();
    m.answer(true);
    await first;
    expect(await r.report()).toEqual({ store: true }); // second check starts, hangs
    now = 1000;
    expect(await r.report()).toEqual({ store: false }); // stuck: down; a third check starts
    expect(m.started()).toBe(3);
    now = 1001;
    expect(await r.report()).toEqual({ store: false }); // the third hangs too: still down
    m.answer(true); // the stuck one answers late: it no longer counts
    m.answer(true); // the third answers
    await settle();
    expect(await r.report()).toEqual({ store: true });
  });

  it('a check that never answered yet is not ready until it does', async () => {
    const m = manualCheck();
    const r = new Readiness({ store: m.check }, { answerWithinMs: 5 });
    expect(await r.report()).toEqual({ store: false });
    m.answer(true);
    await settle();
    const next = r.report();
    m.answer(true);
    expect(await next).toEqual({ store: true });
  });
});
