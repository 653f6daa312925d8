import { describe, expect, it } from 'vitest';
import { TurnQueue } from '../../../src/core/inbound/turn.queue.js';

const tick = () => new Promise((next) => setTimeout(next, 5));

/** Work that finishes when told, noting when it started. */
function gate(log: string[], name: string) {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return {
    work: async () => {
      log.push(`start ${name}`);
      await opened;
      log.push(`end ${name}`);
      return name;
    },
    open: () => open(),
  };
}

describe('Slack TurnQueue', () => {
  it('runs the turns of one conversation one at a time, in the order they were queued', async () => {
    const q = new TurnQueue(4);
    const log: string[] = [];
    const a = gate(log, 'a');
    const b = gate(log, 'b');
    const first = q.queue('c1');
    const second = q.queue('c1');
    // The later one is handed its work first: it still waits for the earlier one.
    const ran = [second.run(b.work), first.run(a.work)];
    await tick();
    expect(log).toEqual(['start a']);
    a.open();
    await tick();
    expect(log).toEqual(['start a', 'end a', 'start b']);
    b.open();
    expect(await Promise.all(ran)).toEqual(['b', 'a']);
  });

  it('runs other conversations side by side, up to the limit', async () => {
    const q = new TurnQueue(2);
    const log: string[] = [];
    const gates = ['x', 'y', 'z'].map((n) => gate(log, n));
    const ran = gates.map((g, i) => q.queue(`c${i}`).run(g.work));
    await tick();
    expect(log).toEqual(['start x', 'start y']);
    gates[0]!.open();
    await tick();
    expect(log).toContain('start z');
    for (const g of gates) g.open();
    await Promise.all(ran);
  });

  it('a turn waits while other deliveries are still on their way to their ack', async () => {
    const q = new TurnQueue(4);
    const log: string[] = [];
    const acking = q.queue('other'); // accepted, not yet acknowledged
    const ran = q.queue('mine').run(async () => log.push('turn'));
    await tick();
    expect(log).toEqual([]);
    acking.cancel(); // acknowledged (a duplicate: no turn of its own)
    await ran;
    expect(log).toEqual(['turn']);
  });

  it('a cancelled place lets the next turn of the conversation go', async () => {
    const q = new TurnQueue(1);
    const dropped = q.queue('c1');
    const ran = q.queue('c1').run(async () => 'next');
    dropped.cancel();
    expect(await ran).toBe('next');
  });
});
