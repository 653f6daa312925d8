import { describe, expect, it } from 'vitest';
import type { FieldConfig } from '../../../src/config/desk.schema.js';
import { prefillFromText } from '../../../src/core/conversation/field.prefill.js';
import { RequestTypeFinder } from '../../../src/core/conversation/request-type.finder.js';
import { sampleConfig } from '../../support/test-desk.js';

const field = (f: Partial<FieldConfig> & Pick<FieldConfig, 'id' | 'type'>): FieldConfig => ({
  label: f.id,
  required: false,
  ...f,
});

describe('prefill from the first message', () => {
  const fields = [
    field({ id: 'system', type: 'select', options: ['GitHub', 'VPN', 'AWS console'] }),
    field({ id: 'equipment', type: 'multiselect', options: ['Laptop', 'Monitor', 'Phone'] }),
    field({ id: 'start', type: 'date' }),
    field({ id: 'end', type: 'date' }),
    field({ id: 'manager', type: 'user' }),
    field({ id: 'details', type: 'longtext' }),
    field({ id: 'notes', type: 'longtext' }),
    field({ id: 'count', type: 'number' }),
  ];

  it('offers named options, dates and emails in order, and the message as the first long text', () => {
    const text =
      'Need VPN plus a laptop and monitor from 2026-12-01 until 2026-12-24, manager Maria@Acme.example';
    expect(prefillFromText(fields, text)).toEqual({
      system: 'VPN',
      equipment: ['Laptop', 'Monitor'],
      start: '2026-12-01',
      end: '2026-12-24',
      manager: 'maria@acme.example',
      details: text,
    });
  });

  it('matches options as whole words only and offers nothing it did not find', () => {
    expect(prefillFromText(fields, 'my phonebook app is slow')).toEqual({
      details: 'my phonebook app is slow',
    });
    expect(prefillFromText(fields, 'hi')).toEqual({});
    expect(
      prefillFromText(
        [field({ id: 'system', type: 'select', options: ['AWS console'] })],
        'the aws console is down',
      ),
    ).toEqual({
      system: 'AWS console',
    });
  });
});

describe('request type suggestions', () => {
  it('finds request types by name, keywords and description, best first', async () => {
    const finder = new RequestTypeFinder(await sampleConfig());
    expect(finder.find('I am locked out and need a password reset')[0]).toBe('password-reset');
    expect(finder.find('book some holiday time off')[0]).toBe('leave-request');
    expect(finder.find('where is my payslip')[0]).toBe('payroll-question');
    expect(finder.find('the kitchen tap has a leak')[0]).toBe('office-repair');
    expect(finder.find('parkin permit')[0]).toBe('parking-permit');
    expect(finder.find('zzqx')).toEqual([]);
    expect(finder.find('laptop', 3).length).toBeLessThanOrEqual(3);
  });
});
