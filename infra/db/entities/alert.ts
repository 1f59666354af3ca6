import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * A deadline alert (issue 7), shared by every process with a due date: due-soon, overdue, escalation. One row per
 * event, unique by `idempotencyKey` (e.g. `placement:<id>:<dueDate>:<kind>:<n>`), so a retried activity or a
 * replayed workflow never raises it twice. E-mail delivery is recorded in `mailedAt` (claimed in `mailClaimedAt`).
 */
export const Alert = defineEntity({
  name: 'Alert',
  tableName: 'alerts',
  indexes: [{ properties: ['municipalityCode', 'state'] }, { properties: ['subjectType', 'subjectId'] }],
  properties: {
    id: p.string().length(36).primary(),
    kind: p.string().length(20),
    subjectType: p.string().length(40),
    subjectId: p.string().length(36),
    caseId: p.string().length(36).nullable(),
    municipalityCode: p.string().length(7),
    orphanCourtAtvk: p.string().length(7).nullable(),
    dueDate: p.string().length(10),
    escalationNo: p.integer().default(0),
    idempotencyKey: p.string().length(200).unique(),
    /** Who is told: 'supervisor', 'orphan-court', 'bac'. */
    audience: p.json<string[]>(),
    /** E-mail addresses the alert was sent to. */
    recipients: p.json<string[]>(),
    /** A short text without personal codes. */
    summary: p.string().length(500),
    state: p.string().length(20),
    createdAt: p.datetime(),
    mailClaimedAt: p.datetime().nullable(),
    mailedAt: p.datetime().nullable(),
    ackBy: p.string().length(100).nullable(),
    ackAt: p.datetime().nullable(),
  },
});
export type IAlert = InferEntity<typeof Alert>;
