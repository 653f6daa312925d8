import type { SlaService } from '../core/sla/sla.service.js';

/** Agenda job names: a timer at one clock's next threshold, and the recurring sweep. */
export const SLA_TIMER_JOB = 'sla-timer';
export const SLA_SWEEP_JOB = 'sla-sweep';
/** Automation's recurring sweep: idle rules that are due, scheduled rules whose time came. */
export const AUTOMATION_SWEEP_JOB = 'automation-sweep';
/** Reports' rollup of the days that are over. */
export const REPORT_ROLLUP_JOB = 'report-rollup';
/** Uploads never sent with a comment, removed after a day. */
export const ATTACHMENT_SWEEP_JOB = 'attachment-sweep';
/** Runs the turns of deliveries acknowledged and never processed (an instance killed after its ack). */
export const INBOX_SWEEP_JOB = 'inbox-sweep';
/** Removes finished inbox and outbox rows past their keeping. */
export const RETENTION_SWEEP_JOB = 'retention-sweep';

/** What a timer job carries: only the ticket; the job recomputes before it pings, so a stale one does nothing. */
export interface SlaTimerData {
  ticketId: number;
}

/** The timer job's work: recompute the ticket's clocks at the desk's clock, ping what is due, set the next timer. */
export async function runSlaTimer(sla: SlaService, data: SlaTimerData): Promise<void> {
  if (!Number.isSafeInteger(data?.ticketId)) return; // a malformed job cannot be fixed by retrying it
  await sla.sync(data.ticketId);
}

/** The sweep's work: thresholds due but never pinged (a crash between a deadline and its job). */
export function runSlaSweep(sla: SlaService): Promise<number> {
  return sla.sweep();
}
