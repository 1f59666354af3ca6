/**
 * Time-ordered identifiers (UUID version 7, RFC 9562): sorting by id sorts by creation time, which keeps case
 * timelines and cursor pagination stable even for events created within the same millisecond.
 */
import { randomBytes, randomUUID } from 'node:crypto';

let lastMs = 0;
let counter = 0;

export function newId(now = Date.now()): string {
  if (now <= lastMs) {
    counter = (counter + 1) & 0xfff;
    if (counter === 0) lastMs++;
    now = lastMs;
  } else {
    lastMs = now;
    counter = randomBytes(2).readUInt16BE() & 0x7ff;
  }
  const bytes = randomBytes(16);
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = 0x70 | ((counter >> 8) & 0x0f);
  bytes[7] = counter & 0xff;
  bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * A person's id is random (UUID version 4), not time-ordered: `POST /persons` returns the id of a known person, and a
 * creation time inside it would tell whether DigiSoc knew the person already (issue 14).
 */
export function newPersonId(): string {
  return randomUUID();
}
