import type { ReferenceProblem } from './desk.problem.js';
import type { DeskConfig } from './desk.schema.js';

type Path = (string | number)[];

/** Finds ids that must be unique but are not; each duplicate is reported at its second occurrence. */
export function findDuplicates(config: DeskConfig): ReferenceProblem[] {
  const problems: ReferenceProblem[] = [];
  const check = (what: string, entries: [Path, string][], normalise = (v: string) => v) => {
    const seen = new Set<string>();
    for (const [path, value] of entries) {
      const key = normalise(value);
      if (seen.has(key)) problems.push({ path, message: `duplicate ${what} "${value}"` });
      seen.add(key);
    }
  };

  check(
    'resolution',
    config.resolutions.map((r, i) => [['resolutions', i], r]),
  );
  check(
    'department id',
    config.departments.map((d, i) => [['departments', i, 'id'], d.id]),
  );
  // Ticket keys (IT-42) must say which department a ticket belongs to.
  check(
    'key prefix',
    config.departments.map((d, i) => [['departments', i, 'keyPrefix'], d.keyPrefix]),
  );
  // Request types are addressed by id alone (chat commands, REST), so unique across the desk.
  check(
    'request type id',
    config.departments.flatMap((d, di) =>
      d.requestTypes.map((rt, ri): [Path, string] => [['departments', di, 'requestTypes', ri, 'id'], rt.id]),
    ),
  );
  config.departments.forEach((d, di) => {
    d.requestTypes.forEach((rt, ri) => {
      const base: Path = ['departments', di, 'requestTypes', ri, 'fields'];
      check(
        'field id',
        rt.fields.map((f, fi) => [[...base, fi, 'id'], f.id]),
      );
      rt.fields.forEach((f, fi) => {
        check(
          'option',
          (f.options ?? []).map((o, oi) => [[...base, fi, 'options', oi], o]),
        );
      });
    });
  });
  check(
    'workflow id',
    config.workflows.map((w, i) => [['workflows', i, 'id'], w.id]),
  );
  config.workflows.forEach((w, wi) => {
    check(
      'status id',
      w.statuses.map((s, si) => [['workflows', wi, 'statuses', si, 'id'], s.id]),
    );
    check(
      'transition id',
      w.transitions.map((t, ti) => [['workflows', wi, 'transitions', ti, 'id'], t.id]),
    );
  });
  check(
    'calendar id',
    config.calendars.map((c, i) => [['calendars', i, 'id'], c.id]),
  );
  check(
    'SLA policy id',
    config.slaPolicies.map((p, i) => [['slaPolicies', i, 'id'], p.id]),
  );
  check(
    'queue id',
    config.queues.map((q, i) => [['queues', i, 'id'], q.id]),
  );
  // One catch-all per department: the one offered after the guesses.
  config.departments.forEach((d, di) => {
    const catchAll = d.requestTypes.map((t, ti) => [t, ti] as const).filter(([t]) => t.catchAll);
    for (const [, ti] of catchAll.slice(1))
      problems.push({
        path: ['departments', di, 'requestTypes', ti, 'catchAll'],
        message: `${d.id} has a catch-all type already ("${catchAll[0]![0].id}")`,
      });
  });
  // Rule ids name the rule in ticket history and in the once-per-trigger ledger.
  check(
    'automation id',
    config.automations.map((a, i) => [['automations', i, 'id'], a.id]),
  );
  check(
    'webhook id',
    config.webhooks.map((w, i) => [['webhooks', i, 'id'], w.id]),
  );
  // Mail systems treat addresses case-insensitively, so Alice@ and alice@ are one person.
  check(
    'person',
    config.people.map((p, i) => [['people', i, 'email'], p.email]),
    (e) => e.toLowerCase(),
  );
  return problems;
}
