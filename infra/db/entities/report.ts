import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * The effective-dated record of one means-test decision (issue 20), which the statistical reports count from: one
 * row per cycle, evaluation and revision, never updated. Revision 1 is written with the decision; a later revision
 * records a correction of it (the status ended early on a reported change of situation). "As known on date X" reads
 * the latest revision recorded by X.
 */
export const MeansTestStatusRecord = defineEntity({
  name: 'MeansTestStatusRecord',
  tableName: 'means_test_status_records',
  uniques: [{ properties: ['cycleId', 'evaluationNo', 'revision'] }],
  indexes: [{ properties: ['municipalityCode', 'decidedOn'] }],
  properties: {
    id: p.string().length(36).primary(),
    cycleId: p.string().length(36),
    caseId: p.string().length(36),
    municipalityCode: p.string().length(7),
    evaluationNo: p.integer(),
    revision: p.integer(),
    decision: p.string().length(10),
    status: p.string().length(20),
    decidedOn: p.string().length(10),
    validFrom: p.string().length(10).nullable(),
    validTo: p.string().length(10).nullable(),
    endedOn: p.string().length(10).nullable(),
    /** The household members the decision was about (DigiSoc person ids). */
    personIds: p.json<string[]>(),
    /** Monthly GMI entitlements of the decision. */
    gmi: p.json<{ month: string; amountEur: number }[]>(),
    /** The day (Riga) the revision was recorded. */
    recordedOn: p.string().length(10),
    recordedAt: p.datetime(),
  },
});
export type IMeansTestStatusRecord = InferEntity<typeof MeansTestStatusRecord>;

/**
 * A submitted statistical report (MK 324): frozen as JSON in the object store with its SHA-256. A correction is a
 * new version of the same form, municipality and period; earlier versions are kept.
 */
export const ReportSubmission = defineEntity({
  name: 'ReportSubmission',
  tableName: 'report_submissions',
  uniques: [{ properties: ['form', 'municipalityCode', 'period', 'version'] }],
  properties: {
    id: p.string().length(36).primary(),
    form: p.string().length(60),
    municipalityCode: p.string().length(7),
    period: p.string().length(7),
    version: p.integer(),
    /** The day the figures were as known on (the submission day). */
    asOf: p.string().length(10),
    objectKey: p.string().length(200).unique(),
    sha256: p.string().length(64),
    size: p.integer(),
    submittedBy: p.string().length(100),
    submittedAt: p.datetime(),
  },
});
export type IReportSubmission = InferEntity<typeof ReportSubmission>;
