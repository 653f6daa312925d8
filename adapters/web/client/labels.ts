/** Words people read for the ids the API gives: priorities, status categories, SLA states, durations. */

export const PRIORITY_NAMES: Record<string, string> = {
  highest: 'Highest',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  lowest: 'Lowest',
};

export const CATEGORY_NAMES: Record<string, string> = {
  open: 'Open',
  in_progress: 'In progress',
  waiting: 'Waiting',
  done: 'Done',
};

export const SLA_STATE_NAMES: Record<string, string> = {
  breached: 'Breached',
  at_risk: 'At risk',
  on_track: 'On track',
  none: 'No SLA running',
};

export function priorityName(id: string): string {
  return PRIORITY_NAMES[id] ?? id;
}

/** A span of time as people say it: "25m", "3h 20m", "2d 4h". */
export function span(ms: number): string {
  const minutes = Math.max(1, Math.round(Math.abs(ms) / 60_000));
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours}h ${minutes % 60}m` : `${hours}h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days}d ${hours % 24}h` : `${days}d`;
}
