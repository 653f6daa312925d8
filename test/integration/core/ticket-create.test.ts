import { beforeEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/core/errors.js';
import { type TestDesk, testDesk } from '../../support/test-desk.js';
import { testBackend } from '../../support/test-store.js';

let t: TestDesk;

async function createErrors(
  requestType: string,
  fields: Record<string, unknown>,
): Promise<Record<string, string>> {
  const rita = await t.person('rita');
  try {
    await t.desk.tickets.create(rita, { requestType, fields });
  } catch (err) {
    if (err instanceof ValidationError) return err.fields;
    throw err;
  }
  throw new Error('expected a validation error');
}

describe(`creating tickets (${testBackend()})`, () => {
  beforeEach(async () => {
    t = await testDesk();
  });

  it('opens a ticket in the workflow initial status with the department key and clean values', async () => {
    const rita = await t.person('rita');
    const ticket = await t.desk.tickets.create(rita, {
      requestType: 'access-request',
      fields: { system: 'github', justification: '  I joined the platform team.  ', needed_by: '2026-12-01' },
    });
    expect(ticket.key).toBe('IT-1');
    expect(ticket.status).toBe('waiting_for_approval');
    expect(ticket.statusCategory).toBe('waiting');
    expect(ticket.priority).toBe('medium');
    expect(ticket.requesterId).toBe(rita.id);
    // Options are stored as configured; text is trimmed.
    expect(ticket.fields).toEqual({
      system: 'GitHub',
      justification: 'I joined the platform team.',
      needed_by: '2026-12-01',
    });
    expect(ticket.summary).toBe('Access request: GitHub');
    const hr = await t.desk.tickets.create(rita, {
      requestType: 'payroll-question',
      fields: { question: 'Why was my overtime not paid?' },
    });
    expect(hr.key).toBe('HR-1');
  });

  it('names every bad field with its reason', async () => {
    expect(
      await createErrors('access-request', { system: 'Myspace', needed_by: '2026-02-30', extra: 1 }),
    ).toEqual({
      system: 'must be one of: GitHub, Salesforce, Jira, VPN, AWS console',
      justification: 'is required',
      needed_by: 'must be a real date as YYYY-MM-DD',
      extra: 'is not a field of this request type',
    });
    const errors = await createErrors('software-install', {
      software: 'Figma',
      business_reason: 'Design work',
      cost: '-5',
    });
    expect(errors).toEqual({ cost: 'must be at least 0' });
    expect(
      await createErrors('software-install', { software: 'Figma', business_reason: 'x', cost: 'ten' }),
    ).toEqual({
      cost: 'must be a number',
    });
    expect(
      await createErrors('employment-letter', { addressed_to: 'Bank', delivery_email: 'not-an-email' }),
    ).toEqual({ delivery_email: 'must be an email address' });
    expect(
      await createErrors('new-starter', {
        starter_name: 'Nia',
        start_date: '2026-12-01',
        line_manager: 'ghost@acme.example',
        equipment: 'Laptop, Jetpack',
      }),
    ).toEqual({
      line_manager: 'nobody has the email ghost@acme.example',
      equipment: '"Jetpack" is not one of: Laptop, Monitor, Headset, Phone',
    });
    expect(await createErrors('parking-permit', { licence_plate: 'AB12 CDE FGH', vehicle: 'Car' })).toEqual({
      licence_plate: 'must be at most 10 characters',
    });
  });

  it('runs the request type validators: a leave ends on or after it starts', async () => {
    expect(
      await createErrors('leave-request', {
        leave_type: 'Annual leave',
        start_date: '2026-12-10',
        end_date: '2026-12-01',
      }),
    ).toEqual({ end_date: 'The end date must be on or after the start date.' });
    const rita = await t.person('rita');
    const ok = await t.desk.tickets.create(rita, {
      requestType: 'leave-request',
      fields: { leave_type: 'annual leave', start_date: '2026-12-10', end_date: '2026-12-10' },
    });
    expect(ok.fields.leave_type).toBe('Annual leave');
  });

  it('takes a user field as the email of a known person, and a multi-select as a list', async () => {
    const rita = await t.person('rita');
    const ticket = await t.desk.tickets.create(rita, {
      requestType: 'new-starter',
      fields: {
        starter_name: 'Nia',
        start_date: '2026-12-01',
        line_manager: 'Maria@Acme.example',
        equipment: ['laptop', 'Phone'],
      },
    });
    expect(ticket.fields.line_manager).toBe('maria@acme.example');
    expect(ticket.fields.equipment).toEqual(['Laptop', 'Phone']);
  });

  it('rejects an unknown request type and a requester setting a priority, storing nothing', async () => {
    await expect(createErrors('teleport', {})).resolves.toEqual({
      requestType: 'no request type "teleport"',
    });
    const rita = await t.person('rita');
    await expect(
      t.desk.tickets.create(rita, {
        requestType: 'office-repair',
        fields: { location: 'Floor 2', issue: 'Door sticks' },
        priority: 'highest',
      }),
    ).rejects.toMatchObject({ fields: { priority: 'only Facilities agents set a priority' } });
    expect(await t.store.tickets.list({ limit: 10 }, { all: true })).toEqual([]);
    const fred = await t.person('fred');
    const urgent = await t.desk.tickets.create(fred, {
      requestType: 'office-repair',
      fields: { location: 'Floor 2', issue: 'Water leak' },
      priority: 'highest',
    });
    expect(urgent.priority).toBe('highest');
  });

  it('records who created it and when, in the history', async () => {
    const rita = await t.person('rita');
    const ticket = await t.desk.tickets.create(rita, {
      requestType: 'office-repair',
      fields: { location: 'Floor 2', issue: 'Door sticks' },
    });
    const fred = await t.person('fred');
    const history = await t.desk.tickets.history(fred, ticket.key);
    expect(history).toMatchObject([
      {
        actorId: rita.id,
        at: t.clock.now(),
        field: 'created',
        before: null,
        after: { status: 'open', priority: 'medium' },
      },
    ]);
  });
});
