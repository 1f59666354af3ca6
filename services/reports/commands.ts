/**
 * Submitting a statistical report (issue 20): the consistency checks must pass and the period must have ended; the
 * figures are frozen as JSON in the object store with their SHA-256, recorded as the next version of the form,
 * municipality and period, and audited. A correction is simply a later version; earlier ones stay readable.
 */
import { checkReport, figuresOf, REPORT_FORMS } from '../../domain/reports/index.js';
import { canonicalJson } from '../audit-log.js';
import { ReportSubmission, type IReportSubmission } from '../../infra/db/entities/index.js';
import { newId } from '../../infra/ids.js';
import type { ObjectStore } from '../../infra/object-store.js';
import { commitOrRemove } from '../documents.js';
import { DomainError, invalid, notFound } from '../errors.js';
import { countReport, type ReportDeps, type ReportRequest } from './queries.js';
import { auditReport, visibleMunicipalityOr404, type ReportActor } from './scope.js';

export interface SubmitDeps extends ReportDeps {
  store: ObjectStore;
}

export async function submitReport(
  deps: SubmitDeps,
  actor: ReportActor,
  req: Omit<ReportRequest, 'asOf'>,
): Promise<IReportSubmission> {
  const municipality = await visibleMunicipalityOr404(deps.em, actor, req.municipality);
  const { counted, state } = await countReport(deps, req, { period: 'period', asOf: 'asOf' });
  if (state !== 'past') {
    throw invalid([{ path: 'period', message: 'a report is submitted once its period has ended' }]);
  }
  const failures = checkReport(counted);
  if (failures.length > 0) {
    throw new DomainError('conflict', 'the report does not pass its consistency checks', [], { failures });
  }
  const previous = await deps.em.find(
    ReportSubmission,
    { form: req.form, municipalityCode: municipality.atvk, period: req.period },
    { orderBy: { version: 'desc' }, limit: 1 },
  );
  const version = (previous[0]?.version ?? 0) + 1;
  const id = newId();
  const submittedAt = deps.now;
  const body = Buffer.from(
    canonicalJson({
      form: req.form,
      annex: REPORT_FORMS[req.form].annex,
      municipality: municipality.atvk,
      period: req.period,
      version,
      supersedes: previous[0]?.id ?? null,
      asOf: deps.today,
      tables: figuresOf(counted),
      submittedBy: actor.username,
      submittedAt: submittedAt.toISOString(),
    }),
    'utf8',
  );
  const stored = await deps.store.putBuffer(`reports/${id}.json`, body, 'application/json');
  return commitOrRemove(deps.em, deps.store, stored, async (tx) => {
    const row = tx.create(ReportSubmission, {
      id,
      form: req.form,
      municipalityCode: municipality.atvk,
      period: req.period,
      version,
      asOf: deps.today,
      objectKey: stored.key,
      sha256: stored.sha256,
      size: stored.size,
      submittedBy: actor.username,
      submittedAt,
    });
    await tx.flush();
    await auditReport(tx, actor, 'report.submit', municipality.atvk, id, {
      form: req.form,
      period: req.period,
      version,
      sha256: stored.sha256,
    });
    return row;
  });
}

/** A submitted version exactly as frozen: its bytes, verified against the SHA-256 recorded at submission. */
export async function readSubmission(
  deps: SubmitDeps,
  actor: ReportActor,
  form: string,
  id: string,
): Promise<{ row: IReportSubmission; body: Buffer }> {
  const row = await deps.em.findOne(ReportSubmission, { id, form });
  if (!row) throw notFound('report submission');
  await visibleMunicipalityOr404(deps.em, actor, row.municipalityCode);
  const body = await deps.store.getBuffer(row.objectKey, row.sha256);
  await auditReport(deps.em.fork(), actor, 'report.read-submission', row.municipalityCode, row.id, {
    form: row.form,
    period: row.period,
    version: row.version,
  });
  return { row, body };
}
