/**
 * The statistical reports (MK 324, issue 20) of one municipality and period, counted on each read from the
 * effective-dated records (never from stored counters), with the consistency checks and the submitted versions.
 * `tables` hold only figures, so a past period reads the same twice; anything time-dependent is in `meta`.
 */
import { compareIsoDates, isValidIsoDate, type IsoDate } from '../../domain/calendar.js';
import {
  checkReport,
  countSocialAssistanceMonthly,
  countSocialServicesAnnual,
  countVictimRehabilitationAnnual,
  figuresOf,
  REPORT_FORMS,
  requireReportablePeriod,
  type CheckFailure,
  type CountedReport,
  type FigureTable,
  type PeriodState,
  type ReportForm,
} from '../../domain/reports/index.js';
import { DomainValidationError } from '../../domain/validation.js';
import { ReportSubmission, ServiceType, type IReportSubmission } from '../../infra/db/entities/index.js';
import type { Em } from '../../infra/db/orm.js';
import { invalid } from '../errors.js';
import { auditReport, visibleMunicipalityOr404, type ReportActor } from './scope.js';
import { rehabilitationRecords, serviceRecords, statusRecords } from './sources.js';

export interface ReportRequest {
  form: ReportForm;
  municipality: string;
  period: string;
  /** "As known on" this day; null = as corrected since (everything recorded up to now). */
  asOf?: string | null;
}

/** Where the request's fields came from, for the field paths of a validation error. */
export interface RequestPaths {
  period: string;
  asOf: string;
}
const QUERY_PATHS: RequestPaths = { period: 'query.period', asOf: 'query.asOf' };

export interface SubmissionView {
  id: string;
  version: number;
  asOf: string;
  sha256: string;
  submittedBy: string;
  submittedAt: string;
}

export interface ReportView {
  form: ReportForm;
  annex: number;
  municipality: { atvk: string; name: string };
  period: string;
  asOf: string | null;
  tables: FigureTable[];
  checks: { passed: boolean; failures: CheckFailure[] };
  /** Names of the rows that are service types, in Latvian and English. */
  labels: Record<string, { lv: string; en: string }>;
  meta: {
    generatedAt: string;
    periodState: PeriodState;
    /** The last day counted: the period's end, or today for a period in progress. */
    countedUntil: IsoDate;
    /** False where a record corrected after `asOf` cannot be shown as it was (service deliveries, settlements). */
    asOfExact: boolean;
    submissions: SubmissionView[];
  };
}

export interface ReportDeps {
  em: Em;
  today: IsoDate;
  now: Date;
}

export function submissionView(s: IReportSubmission): SubmissionView {
  return {
    id: s.id,
    version: s.version,
    asOf: s.asOf,
    sha256: s.sha256,
    submittedBy: s.submittedBy,
    submittedAt: s.submittedAt.toISOString(),
  };
}

function resolveAsOf(asOf: string | null | undefined, today: IsoDate, path: string): IsoDate | null {
  if (asOf === undefined || asOf === null) return null;
  if (!isValidIsoDate(asOf)) throw invalid([{ path, message: 'must be a calendar date YYYY-MM-DD' }]);
  if (compareIsoDates(asOf, today) > 0) throw invalid([{ path, message: 'must not be after today' }]);
  return asOf;
}

/** Counts a report (no access check, no audit): the submission command shares it. */
export async function countReport(
  deps: ReportDeps,
  req: ReportRequest,
  paths: RequestPaths = QUERY_PATHS,
): Promise<{ counted: CountedReport; state: PeriodState; until: IsoDate; asOf: IsoDate | null }> {
  const asOf = resolveAsOf(req.asOf, deps.today, paths.asOf);
  let resolved;
  try {
    resolved = requireReportablePeriod(
      req.period,
      REPORT_FORMS[req.form].period,
      asOf ?? deps.today,
      paths.period,
    );
  } catch (err) {
    if (err instanceof DomainValidationError) throw invalid(err.issues);
    throw err;
  }
  const { period, state, until } = resolved;
  const { em } = deps;
  const m = req.municipality;
  let counted: CountedReport;
  if (req.form === 'social-assistance-monthly') {
    counted = countSocialAssistanceMonthly(await statusRecords(em, m, period, asOf), period, until);
  } else if (req.form === 'social-services-annual') {
    counted = countSocialServicesAnnual(await serviceRecords(em, m, period, until, asOf), period, until);
  } else {
    counted = countVictimRehabilitationAnnual(
      await rehabilitationRecords(em, m, period, until, asOf),
      period,
      until,
    );
  }
  return { counted, state, until, asOf };
}

export async function listSubmissions(
  em: Em,
  req: Omit<ReportRequest, 'asOf'>,
): Promise<IReportSubmission[]> {
  return em.find(
    ReportSubmission,
    { form: req.form, municipalityCode: req.municipality, period: req.period },
    { orderBy: { version: 'asc' } },
  );
}

export async function reportView(
  deps: ReportDeps,
  actor: ReportActor,
  req: ReportRequest,
): Promise<ReportView> {
  const municipality = await visibleMunicipalityOr404(deps.em, actor, req.municipality);
  const { counted, state, until, asOf } = await countReport(deps, req);
  const tables = figuresOf(counted);
  const failures = checkReport(counted);
  const labels: ReportView['labels'] = {};
  if (req.form === 'social-services-annual') {
    const codes = tables.flatMap((t) => t.rows.map((r) => r.key));
    for (const t of await deps.em.find(ServiceType, { code: { $in: codes } })) {
      labels[t.code] = { lv: t.nameLv, en: t.nameEn };
    }
  }
  const submissions = (await listSubmissions(deps.em, req)).map(submissionView);
  await auditReport(deps.em.fork(), actor, 'report.read', municipality.atvk, req.form, {
    period: req.period,
    asOf,
  });
  return {
    form: req.form,
    annex: REPORT_FORMS[req.form].annex,
    municipality: { atvk: municipality.atvk, name: municipality.name },
    period: req.period,
    asOf,
    tables,
    checks: { passed: failures.length === 0, failures },
    labels,
    meta: {
      generatedAt: deps.now.toISOString(),
      periodState: state,
      countedUntil: until,
      asOfExact: asOf === null || req.form === 'social-assistance-monthly',
      submissions,
    },
  };
}
