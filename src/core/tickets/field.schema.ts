import { z } from 'zod';
import type { FieldConfig } from '../../config/desk.schema.js';

const DEFAULT_MAX_LENGTH = { text: 255, longtext: 10_000 } as const;

/**
 * The zod schema of one field's value, derived from config. Values come from chat text as well as JSON,
 * so numbers may arrive as strings and multi-selects as comma-separated text; options match without
 * regard to case and are stored as configured.
 */
export function fieldValueSchema(field: FieldConfig): z.ZodType<unknown> {
  // Config is read once, so each field's schema is built once: building is most of a validation's cost.
  let schema = built.get(field);
  if (!schema) {
    schema = buildSchema(field);
    built.set(field, schema);
  }
  return schema;
}

const built = new WeakMap<FieldConfig, z.ZodType<unknown>>();

function buildSchema(field: FieldConfig): z.ZodType<unknown> {
  switch (field.type) {
    case 'text':
    case 'longtext': {
      const max = field.maxLength ?? DEFAULT_MAX_LENGTH[field.type];
      return z
        .string('must be text')
        .trim()
        .min(1, 'must not be empty')
        .max(max, `must be at most ${max} characters`)
        .refine((v) => field.type === 'longtext' || !v.includes('\n'), 'must be a single line');
    }
    case 'select':
      return z.string('must be one of the options').transform((v, ctx) => {
        const match = matchOption(field, v);
        if (match === undefined)
          ctx.addIssue({ code: 'custom', message: `must be one of: ${optionList(field)}` });
        return match ?? v;
      });
    case 'multiselect':
      return z
        .union([z.array(z.string()), z.string().transform((v) => v.split(','))], 'must be a list of options')
        .transform((values, ctx) => {
          const picked = values.map((v) => v.trim()).filter((v) => v !== '');
          const matched: string[] = [];
          for (const v of picked) {
            const match = matchOption(field, v);
            if (match === undefined)
              ctx.addIssue({ code: 'custom', message: `"${v}" is not one of: ${optionList(field)}` });
            else if (!matched.includes(match)) matched.push(match);
          }
          if (matched.length === 0 && picked.length === 0)
            ctx.addIssue({ code: 'custom', message: 'choose at least one option' });
          return matched;
        });
    case 'number': {
      let n = z.number('must be a number').refine(Number.isFinite, 'must be a number');
      if (field.min !== undefined) n = n.refine((v) => v >= field.min!, `must be at least ${field.min}`);
      if (field.max !== undefined) n = n.refine((v) => v <= field.max!, `must be at most ${field.max}`);
      const numeric = z
        .string()
        .trim()
        .regex(/^-?\d+(\.\d+)?$/, 'must be a number')
        .transform(Number);
      return z.union([z.number(), numeric], 'must be a number').pipe(n);
    }
    case 'date':
      return z
        .string('must be a date as YYYY-MM-DD')
        .trim()
        .refine(isCalendarDate, 'must be a real date as YYYY-MM-DD');
    case 'email':
    case 'user':
      return z
        .string('must be an email address')
        .trim()
        .toLowerCase()
        .pipe(z.email('must be an email address'));
  }
}

function matchOption(field: FieldConfig, value: string): string | undefined {
  const wanted = value.trim().toLowerCase();
  return field.options?.find((o) => o.toLowerCase() === wanted);
}

function optionList(field: FieldConfig): string {
  return (field.options ?? []).join(', ');
}

function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}
