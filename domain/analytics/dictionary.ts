/**
 * The pseudonymised analytical store's data dictionary (issue 23): every table and column, where it comes from and
 * how it is pseudonymised. The export writes exactly these columns; `docs/analytics.md` describes them; the test that
 * scans every Parquet file checks every value against its column's kind.
 *
 * Kinds: `pseudonym` — 32 hex characters, HMAC-SHA-256 of the internal id under the export generation's key (not
 * linkable across generations); `atvk` — a 7-digit municipality code (the finest place the store holds); `date`
 * (YYYY-MM-DD), `month` (YYYY-MM), `year` (a birth year: the only part of a birth date kept); `code` — a value of
 * a closed vocabulary (lower-case letters, digits, hyphens); `integer`, `amount` (euros), `boolean`.
 */
export type ColumnKind =
  'pseudonym' | 'atvk' | 'date' | 'month' | 'year' | 'code' | 'integer' | 'amount' | 'boolean';

export interface AnalyticsColumn {
  readonly name: string;
  readonly kind: ColumnKind;
  readonly nullable: boolean;
  readonly source: string;
}

export interface AnalyticsTable {
  readonly name: string;
  readonly description: string;
  /** Partitioned by municipality (one file per ATVK) unless false. */
  readonly byAtvk: boolean;
  readonly columns: readonly AnalyticsColumn[];
}

const c = (name: string, kind: ColumnKind, source: string, nullable = false): AnalyticsColumn => ({
  name,
  kind,
  nullable,
  source,
});

export const ANALYTICS_TABLES: readonly AnalyticsTable[] = [
  {
    name: 'persons',
    description: 'Every person known to the platform (clients, household members, children in placements).',
    byAtvk: false,
    columns: [
      c('person_key', 'pseudonym', 'persons.id'),
      c('birth_year', 'year', 'persons.birth_date (year only)', true),
    ],
  },
  {
    name: 'cases',
    description: 'Client case files (one per client per municipality).',
    byAtvk: true,
    columns: [
      c('case_key', 'pseudonym', 'cases.id'),
      c('person_key', 'pseudonym', 'cases.person_id'),
      c('atvk', 'atvk', 'cases.municipality_code'),
      c('status', 'code', 'cases.status'),
      c('opened_on', 'date', 'cases.opened_at (date)'),
      c('closed_on', 'date', 'cases.closed_at (date)', true),
    ],
  },
  {
    name: 'households',
    description: "Members of each case's household (PMLP or added by a worker).",
    byAtvk: true,
    columns: [
      c('case_key', 'pseudonym', 'case_household_members.case_id'),
      c('person_key', 'pseudonym', 'case_household_members.person_id'),
      c('atvk', 'atvk', 'cases.municipality_code'),
      c('source', 'code', 'case_household_members.source'),
    ],
  },
  {
    name: 'statuses',
    description: 'Means-test cycles: the current evaluation of each household and its status.',
    byAtvk: true,
    columns: [
      c('cycle_key', 'pseudonym', 'means_test_cycles.id'),
      c('case_key', 'pseudonym', 'means_test_cycles.case_id'),
      c('atvk', 'atvk', 'means_test_cycles.municipality_code'),
      c('state', 'code', 'means_test_cycles.state'),
      c('evaluation_no', 'integer', 'means_test_cycles.evaluation_no'),
      c('application_date', 'date', 'means_test_cycles.application_date'),
      c('decision_deadline', 'date', 'means_test_cycles.decision_deadline'),
      c('status', 'code', 'means_test_cycles.status', true),
      c('valid_from', 'date', 'means_test_cycles.valid_from', true),
      c('valid_to', 'date', 'means_test_cycles.valid_to', true),
      c('gmi_benefit_eur', 'amount', 'means_test_cycles.gmi_benefit_eur', true),
    ],
  },
  {
    name: 'gmi_entitlements',
    description: 'Monthly GMI benefit amounts of needy households.',
    byAtvk: true,
    columns: [
      c('cycle_key', 'pseudonym', 'means_test_entitlements.cycle_id'),
      c('case_key', 'pseudonym', 'means_test_entitlements.case_id'),
      c('atvk', 'atvk', 'cases.municipality_code'),
      c('evaluation_no', 'integer', 'means_test_entitlements.evaluation_no'),
      c('month', 'month', 'means_test_entitlements.month'),
      c('amount_eur', 'amount', 'means_test_entitlements.amount_eur'),
    ],
  },
  {
    name: 'services',
    description: 'Social services from request to settlement (no notes, no provider names).',
    byAtvk: true,
    columns: [
      c('service_key', 'pseudonym', 'social_services.id'),
      c('case_key', 'pseudonym', 'social_services.case_id'),
      c('atvk', 'atvk', 'social_services.municipality_code'),
      c('service_type', 'code', 'social_services.service_type_code'),
      c('state', 'code', 'social_services.state'),
      c('decision', 'code', 'social_services.decision', true),
      c('requested_on', 'date', 'social_services.requested_at'),
      c('decision_deadline', 'date', 'social_services.decision_deadline'),
      c('start_date', 'date', 'social_services.start_date', true),
      c('end_date', 'date', 'social_services.end_date', true),
      c('volume', 'amount', 'social_services.volume', true),
    ],
  },
  {
    name: 'deliveries',
    description: 'Units of a service delivered per month (latest revision; no notes).',
    byAtvk: true,
    columns: [
      c('service_key', 'pseudonym', 'service_deliveries.service_id'),
      c('atvk', 'atvk', 'social_services.municipality_code'),
      c('month', 'month', 'service_deliveries.month'),
      c('units', 'amount', 'service_deliveries.units'),
      c('revision', 'integer', 'service_deliveries.revision'),
    ],
  },
  {
    name: 'settlements',
    description: 'Who pays what for each month of a service (no income evidence, no legal-basis text).',
    byAtvk: true,
    columns: [
      c('service_key', 'pseudonym', 'service_settlements.service_id'),
      c('atvk', 'atvk', 'service_settlements.municipality_code'),
      c('service_type', 'code', 'service_settlements.service_type_code'),
      c('month', 'month', 'service_settlements.month'),
      c('units', 'amount', 'service_settlements.units'),
      c('unit', 'code', 'service_settlements.unit'),
      c('tariff_eur', 'amount', 'service_settlements.tariff_eur'),
      c('cost_eur', 'amount', 'service_settlements.cost_eur'),
      c('client_pays_eur', 'amount', 'service_settlements.client_pays_eur'),
      c('funder_pays_eur', 'amount', 'service_settlements.funder_pays_eur'),
      c('funder', 'code', 'service_settlements.funder'),
      c('final', 'boolean', 'service_settlements.final'),
      c('revision', 'integer', 'service_settlements.revision'),
    ],
  },
  {
    name: 'placements',
    description:
      'Out-of-family care placements and their report deadlines (no institution names, no reasons).',
    byAtvk: true,
    columns: [
      c('placement_key', 'pseudonym', 'placements.id'),
      c('child_key', 'pseudonym', 'placements.child_person_id'),
      c('child_birth_year', 'year', 'placements.child_birth_date (year only)'),
      c('atvk', 'atvk', 'placements.orphan_court_atvk'),
      c('status', 'code', 'placements.status'),
      c('start_date', 'date', 'placements.start_date'),
      c('last_report_date', 'date', 'placements.last_report_date', true),
      c('next_report_due', 'date', 'placements.next_report_due'),
      c('end_date', 'date', 'placements.end_date', true),
    ],
  },
  {
    name: 'specialist_compliance',
    description:
      "Children's-rights specialists' employments and training dates (national bodies: atvk null).",
    byAtvk: true,
    columns: [
      c('specialist_key', 'pseudonym', 'specialist_employments.specialist_id'),
      c('atvk', 'atvk', 'specialist_organisations.municipality_atvk', true),
      c('organisation_kind', 'code', 'specialist_organisations.kind'),
      c('position_kind', 'code', 'specialist_employments.position_kind'),
      c('employed_from', 'date', 'specialist_employments.employed_from'),
      c('employed_to', 'date', 'specialist_employments.employed_to', true),
      c('first_training_on', 'date', 'specialist_trainings.completed_on (earliest)', true),
      c('latest_training_on', 'date', 'specialist_trainings.completed_on (latest)', true),
      c('trainings', 'integer', 'count of specialist_trainings'),
    ],
  },
];

/** The pattern every non-null text value of a column kind must match (the store's guarantee of no free text). */
export const KIND_PATTERN: Partial<Record<ColumnKind, RegExp>> = {
  pseudonym: /^[0-9a-f]{32}$/,
  atvk: /^\d{7}$/,
  date: /^\d{4}-\d{2}-\d{2}$/,
  month: /^\d{4}-\d{2}$/,
  code: /^[a-z0-9][a-z0-9_-]{0,59}$/,
};

/** The DuckDB type of a column kind. */
export function duckType(kind: ColumnKind): 'VARCHAR' | 'INTEGER' | 'DOUBLE' | 'BOOLEAN' {
  if (kind === 'year' || kind === 'integer') return 'INTEGER';
  if (kind === 'amount') return 'DOUBLE';
  if (kind === 'boolean') return 'BOOLEAN';
  return 'VARCHAR';
}

/** The export generation (the pseudonym key rotates with it): the calendar month of the run. */
export function generationOf(runDate: string): string {
  return runDate.slice(0, 7);
}

export function tableNamed(name: string): AnalyticsTable {
  const t = ANALYTICS_TABLES.find((x) => x.name === name);
  if (!t) throw new Error(`unknown analytics table ${name}`);
  return t;
}
