import type { COMPARE_OPS, FieldConfig, ValidatorConfig } from '../../config/desk.schema.js';

type CompareOp = (typeof COMPARE_OPS)[number];

import { fieldValueSchema } from './field.schema.js';

/** Empty answers mean "not given": optional fields are then left out. */
function isEmpty(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    (typeof value === 'string' && value.trim() === '') ||
    (Array.isArray(value) && value.length === 0)
  );
}

/**
 * Validates values against fields. With `partial`, only the given fields are checked (a transition's
 * screen); otherwise required fields must be present. Returns clean values or a message per field.
 */
export function validateFields(
  fields: FieldConfig[],
  input: Record<string, unknown>,
  partial = false,
): { values: Record<string, unknown>; errors: Record<string, string> } {
  const values: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  const known = new Set(fields.map((f) => f.id));
  for (const name of Object.keys(input)) {
    if (!known.has(name)) errors[name] = 'is not a field of this request type';
  }
  for (const field of fields) {
    const raw = input[field.id];
    if (isEmpty(raw)) {
      if (field.required && !partial) errors[field.id] = 'is required';
      continue;
    }
    const parsed = fieldValueSchema(field).safeParse(raw);
    if (parsed.success) values[field.id] = parsed.data;
    else errors[field.id] = parsed.error.issues[0]?.message ?? 'is not valid';
  }
  return { values, errors };
}

/** Runs `required` and `compare` validators over a ticket's values; returns a reason per failing field. */
export function runValidators(
  validators: ValidatorConfig[],
  values: Record<string, unknown>,
  labelOf: (field: string) => string,
): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const v of validators) {
    if (errors[v.field]) continue;
    if (v.type === 'required') {
      if (isEmpty(values[v.field])) errors[v.field] = v.message ?? 'is required';
      continue;
    }
    const left = values[v.field];
    const right = values[v.other];
    if (isEmpty(left) || isEmpty(right)) continue;
    if (!compare(left, v.op, right)) {
      errors[v.field] = v.message ?? `must be ${v.op} ${labelOf(v.other)}`;
    }
  }
  return errors;
}

function compare(a: unknown, op: CompareOp, b: unknown): boolean {
  // Dates as YYYY-MM-DD compare correctly as strings; numbers compare as numbers.
  const [x, y] = typeof a === 'number' && typeof b === 'number' ? [a, b] : [String(a), String(b)];
  switch (op) {
    case '=':
      return x === y;
    case '!=':
      return x !== y;
    case '<':
      return x < y;
    case '<=':
      return x <= y;
    case '>':
      return x > y;
    case '>=':
      return x >= y;
  }
}

/** One line naming each bad field: `Leave request: end_date: The end date must be…; start_date: is required`. */
export function describeErrors(what: string, errors: Record<string, string>): string {
  return `${what}: ${Object.entries(errors)
    .map(([field, reason]) => `${field} ${reason}`)
    .join('; ')}`;
}
