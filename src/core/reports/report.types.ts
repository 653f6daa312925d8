/** A chart as the core describes it; the HTTP layer draws it (SVG) with a charting library. */
export interface ChartSpec {
  kind: 'bar' | 'stacked-bar' | 'line';
  categories: string[];
  series: { name: string; data: number[] }[];
  /** What the y axis counts, for the chart's label. */
  unit: string;
}

/** One report over a range: a table (what the CSV holds), headline figures, and a chart of them. */
export interface ReportResult {
  id: string;
  title: string;
  description: string;
  from: string;
  to: string;
  /** day, week or month: how the range is cut for charts over time. */
  bucket: 'day' | 'week' | 'month';
  columns: string[];
  rows: (string | number | null)[][];
  summary: { label: string; value: string }[];
  chart: ChartSpec | null;
}

export interface ReportInfo {
  id: string;
  title: string;
  description: string;
}

export const REPORTS: ReportInfo[] = [
  {
    id: 'volume',
    title: 'Requests by department and type',
    description: 'Requests created in each period, per department and request type.',
  },
  {
    id: 'created-resolved',
    title: 'Created versus resolved',
    description: 'Requests created and resolved in each period: is the backlog growing?',
  },
  {
    id: 'sla',
    title: 'SLA goals met',
    description:
      'Share of SLA clocks that met their goal, per metric and goal, over the clocks that stopped in the range.',
  },
  {
    id: 'response-times',
    title: 'Time to first response and to resolution',
    description: 'Median and mean business time of the clocks that stopped in the range.',
  },
  {
    id: 'csat',
    title: 'Customer satisfaction',
    description: 'Average rating and distribution of the surveys answered in the range.',
  },
  {
    id: 'deflection',
    title: 'Knowledge-base deflection',
    description: 'How often a suggested article solved the problem, and the searches that found nothing.',
  },
  {
    id: 'backlog',
    title: 'Backlog by status and age',
    description: 'Requests open now, by status and by how long ago they were created.',
  },
];
