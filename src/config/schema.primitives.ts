import { z } from 'zod';

/** The desk config's building blocks, shared by its sections' schemas. */

/** Ids are lower-case slugs so they read well in URLs, chat commands and logs. */
export const id = z
  .string()
  .regex(/^[a-z][a-z0-9_-]*$/, 'must be a lower-case id (letters, digits, - and _)');
export const email = z.email('must be an email address');
export const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time as HH:MM');
export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD');
/** Durations as people write them: 30m, 4h, 2d, 1h30m (business time in SLA goals). */
export const duration = z
  .string()
  .regex(/^(?=\d)(\d+d)?(\d+h)?(\d+m)?$/, 'must be a duration such as 30m, 4h or 1h30m');

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
