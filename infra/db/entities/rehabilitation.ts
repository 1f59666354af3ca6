import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * One session of a victim-rehabilitation service (BRIEF §4.10, issue 20), recorded by the provider: a consultation
 * (with the specialist's kind and minutes), a day in an institution or a day in a crisis flat. Never updated.
 */
export const RehabilitationSession = defineEntity({
  name: 'RehabilitationSession',
  tableName: 'rehabilitation_sessions',
  indexes: [{ properties: ['serviceId', 'form'] }, { properties: ['municipalityCode', 'date'] }],
  properties: {
    id: p.string().length(36).primary(),
    serviceId: p.string().length(36),
    caseId: p.string().length(36),
    municipalityCode: p.string().length(7),
    serviceTypeCode: p.string().length(40),
    date: p.string().length(10),
    form: p.string().length(20),
    specialistKind: p.string().length(20).nullable(),
    minutes: p.integer().nullable(),
    recordedBy: p.string().length(100),
    recordedAt: p.datetime(),
  },
});
export type IRehabilitationSession = InferEntity<typeof RehabilitationSession>;

/**
 * What a rehabilitation course (one rehabilitation service) is about and how it ended, for the annual report
 * (annex 4): the kind of harm, and the outcome once known (completed, or interrupted with a reason). Append-only: a
 * correction is the next revision; "as known on" a day reads the latest revision recorded by then.
 */
export const RehabilitationCourseRecord = defineEntity({
  name: 'RehabilitationCourseRecord',
  tableName: 'rehabilitation_course_records',
  uniques: [{ properties: ['serviceId', 'revision'] }],
  indexes: [{ properties: ['municipalityCode'] }],
  properties: {
    id: p.string().length(36).primary(),
    serviceId: p.string().length(36),
    caseId: p.string().length(36),
    municipalityCode: p.string().length(7),
    revision: p.integer(),
    harmKind: p.string().length(20),
    outcome: p.string().length(20).nullable(),
    interruptionReason: p.string().length(500).nullable(),
    recordedBy: p.string().length(100),
    recordedOn: p.string().length(10),
    recordedAt: p.datetime(),
  },
});
export type IRehabilitationCourseRecord = InferEntity<typeof RehabilitationCourseRecord>;
