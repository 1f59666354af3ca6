/**
 * "As known on date X": every record the reports read carries the day it was recorded and, for a corrected record,
 * a revision. The figures as known on X use only what had been recorded by the end of X, taking the latest revision
 * of each record known then; "as corrected since" is the same computation without the date.
 */
import { compareIsoDates, type IsoDate } from '../calendar.js';

export interface Recorded {
  /** The identity of the record across its revisions. */
  readonly key: string;
  readonly revision: number;
  readonly recordedOn: IsoDate;
}

export function asKnownOn<T extends Recorded>(records: readonly T[], asOf: IsoDate | null): T[] {
  const latest = new Map<string, T>();
  for (const r of records) {
    if (asOf !== null && compareIsoDates(r.recordedOn, asOf) > 0) continue;
    const seen = latest.get(r.key);
    if (!seen || r.revision > seen.revision) latest.set(r.key, r);
  }
  return [...latest.values()];
}
