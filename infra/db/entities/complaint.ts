import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * A citizen's complaint or proposal through the portal (Law on Submissions, BRIEF §4.11): about a service, a provider
 * or the social service of a municipality — answered by that municipality's social service — or about a state-funded
 * service, answered by the Ministry of Welfare (`addressee` = 'ministry', `municipalityCode` null). Due = receipt +
 * 1 month (`domain/complaints/deadline.ts`); one extension to at most 4 months with a reason the citizen is told.
 */
export const Complaint = defineEntity({
  name: 'Complaint',
  tableName: 'complaints',
  indexes: [{ properties: ['personalCode', 'createdAt'] }, { properties: ['municipalityCode', 'state'] }],
  properties: {
    id: p.string().length(36).primary(),
    /** The citizen who filed it (never shown in a URL). */
    personalCode: p.string().length(12),
    personId: p.string().length(36).nullable(),
    /** complaint | proposal */
    kind: p.string().length(10),
    /** service | provider | social-service */
    subjectType: p.string().length(20),
    /** What it is about, in the citizen's words (the service, the provider's name). */
    subjectText: p.string().length(300),
    /** municipality | ministry */
    addressee: p.string().length(12),
    municipalityCode: p.string().length(7).nullable(),
    /** Where the citizen wants the answer e-mailed too (optional; the portal always shows it). */
    email: p.string().length(254).nullable(),
    text: p.text(),
    /** Information the citizen added while it was open. */
    additions: p.json<{ at: string; text: string }[]>(),
    /** open | answered */
    state: p.string().length(10),
    receivedOn: p.string().length(10),
    originalDueOn: p.string().length(10),
    dueOn: p.string().length(10),
    extensionReason: p.string().length(2000).nullable(),
    extendedAt: p.datetime().nullable(),
    extendedBy: p.string().length(100).nullable(),
    answerText: p.text().nullable(),
    answeredOn: p.string().length(10).nullable(),
    answeredBy: p.string().length(100).nullable(),
    /** Answered after the due date in force. */
    late: p.boolean().default(false),
    /** The due date passed without an answer (set by the complaintDeadline workflow). */
    overdue: p.boolean().default(false),
    /** When the answer was delivered to the citizen (portal notice + e-mail), by the workflow. */
    answerDeliveredAt: p.datetime().nullable(),
    taskId: p.string().length(36).nullable(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
});
export type IComplaint = InferEntity<typeof Complaint>;
