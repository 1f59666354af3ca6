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
