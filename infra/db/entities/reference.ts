import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** A Latvian municipality (ATVK code): each has one social service and one orphan court. */
export const Municipality = defineEntity({
  name: 'Municipality',
  tableName: 'municipalities',
  properties: {
    atvk: p.string().length(7).primary(),
    name: p.string().length(100),
    kind: p.string().length(20),
  },
});
export type IMunicipality = InferEntity<typeof Municipality>;

/** Named monotonic counters (case numbers, the audit chain head). Incremented atomically in SQL. */
export const Counter = defineEntity({
  name: 'Counter',
  tableName: 'counters',
  properties: {
    key: p.string().length(100).primary(),
    value: p.integer(),
  },
});
