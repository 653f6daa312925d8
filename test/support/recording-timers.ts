import type { SlaTimers } from '../../src/ports/sla-timer.port.js';

/** SLA timers a test reads back instead of a scheduler: when each was set, for which ticket. */
export class RecordingTimers implements SlaTimers {
  readonly set: { at: string; ticketId: number }[] = [];

  async at(when: Date, ticketId: number): Promise<void> {
    this.set.push({ at: when.toISOString(), ticketId });
  }
}
