/**
 * Calendar time inside workflows: today's Europe/Riga date by the workflow clock (`new Date()` is the replay-safe
 * workflow time). How long to wait until a Riga date begins is the pure `msUntilRigaDate` of domain/calendar.ts.
 */
import type { IsoDate } from '../domain/calendar.js';
import { calendarDateInZone } from '../domain/calendar.js';

/** Today in Europe/Riga by the workflow clock. */
export function rigaTodayInWorkflow(): IsoDate {
  return calendarDateInZone(new Date());
}
