import { describe, expect, it } from 'vitest';
import { loadDeskConfig } from '../../../src/config/desk.loader.js';
import { RequestTypeFinder } from '../../../src/core/conversation/request-type.finder.js';

const DAY = 86_400_000;

describe('request-type guesses learn what people chose', () => {
  it('brings up the type people kept choosing for words like these, and forgets it after a year', async () => {
    const loaded = await loadDeskConfig('config/desk.yaml');
    if (!loaded.ok) throw new Error('the sample desk does not load');
    let now = new Date('2026-12-01T10:00:00Z');
    const finder = new RequestTypeFinder(loaded.config, { now: () => now });
    const words = 'the coffee machine on 4 gives me an error';
    expect(finder.find(words)[0]).not.toBe('office-repair');
    for (const w of [
      'coffee machine on 2 is out of order',
      'coffee machine shows an error again',
      'the coffee machine leaks',
      'coffee machine error E12',
      'coffee machine broken on 4',
    ])
      finder.learn(w, 'office-repair');
    expect(finder.find(words)[0]).toBe('office-repair');
    // Words that share nothing with what was learned are guessed as before.
    expect(finder.find('I forgot my password')[0]).toBe('password-reset');
    now = new Date(now.getTime() + 400 * DAY);
    expect(finder.find(words)[0]).not.toBe('office-repair');
  });

  it('loads what people chose before from the store at start', async () => {
    const loaded = await loadDeskConfig('config/desk.yaml');
    if (!loaded.ok) throw new Error('the sample desk does not load');
    const now = new Date('2026-12-01T10:00:00Z');
    const finder = new RequestTypeFinder(loaded.config, { now: () => now });
    finder.load(
      [1, 2, 3].map((i) => ({
        words: `coffee machine broken ${i}`,
        requestType: 'office-repair',
        at: new Date(now.getTime() - i * DAY),
      })),
    );
    expect(finder.find('coffee machine broken')[0]).toBe('office-repair');
  });
});
