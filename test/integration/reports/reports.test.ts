import { beforeAll, describe, expect, it } from 'vitest';
import { ForbiddenError } from '../../../src/core/errors.js';
import type { ReportResult } from '../../../src/core/reports/report.types.js';
import { toCsv } from '../../../src/http/reports/report.csv.js';
import type { Person } from '../../../src/ports/store.port.js';
import { startTestApi } from '../../support/test-api.js';
import { type TestDesk, testDesk } from '../../support/test-desk.js';
import { testBackend } from '../../support/test-store.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
let t: TestDesk;
let admin: Person;

const laptop = { requestType: 'laptop-problem', fields: { device: 'Laptop', description: 'Broken' } };
const payroll = { requestType: 'payroll-question', fields: { question: 'Overtime missing' } };
const repair = { requestType: 'office-repair', fields: { location: 'Floor 3', issue: 'Flickering light' } };

const run = (who: Person, id: string, q = {}) =>
  t.desk.reports.run(who, id, { from: '2026-11-25', to: '2026-11-27', ...q });
const summary = (r: ReportResult) => Object.fromEntries(r.summary.map((s) => [s.label, s.value]));

/**
 * A history whose answers are known, on London office hours (09:00-17:30), starting Wednesday 25 Nov
 * 2026 10:00 UTC: four requests on the 25th, two on the 26th, three resolved, one reopened and resolved
 * again, four surveys answered, one first response late.
 */
beforeAll(async () => {
  t = await testDesk();
  admin = await t.person('ada');
  const rita = await t.person('rita');
  const alice = await t.person('alice');
  const maria = await t.person('maria');
  const henry = await t.person('henry');
  const settle = () => t.desk.outbox.drain();
  for (const input of [laptop, laptop, laptop]) await t.desk.tickets.create(rita, input);
  await t.desk.tickets.create(rita, payroll);
  await settle();
  t.clock.advance(30 * MIN); // 10:30: IT-1 answered within 30 minutes of its 4h goal
  await t.desk.tickets.addComment(alice, 'IT-1', { body: 'Looking now' });
  await settle();
  t.clock.advance(30 * MIN); // 11:00: IT-1 resolved
  await t.desk.transitions.take(maria, 'IT-1', { transition: 'resolve', fields: { resolution: 'Done' } });
  await settle();
  t.clock.advance(4 * HOUR + 30 * MIN); // 15:30: IT-3's first answer, 5.5 working hours in: breached
  await t.desk.tickets.addComment(alice, 'IT-3', { body: 'Sorry for the wait' });
  await t.desk.transitions.take(henry, 'HR-1', { transition: 'resolve', fields: { resolution: 'Done' } });
  await settle();
  t.clock.advance(18 * HOUR + 30 * MIN); // Thursday 26th 10:00
  await t.desk.tickets.create(rita, repair);
  await t.desk.tickets.create(rita, repair);
  await t.desk.transitions.take(rita, 'IT-1', { transition: 'reopen' });
  await t.desk.transitions.take(maria, 'IT-1', { transition: 'resolve', fields: { resolution: 'Done' } });
  await settle();
  // Surveys answered on the 26th: ratings 5, 4 and 2 (IT-1 twice: one per resolution), and HR-1: 5.
  const answer = async (key: string, round: number, rating: number) => {
    const ticket = (await t.store.tickets.byKey(key))!;
    await t.store.surveys.open({
      ticketId: ticket.id,
      requesterId: rita.id,
      department: ticket.department,
      token: `${key}-${round}`,
      sentAt: t.clock.now(),
      source: `${key}-${round}`,
    });
    await t.store.surveys.answer(ticket.id, round, rating, t.clock.now());
  };
  await answer('IT-1', 1, 5);
  await answer('IT-1', 2, 4);
  await answer('HR-1', 1, 5);
  await answer('IT-2', 1, 2);
  // The knowledge base: 4 suggestions shown, 3 solved, 1 not; two searches found nothing, one hostile.
  for (let i = 0; i < 4; i++) await t.desk.kb.record({ type: 'suggestion_shown', slugs: ['vpn'] });
  for (let i = 0; i < 3; i++) await t.desk.kb.record({ type: 'solved', slugs: ['vpn'] });
  await t.desk.kb.record({ type: 'not_solved', slugs: ['vpn'] });
  await t.desk.kb.record({ type: 'search_no_results', query: 'bike shed' });
  await t.desk.kb.record({ type: 'search_no_results', query: 'Bike shed' });
  await t.desk.kb.record({ type: 'search_no_results', query: '=HYPERLINK("http://evil.example","x")' });
  t.clock.advance(26 * HOUR); // Friday 27th 12:00: the 25th and 26th are rolled up, the 27th is live
});

describe(`reports over a known history (${testBackend()})`, () => {
  it('volume and created versus resolved, per day, for the whole desk', async () => {
    const volume = await run(admin, 'volume');
    // The 25th and 26th are over: their figures come from the day rollups, the 27th is counted live.
    expect(await t.store.reports.missingDays('2026-11-27', 10)).toEqual([]);
    expect(volume.bucket).toBe('day');
    expect(volume.rows).toEqual([
      ['2026-11-25', 'HR', 'Payroll question', 1],
      ['2026-11-25', 'IT', 'Laptop or desktop problem', 3],
      ['2026-11-26', 'Facilities', 'Office repair', 2],
    ]);
    const cr = await run(admin, 'created-resolved');
    expect(cr.rows).toEqual([
      ['2026-11-25', 4, 2],
      ['2026-11-26', 2, 1],
      ['2026-11-27', 0, 0],
    ]);
    expect(summary(cr)).toEqual({ Created: '6', Resolved: '3' });
    expect(cr.chart?.series.map((s) => s.data)).toEqual([
      [4, 2, 0],
      [2, 1, 0],
    ]);
  });

  it('an agent sees their own departments only; a requester none', async () => {
    const alice = await t.person('alice');
    expect((await run(alice, 'volume')).rows).toEqual([['2026-11-25', 'IT', 'Laptop or desktop problem', 3]]);
    await expect(run(alice, 'volume', { department: 'hr' })).rejects.toThrow(ForbiddenError);
    await expect(run(await t.person('rita'), 'volume')).rejects.toThrow(ForbiddenError);
  });

  it('SLA goals met and response times, from the clocks that stopped', async () => {
    const alice = await t.person('alice');
    const sla = await run(alice, 'sla');
    const firstResponse = sla.rows.filter((r) => r[0] === 'Time to first response');
    // IT-1 answered in 30 minutes (met); IT-3 after 5.5 working hours against 4h (breached).
    expect(firstResponse).toEqual([['Time to first response', '4.0h', 1, 1, '50.0%']]);
    const times = await run(alice, 'response-times');
    const fr = times.rows.find((r) => r[0] === 'Time to first response')!;
    expect(fr[1]).toBe(2);
    expect(fr[3]).toBe('3.0h'); // mean of 30m and 5.5h
  });

  it('satisfaction: average and distribution of the answered surveys', async () => {
    const csat = await run(admin, 'csat');
    expect(csat.rows).toEqual([
      [1, 0, '0.0%'],
      [2, 1, '25.0%'],
      [3, 0, '0.0%'],
      [4, 1, '25.0%'],
      [5, 2, '50.0%'],
    ]);
    expect(summary(csat)['Average rating']).toBe('4.00');
  });

  it('deflection and the searches that found nothing, safe to open in a spreadsheet', async () => {
    const d = await run(admin, 'deflection');
    expect(summary(d)['Deflection rate (solved by an article)']).toBe('75.0%');
    expect(d.rows).toEqual([
      ['bike shed', 2],
      ['=hyperlink("http://evil.example","x")', 1],
    ]);
    expect(toCsv(d.columns, d.rows)).toBe(
      'Search that found nothing,Times asked\r\nbike shed,2\r\n"\'=hyperlink(""http://evil.example"",""x"")",1\r\n',
    );
  });

  it('backlog by status and age, open requests only', async () => {
    // At Friday 12:00: IT-2 and IT-3 (2 days old), FAC-1 and FAC-2 (1 day old); IT-1 and HR-1 resolved.
    const b = await run(admin, 'backlog');
    expect(b.rows).toEqual([['Open', '1-3 days', 4]]);
    expect(summary(b)['Open requests']).toBe('4');
  });

  it("the managers' dashboard: unassigned work and load of their departments", async () => {
    const maria = await t.person('maria');
    const board = await t.desk.reports.dashboard(maria);
    expect(board.departments).toEqual(['it']);
    expect(board.unassigned.total).toBe(2);
    expect(board.unassigned.tickets.map((x) => x.key)).toEqual(['IT-2', 'IT-3']);
    await expect(t.desk.reports.dashboard(await t.person('alice'))).rejects.toThrow(ForbiddenError);
  });

  it('refuses a bad range, naming what was wrong', async () => {
    await expect(run(admin, 'volume', { from: '2026-02-30' })).rejects.toMatchObject({
      fields: { from: 'must be a date as YYYY-MM-DD' },
    });
    await expect(run(admin, 'volume', { from: '2026-12-01', to: '2026-11-01' })).rejects.toMatchObject({
      fields: { from: 'must be on or before to' },
    });
  });
});

describe(`reports over HTTP (${testBackend()})`, () => {
  it('lists the reports, answers one with its SVG chart, exports CSV; refuses requesters', async () => {
    const api = await startTestApi(t);
    try {
      const maria = await api.tokenFor('maria');
      const list = await api.call('GET', '/api/v1/reports', maria);
      expect(list.body.reports.map((r: { id: string }) => r.id)).toEqual([
        'volume',
        'created-resolved',
        'sla',
        'response-times',
        'csat',
        'deflection',
        'backlog',
      ]);
      const one = await api.call(
        'GET',
        '/api/v1/reports/created-resolved?from=2026-11-25&to=2026-11-27',
        maria,
      );
      expect(one.status).toBe(200);
      expect(one.body.chart.svg).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      expect(one.body.chart.svg).not.toContain('<script');
      const csv = await fetch(
        `${api.base}/api/v1/reports/created-resolved.csv?from=2026-11-25&to=2026-11-27`,
        {
          headers: { authorization: `Bearer ${maria}` },
        },
      );
      expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(csv.headers.get('content-disposition')).toBe(
        'attachment; filename="created-resolved-2026-11-25-2026-11-27.csv"',
      );
      expect(await csv.text()).toBe(
        'Period,Created,Resolved\r\n2026-11-25,3,1\r\n2026-11-26,0,1\r\n2026-11-27,0,0\r\n',
      );
      const rita = await api.tokenFor('rita');
      expect((await api.call('GET', '/api/v1/reports/volume', rita)).status).toBe(403);
      expect((await api.call('GET', '/api/v1/reports/nope', maria)).status).toBe(404);
      const bad = await api.call('GET', '/api/v1/reports/volume?from=yesterday', maria);
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.body)).toContain('must be a date as YYYY-MM-DD');
      const board = await api.call('GET', '/api/v1/dashboard', maria);
      expect(board.body.unassigned.total).toBe(2);
    } finally {
      await api.app.close();
    }
  });
});
