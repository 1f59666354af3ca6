/**
 * The contract of the registryCheck workflow: its input, its summary, the bank-callback signal and the status query.
 * The module services, routes and other workflows import for its names and types; the names must not change (live
 * executions and recorded histories use them).
 */
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type {
  AccountList,
  BankStatementCallback,
  BankStatementSummary,
  DisabilityRecord,
  EmploymentIncome,
  Found,
  HouseholdComposition,
  MonthPeriod,
  OrphanCourtCases,
  OrphanCourtDecisions,
  PopulationRecord,
  RealProperty,
  RegistryCode,
  SocialInsurancePayments,
  SubjectRole,
  UnemploymentStatus,
} from '../../activities/registries/types.js';

export interface RegistryCheckSubject {
  personId: string;
  role: SubjectRole;
}

export interface RegistryCheckInput {
  caseId: string;
  subjects: RegistryCheckSubject[];
  /** Limit the check to these registries (default: all relevant to each subject's role). */
  registries?: RegistryCode[];
  purpose: string;
  requestedBy: string;
  /** How long to wait for banks, e.g. "3 days" (default), "36 hours". */
  bankDeadline?: string;
  /** VSAA/VID months (default: the 12 full months before the check). */
  incomePeriod?: MonthPeriod;
  /** Bank turnover period (default: the 3 full months before the check). */
  bankPeriod?: { fromDate: string; toDate: string };
}

export type RegistryStatus = 'ok' | 'unavailable' | 'pending' | 'not-found';
export type FailureReason = 'timeout' | 'malformed' | 'rejected' | 'failed';

export interface RegistryOutcome {
  status: RegistryStatus;
  /** Latest answer received from this registry in this check. */
  receivedAt: string | null;
  /** Latest evidence snapshot; all of them in snapshotDocumentIds. */
  snapshotDocumentId: string | null;
  snapshotDocumentIds: string[];
  error?: string;
  reason?: FailureReason;
}

export type CheckName =
  | 'population'
  | 'household'
  | 'disability'
  | 'socialInsurance'
  | 'employmentIncome'
  | 'unemployment'
  | 'realProperty'
  | 'accounts'
  | 'bankStatements'
  | 'orphanCourtDecisions'
  | 'orphanCourtCases';

export const CHECK_REGISTRY: Readonly<Record<CheckName, RegistryCode>> = {
  population: 'pmlp',
  household: 'pmlp',
  disability: 'vdeavk',
  socialInsurance: 'vsaa',
  employmentIncome: 'vid',
  unemployment: 'nva',
  realProperty: 'vzd',
  accounts: 'account-register',
  bankStatements: 'banks',
  orphanCourtDecisions: 'npais',
  orphanCourtCases: 'baris',
};

export interface CheckOutcome extends RegistryOutcome {
  registry: RegistryCode;
}

export type BankRequestStatus =
  'sending' | 'pending' | 'storing' | 'received' | 'rejected' | 'failed' | 'timeout';

export interface BankRequestState {
  requestId: string;
  bankCode: string;
  personId: string;
  ibans: string[];
  status: BankRequestStatus;
  acceptedAt: string | null;
  expectedBy: string | null;
  receivedAt: string | null;
  snapshotDocumentId: string | null;
  error: string | null;
}

export interface SubjectData {
  population?: Found<PopulationRecord>;
  household?: Found<HouseholdComposition>;
  disability?: Found<DisabilityRecord>;
  socialInsurance?: Found<SocialInsurancePayments>;
  employmentIncome?: Found<EmploymentIncome>;
  unemployment?: Found<UnemploymentStatus>;
  realProperty?: Found<RealProperty>;
  accounts?: Found<AccountList>;
  bankStatements: BankStatementSummary[];
  orphanCourtDecisions?: Found<OrphanCourtDecisions>;
  orphanCourtCases?: Found<OrphanCourtCases>;
}

export interface SubjectSummary {
  personId: string;
  role: SubjectRole;
  checks: Partial<Record<CheckName, CheckOutcome>>;
  data: SubjectData;
}

export interface RegistryCheckSummary {
  state: 'running' | 'completed';
  caseId: string;
  startedAt: string;
  completedAt: string | null;
  incomePeriod: MonthPeriod;
  bankPeriod: { fromDate: string; toDate: string };
  bankDeadline: string;
  /** Only registries asked in this check appear. */
  registries: Partial<Record<RegistryCode, RegistryOutcome>>;
  perSubject: Record<string, SubjectSummary>;
  bankRequests: BankRequestState[];
  /** Banks that had not answered by the deadline (the worker was notified). */
  banksNotAnswered: string[];
}

export const bankStatementReceived = defineSignal<[BankStatementCallback]>('bankStatementReceived');
export const registryCheckStatus = defineQuery<RegistryCheckSummary>('registryCheckStatus');
