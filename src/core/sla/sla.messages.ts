import { formatDue } from './due.format.js';
import type { SlaMetric } from './sla.goal.js';
import { METRIC_NAMES } from './sla.policies.js';

/** What a ping says: which ticket, which clock, which threshold, and when it is (was) due. */
export interface PingFacts {
  threshold: 'near_breach' | 'breached';
  ticketKey: string;
  summary: string;
  metric: SlaMetric;
  goalMs: number | null;
  dueAt: Date;
  /** Where the agent view of the ticket is (the desk's baseUrl + path). */
  link: string;
}

/** Business time for people: "45m", "2h 5m", "3d 1h" (days of 24 h; goals say their own days). */
export function formatDuration(ms: number): string {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  const parts = [d ? `${d}d` : '', h ? `${h}h` : '', m || (!d && !h) ? `${m}m` : ''].filter(Boolean);
  return parts.join(' ');
}

/**
 * Working time as people count it: whole working days of the calendar ("2 working days", not the "17h"
 * they add up to in London hours), then what is left in hours and minutes.
 */
export function formatWorkingTime(ms: number, dayMs: number): string {
  const abs = Math.abs(ms);
  const days = Math.floor(abs / dayMs);
  if (days === 0) return formatDuration(abs);
  const rest = abs - days * dayMs;
  const word = `${days} working day${days === 1 ? '' : 's'}`;
  return rest >= 60_000 ? `${word} ${formatDuration(rest)}` : word;
}

/** The chat text of a ping (the small markdown subset every adapter renders), in the reader's zone. */
export function pingChatText(f: PingFacts, timeZone: string): string {
  const clock = METRIC_NAMES[f.metric];
  const goal = f.goalMs === null ? '' : ` (goal ${formatDuration(f.goalMs)})`;
  const due = formatDue(f.dueAt, timeZone);
  const ticket = `[**${f.ticketKey}**](${f.link}) ${oneLine(f.summary)}`;
  return f.threshold === 'near_breach'
    ? `⏳ SLA near breach on ${ticket}: *${clock}*${goal} is due ${due}.`
    : `🚨 SLA breached on ${ticket}: *${clock}*${goal} was due ${due}.`;
}

/** Subject and plain text of a ping email; the subject is one line whatever the summary holds. */
export function pingEmail(f: PingFacts, timeZone: string): { subject: string; text: string } {
  const clock = METRIC_NAMES[f.metric];
  const what = f.threshold === 'near_breach' ? 'SLA near breach' : 'SLA breached';
  const subject = oneLine(`[${what}] ${f.ticketKey} ${clock}: ${f.summary}`).slice(0, 200);
  const text = [
    `${f.ticketKey}: ${oneLine(f.summary)}`,
    `${clock}${f.goalMs === null ? '' : ` (goal ${formatDuration(f.goalMs)})`}`,
    `${f.threshold === 'near_breach' ? 'Due' : 'Was due'}: ${formatDue(f.dueAt, timeZone)}`,
    '',
    f.link,
  ].join('\n');
  return { subject, text };
}

/** Header fields and one-line texts never carry CR or LF (header injection, broken chat lines). */
export function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').trim();
}
