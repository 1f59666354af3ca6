import type { IsoDate } from './calendar.js';
import { compareIsoDates, isValidIsoDate } from './calendar.js';
import { DomainValidationError } from './validation.js';

/** Every rule table entry carries the date from which it applies (inclusive). */
export interface EffectiveDated {
  readonly effectiveFrom: IsoDate;
}

/**
 * The entry in force on `date`: the one with the latest `effectiveFrom` ≤ `date`; undefined before the first entry.
 * The table does not need to be sorted.
 */
export function findEffective<T extends EffectiveDated>(table: readonly T[], date: IsoDate): T | undefined {
  let best: T | undefined;
  for (const entry of table) {
    if (compareIsoDates(entry.effectiveFrom, date) <= 0) {
      if (best === undefined || compareIsoDates(entry.effectiveFrom, best.effectiveFrom) > 0) best = entry;
    }
  }
  return best;
}

/** Like findEffective, but a missing entry (or an invalid date) is a validation error on `path`. */
export function requireEffective<T extends EffectiveDated>(
  table: readonly T[],
  date: IsoDate,
  what: string,
  path = 'date',
): T {
  if (!isValidIsoDate(date)) {
    throw new DomainValidationError([{ path, message: `not a valid date (YYYY-MM-DD): ${String(date)}` }]);
  }
  const entry = findEffective(table, date);
  if (entry === undefined) {
    const first = earliestEffectiveFrom(table);
    throw new DomainValidationError([
      {
        path,
        message:
          first === undefined
            ? `no ${what} are defined`
            : `${date} is before the first ${what} entry (effective from ${first})`,
      },
    ]);
  }
  return entry;
}

export function earliestEffectiveFrom(table: readonly EffectiveDated[]): IsoDate | undefined {
  let first: IsoDate | undefined;
  for (const entry of table) {
    if (first === undefined || compareIsoDates(entry.effectiveFrom, first) < 0) first = entry.effectiveFrom;
  }
  return first;
}
