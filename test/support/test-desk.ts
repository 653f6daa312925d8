import { loadDeskConfig } from '../../src/config/desk.loader.js';
import type { DeskConfig } from '../../src/config/desk.schema.js';
import { createDesk, type Desk } from '../../src/core/desk.js';
import type { Clock } from '../../src/ports/clock.port.js';
import type { Person } from '../../src/ports/store.port.js';
import type { OpenStore } from '../../src/store/store.js';
import { testStore } from './test-store.js';

/** A clock tests move by hand. */
export class ManualClock implements Clock {
  constructor(private current = new Date('2026-11-25T10:00:00Z')) {}
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export interface TestDesk {
  store: OpenStore;
  desk: Desk;
  config: DeskConfig;
  clock: ManualClock;
  /** A person of the sample desk by the part of the email before @ (rita, alice, maria, ...). */
  person(name: string): Promise<Person>;
}

let sample: Promise<DeskConfig> | undefined;

export function sampleConfig(): Promise<DeskConfig> {
  sample ??= loadDeskConfig('config/desk.yaml').then((r) => {
    if (!r.ok) throw new Error(`sample desk does not load: ${JSON.stringify(r.errors)}`);
    return r.config;
  });
  return sample;
}

/**
 * The sample desk on a clean store, with its people synced. Its automation rules are off unless asked
 * for (`automations: true`, or a list of rules): other tests see tickets exactly as they made them.
 */
export async function testDesk(
  options: {
    automations?: boolean | DeskConfig['automations'];
    /** Changes to the sample config for this test (a copy: the sample stays as it is). */
    tweak?: (config: DeskConfig) => void;
  } = {},
): Promise<TestDesk> {
  const store = await testStore();
  const sampled = await sampleConfig();
  const wanted = options.automations;
  const config: DeskConfig = {
    ...(options.tweak ? structuredClone(sampled) : sampled),
    automations: wanted === true ? sampled.automations : Array.isArray(wanted) ? wanted : [],
  };
  options.tweak?.(config);
  const clock = new ManualClock();
  const desk = createDesk(store, config, clock);
  await desk.people.syncFromConfig(config);
  return {
    store,
    desk,
    config,
    clock,
    async person(name) {
      const p = await store.people.byEmail(`${name}@acme.example`);
      if (!p) throw new Error(`no person ${name} in the sample desk`);
      return p;
    },
  };
}
