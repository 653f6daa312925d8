import { z } from 'zod';
import type { ReferenceProblem } from './desk.problem.js';
import { type DeskConfig, deskSchema } from './desk.schema.js';

type Path = ReferenceProblem['path'];

/** The parts of a file that passed the schema, as a config the reference checks can read. */
export interface Salvaged {
  config: DeskConfig;
  /** A problem found on `config`, at its place in the file; null when it is about something left out. */
  place(problem: ReferenceProblem): ReferenceProblem | null;
}

/** A list's items as the reference checks name them ("unknown workflow ..."). */
const KINDS: Record<string, string> = {
  workflows: 'workflow',
  slaPolicies: 'SLA policy',
  calendars: 'calendar',
  departments: 'department',
  requestTypes: 'request type',
  people: 'person',
};

/** The item schema of a list section (under its default), or null for a section that is no list. */
function itemOf(schema: z.ZodType): z.ZodType | null {
  let inner = schema;
  while (inner instanceof z.ZodDefault) inner = inner.unwrap() as z.ZodType;
  return inner instanceof z.ZodArray ? (inner.element as z.ZodType) : null;
}

const departmentItem = itemOf(deskSchema.shape.departments)!;
const requestTypeItem = itemOf((departmentItem as z.ZodObject).shape.requestTypes as z.ZodType)!;

const record = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/**
 * A file that fails the schema is still checked for cross-references where the parts they join
 * parsed, so an admin sees a wrong field type and a dangling reference in one run, not two. Each section
 * is parsed alone; in a list, each item alone (a department also with only the request types that
 * pass). What failed is left out (a section with a default takes it), and a reference to something left
 * out is not reported, nor any of its kind (it may be the one left out, under a bad id).
 */
export function salvageConfig(data: unknown): Salvaged {
  const raw = record(data);
  const kept = new Map<string, number[]>(); // list path -> original index of each kept item
  const leftOut = new Set<string>(); // what the reference checks call the things some of which failed
  const keepItems = <T>(listPath: string, items: unknown, parse: (item: unknown, i: number) => T | null) => {
    const kind = KINDS[listPath.split('.').at(-1)!];
    const out: T[] = [];
    const origins: number[] = [];
    (Array.isArray(items) ? items : []).forEach((item, i) => {
      const parsed = parse(item, i);
      if (parsed === null) {
        if (kind) leftOut.add(kind);
        // A department left out takes its request types with it.
        if (listPath === 'departments') leftOut.add(KINDS.requestTypes!);
      } else {
        out.push(parsed);
        origins.push(i);
      }
    });
    kept.set(listPath, origins);
    return out;
  };

  const config: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(deskSchema.shape)) {
    const whole = schema.safeParse(raw[name]);
    if (whole.success) {
      config[name] = whole.data;
      continue;
    }
    const item = itemOf(schema);
    if (name === 'departments') {
      config[name] = keepItems(name, raw[name], (v, di) => department(v, `departments.${di}.requestTypes`));
    } else if (item && name in KINDS) {
      config[name] = keepItems(name, raw[name], (v) => {
        const r = item.safeParse(v);
        return r.success ? r.data : null;
      });
    } else {
      const fallback = schema.safeParse(undefined);
      config[name] = fallback.success ? fallback.data : undefined;
    }
  }

  /** A department that parses once only its request types that parse are kept. */
  function department(item: unknown, listPath: string) {
    const whole = departmentItem.safeParse(item);
    if (whole.success) return whole.data;
    const r = record(item);
    const types = keepItems(listPath, r.requestTypes, (v) =>
      requestTypeItem.safeParse(v).success ? v : null,
    );
    const retried = departmentItem.safeParse({ ...r, requestTypes: types });
    return retried.success ? retried.data : null;
  }

  const place = (problem: ReferenceProblem): ReferenceProblem | null => {
    for (const kind of leftOut) if (problem.message.includes(`unknown ${kind} "`)) return null;
    const path: Path = [];
    for (let i = 0; i < problem.path.length; i++) {
      const step = problem.path[i]!;
      const origins = typeof step === 'number' ? kept.get(path.join('.')) : undefined;
      path.push(origins && typeof step === 'number' ? origins[step]! : step);
    }
    return { ...problem, path };
  };

  return { config: config as DeskConfig, place };
}
