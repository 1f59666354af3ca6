/**
 * Time-ordered identifiers (UUID version 7, RFC 9562, from the `uuid` package): sorting by id sorts by creation time,
 * which keeps case timelines and cursor pagination stable even for events created within the same millisecond (the
 * package keeps a monotonic counter within a millisecond).
 */
import { v4 as uuidV4, v7 as uuidV7 } from 'uuid';

export function newId(): string {
  return uuidV7();
}

/**
 * A person's id is random (UUID version 4), not time-ordered: `POST /persons` returns the id of a known person, and a
 * creation time inside it would tell whether DigiSoc knew the person already (issue 14).
 */
export function newPersonId(): string {
  return uuidV4();
}
