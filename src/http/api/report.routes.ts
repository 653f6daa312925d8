import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Desk } from '../../core/desk.js';
import { chartSvg } from '../reports/report.chart.js';
import { toCsv } from '../reports/report.csv.js';
import { personOf } from './signed-in.js';

const query = z
  .object({
    from: z.string().max(10).optional(),
    to: z.string().max(10).optional(),
    department: z.string().max(64).optional(),
  })
  .strict();

/** Reports for agents and managers (a table, headline figures, an SVG chart, a CSV), and the managers' dashboard. */
export function registerReportRoutes(api: FastifyInstance, desk: Desk) {
  api.get('/reports', async (request) => ({
    reports: desk.reports.list(personOf(request)).map((r) => ({
      ...r,
      href: `/api/v1/reports/${r.id}`,
      csv: `/api/v1/reports/${r.id}.csv`,
    })),
  }));

  api.get<{ Params: { id: string } }>('/reports/:id', async (request, reply) => {
    const csv = request.params.id.endsWith('.csv');
    const id = csv ? request.params.id.slice(0, -4) : request.params.id;
    const result = await desk.reports.run(personOf(request), id, query.parse(request.query ?? {}));
    if (csv) {
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${id}-${result.from}-${result.to}.csv"`)
        .send(toCsv(result.columns, result.rows));
    }
    return { ...result, chart: result.chart && { ...result.chart, svg: chartSvg(result.chart) } };
  });

  api.get('/dashboard', async (request) => desk.reports.dashboard(personOf(request)));
}
