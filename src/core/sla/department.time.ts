import type { DeskConfig } from '../../config/desk.schema.js';
import {
  addWorkingMs,
  alwaysOpenCalendar,
  type BusinessCalendar,
  createBusinessCalendar,
} from './business.calendar.js';
import { parseDuration, workingDayMs } from './sla.goal.js';

/**
 * Each department's working time (its calendar; always open without one), for durations people write
 * in config: "2d" is two working days of that calendar, as in SLA goals. Calendars are built once.
 */
export class DepartmentTime {
  private readonly calendars = new Map<string, BusinessCalendar>();

  constructor(private readonly config: DeskConfig) {
    for (const c of config.calendars) this.calendars.set(c.id, createBusinessCalendar(c));
  }

  /** When `duration` of the department's working time has passed after `from`; null if it never does. */
  after(department: string, from: Date, duration: string): Date | null {
    const id = this.config.departments.find((d) => d.id === department)?.calendar;
    const calendar = (id && this.calendars.get(id)) || alwaysOpenCalendar();
    return addWorkingMs(calendar, from, parseDuration(duration, workingDayMs(calendar)));
  }
}
