/** The longest summary a ticket keeps. */
export const SUMMARY_MAX = 120;

/** A ticket's summary when none is given: its type's name and the first line of its first text field. */
export function defaultSummary(
  typeName: string,
  fields: { id: string; type: string }[],
  values: Record<string, unknown>,
): string {
  const first = fields.find(
    (f) => (f.type === 'text' || f.type === 'longtext' || f.type === 'select') && values[f.id],
  );
  const detail = first ? String(values[first.id]).split('\n')[0]! : '';
  const summary = detail ? `${typeName}: ${detail}` : typeName;
  return summary.length > SUMMARY_MAX ? `${summary.slice(0, SUMMARY_MAX - 1)}…` : summary;
}
