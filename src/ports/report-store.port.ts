/** A date range of whole UTC days, from and to inclusive, as YYYY-MM-DD. */
export interface DayRange {
  from: string;
  to: string;
}

/** Requests created and resolved one day in one request type, and the surveys answered about them. */
export interface DayCounts {
  day: string;
  department: string;
  requestType: string;
  created: number;
  resolved: number;
  /** Surveys answered that day with ratings 1 to 5. */
  csat: [number, number, number, number, number];
}

/** SLA clocks stopped one day, per department, metric and goal (null: no target). */
export interface SlaDay {
  day: string;
  department: string;
  metric: string;
  goalMs: number | null;
  met: number;
  breached: number;
}

/** The business time of the clocks stopped one day, per department and metric. */
export interface TimeDay {
  day: string;
  department: string;
  metric: string;
  count: number;
  sumMs: number;
  /** Elapsed business time by log bucket (see `bucketMs`). */
  histogram: Record<string, number>;
}

/** Which day rollups a report reads (each only what it needs: the histograms are the heavy part). */
export type DayPart = 'counts' | 'sla' | 'times' | 'kb';

export interface KbDay {
  day: string;
  shown: number;
  solved: number;
  notSolved: number;
  noResults: number;
}

/** One open request of the backlog, counted by status and age. */
export interface BacklogCount {
  department: string;
  status: string;
  /** Whole days since it was created. */
  ageDays: number;
  count: number;
}

/** A request on the manager's dashboard. */
export interface DashboardTicket {
  key: string;
  summary: string;
  department: string;
  priority: string;
  assigneeId: string | null;
  createdAt: Date;
  /** For SLA rows: the metric, when its goal is (was) used up, and whether it is breached. */
  metric?: string;
  dueAt?: Date | null;
  breached?: boolean;
}

/** What reports read: day rollups (made once a day is over) and live counts for what is open now. */
export interface ReportStore {
  /** Rolls up the days given (YYYY-MM-DD, each over), replacing what a day had. */
  rollUp(days: string[], at: Date): Promise<void>;
  /** Days before `today` since the first ticket that are not rolled up yet, oldest first. */
  missingDays(today: string, limit: number): Promise<string[]>;
  /** Rolled-up days of the range (the parts asked for), with today counted live up to `now`. */
  days(
    range: DayRange,
    departments: string[] | null,
    now: Date,
    parts: DayPart[],
  ): Promise<{ counts: DayCounts[]; sla: SlaDay[]; times: TimeDay[]; kb: KbDay[] }>;
  /** The searches that found nothing in the range, most asked first. */
  noResultSearches(range: DayRange, limit: number): Promise<{ query: string; count: number }[]>;
  backlog(departments: string[] | null, now: Date): Promise<BacklogCount[]>;
  /** Running SLA clocks breached or past their near-breach point, soonest due first. */
  atRisk(departments: string[] | null, now: Date, limit: number): Promise<DashboardTicket[]>;
  unassigned(
    departments: string[] | null,
    limit: number,
  ): Promise<{ total: number; tickets: DashboardTicket[] }>;
  /** Unresolved requests per assignee. */
  agentLoad(departments: string[] | null): Promise<{ assigneeId: string; open: number }[]>;
}

/** Log buckets 10% wide from one minute: bucket 0 is under a minute. */
export function bucketMs(bucket: number): number {
  return bucket === 0 ? 30_000 : 60_000 * 1.1 ** (bucket - 0.5);
}
