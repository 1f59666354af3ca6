/**
 * Calendar time inside workflows: today's Europe/Riga date from the workflow clock, and how long to sleep until a
 * Riga calendar date begins. Deterministic (workflow `Date.now()` is the replay-safe workflow time).
 */
import type { IsoDate } from '../domain/calendar.js';
import { calendarDateInZone, parseIsoDate } from '../domain/calendar.js';

const HOUR = 3_600_000;

/** Today in Europe/Riga by the workflow clock. */
export function rigaTodayInWorkflow(): IsoDate {
  return calendarDateInZone(new Date());
}

/**
 * Milliseconds until `date` begins in Riga. Riga midnight is 22:00 or 21:00 UTC of the day before: waking at 22:00 UTC
 * is never early (at most an hour late in summer). At least `minimumMs` so a timer never fires in a tight loop.
 */
export function msUntilRigaDate(date: IsoDate, minimumMs = 1_000): number {
  const { year, month, day } = parseIsoDate(date);
  return Math.max(minimumMs, Date.UTC(year, month - 1, day) - 2 * HOUR - Date.now());
}
