/**
 * Writes the effective-dated means-test decision records the statistical reports count from (issue 20). Called by
 * the means-test activities inside their transactions; append-only and idempotent (a retried activity finds its row).
 */
import { calendarDateInZone, isValidIsoDate } from '../../domain/calendar.js';
import { rigaToday } from '../../infra/clock.js';
import { MeansTestStatusRecord } from '../../infra/db/entities/index.js';
import type { Em } from '../../infra/db/orm.js';
import { newId } from '../../infra/ids.js';

export interface DecisionRecordInput {
  cycleId: string;
  caseId: string;
  municipalityCode: string;
  evaluationNo: number;
  decision: 'approve' | 'refuse';
  /** The decision's time (ISO instant) or date. */
  at: string;
  status: string;
  validFrom: string | null;
  validTo: string | null;
  personIds: string[];
  gmi: { month: string; amountEur: number }[];
}

/** Revision 1 of an evaluation's record, written with its decision. */
export async function recordStatusDecision(
  em: Em,
  input: DecisionRecordInput,
  now = new Date(),
): Promise<void> {
  const exists = await em.findOne(MeansTestStatusRecord, {
    cycleId: input.cycleId,
    evaluationNo: input.evaluationNo,
    revision: 1,
  });
  if (exists) return;
  em.create(MeansTestStatusRecord, {
    id: newId(),
    cycleId: input.cycleId,
    caseId: input.caseId,
    municipalityCode: input.municipalityCode,
    evaluationNo: input.evaluationNo,
    revision: 1,
    decision: input.decision,
    status: input.status,
    decidedOn: isValidIsoDate(input.at) ? input.at : calendarDateInZone(new Date(input.at)),
    validFrom: input.validFrom,
    validTo: input.validTo,
    endedOn: null,
    personIds: [...new Set(input.personIds)],
    gmi: input.gmi,
    recordedOn: rigaToday(now),
    recordedAt: now,
  });
}

/**
 * A reported change of situation ended an approved status on `endedOn`: a new revision of that evaluation's
 * record. Nothing when the evaluation has no approved record or its latest revision already says so.
 */
export async function recordStatusEnded(
  em: Em,
  input: { cycleId: string; evaluationNo: number; endedOn: string },
  now = new Date(),
): Promise<void> {
  const [latest] = await em.find(
    MeansTestStatusRecord,
    { cycleId: input.cycleId, evaluationNo: input.evaluationNo },
    { orderBy: { revision: 'desc' }, limit: 1 },
  );
  if (!latest || latest.decision !== 'approve' || latest.endedOn === input.endedOn) return;
  em.create(MeansTestStatusRecord, {
    ...latest,
    id: newId(),
    revision: latest.revision + 1,
    endedOn: input.endedOn,
    recordedOn: rigaToday(now),
    recordedAt: now,
  });
}
