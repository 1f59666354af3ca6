/**
 * The queue as it stood on any date, computed from the recorded events only (BRIEF §4.13): order by priority group,
 * then by the date that counts, then by request id. A refusal of an offered place with a reason LM accepts keeps the
 * position; any other refusal (or silence) moves the request behind every request of its group: its counting date
 * becomes the refusal date and it stays behind requests with that same date. A death or emigration reported by PMLP,
 * an accepted place or a withdrawal ends the request; a move to another region moves it to that region's queue with
 * its group and counting date.
 */
import type { IsoDate } from '../calendar.js';
import { compareIsoDates } from '../calendar.js';
import type { PriorityGroup } from './rules.js';

export type QueueEvent =
  | {
      kind: 'queued';
      requestId: string;
      on: IsoDate;
      serviceType: string;
      region: string;
      priorityGroup: PriorityGroup;
      countingDate: IsoDate;
    }
  | { kind: 'offer-refused'; requestId: string; on: IsoDate; reasonAccepted: boolean }
  | { kind: 'region-changed'; requestId: string; on: IsoDate; region: string }
  | { kind: 'priority-changed'; requestId: string; on: IsoDate; priorityGroup: PriorityGroup }
  | {
      kind: 'ended';
      requestId: string;
      on: IsoDate;
      reason: 'death' | 'emigration' | 'accepted' | 'withdrawn';
    };

export interface QueueEntry {
  requestId: string;
  serviceType: string;
  region: string;
  priorityGroup: PriorityGroup;
  countingDate: IsoDate;
  /** Moved to the end of its group by a refusal without an accepted reason, on `countingDate`. */
  movedBack: boolean;
  /** Order of the move among requests moved back on the same date (the earlier refusal stays ahead). */
  movedSeq: number;
}

export interface QueueItem {
  requestId: string;
  position: number;
  priorityGroup: PriorityGroup;
  countingDate: IsoDate;
}

/** Every active request on `date` (events are applied in the order given among the same date). */
export function activeRequestsOn(events: readonly QueueEvent[], date: IsoDate): Map<string, QueueEntry> {
  const entries = new Map<string, QueueEntry>();
  let seq = 0;
  const ordered = events
    .map((e, i) => ({ e, i }))
    .filter(({ e }) => compareIsoDates(e.on, date) <= 0)
    .sort((a, b) => compareIsoDates(a.e.on, b.e.on) || a.i - b.i);
  for (const { e } of ordered) {
    if (e.kind === 'queued') {
      entries.set(e.requestId, {
        requestId: e.requestId,
        serviceType: e.serviceType,
        region: e.region,
        priorityGroup: e.priorityGroup,
        countingDate: e.countingDate,
        movedBack: false,
        movedSeq: 0,
      });
      continue;
    }
    const entry = entries.get(e.requestId);
    if (!entry) continue;
    switch (e.kind) {
      case 'offer-refused':
        if (!e.reasonAccepted) {
          seq += 1;
          Object.assign(entry, { countingDate: e.on, movedBack: true, movedSeq: seq });
        }
        break;
      case 'region-changed':
        entry.region = e.region;
        break;
      case 'priority-changed':
        entry.priorityGroup = e.priorityGroup;
        break;
      case 'ended':
        entries.delete(e.requestId);
        break;
    }
  }
  return entries;
}

export function compareEntries(a: QueueEntry, b: QueueEntry): number {
  return (
    a.priorityGroup - b.priorityGroup ||
    compareIsoDates(a.countingDate, b.countingDate) ||
    Number(a.movedBack) - Number(b.movedBack) ||
    a.movedSeq - b.movedSeq ||
    (a.requestId < b.requestId ? -1 : a.requestId > b.requestId ? 1 : 0)
  );
}

/** The queue of one service type and region on `date`, position 1 first. */
export function queueOn(
  events: readonly QueueEvent[],
  serviceType: string,
  region: string,
  date: IsoDate,
): QueueItem[] {
  return [...activeRequestsOn(events, date).values()]
    .filter((e) => e.serviceType === serviceType && e.region === region)
    .sort(compareEntries)
    .map((e, i) => ({
      requestId: e.requestId,
      position: i + 1,
      priorityGroup: e.priorityGroup,
      countingDate: e.countingDate,
    }));
}
