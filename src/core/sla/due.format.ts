/** Display of SLA instants for people, each in their own time zone. */

const formatters = new Map<string, Intl.DateTimeFormat>();

/** A due instant as a person in `timeZone` reads it, e.g. "Mon, 30 Mar 2026, 10:00 BST" (en-GB). */
export function formatDue(date: Date, timeZone: string, locale = 'en-GB'): string {
  const key = `${locale}|${timeZone}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, {
      timeZone,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      timeZoneName: 'short',
    });
    formatters.set(key, formatter);
  }
  return formatter.format(date);
}
