/** Today's calendar date in Latvia (Europe/Riga), as `YYYY-MM-DD`. The only place that reads the wall clock for dates. */
const RIGA_DATE = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Riga',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

export function rigaToday(now: Date = new Date()): string {
  return RIGA_DATE.format(now);
}

/** The time now, injectable: the API reads it through `deps.clock` so tests can move time without sleeping. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
