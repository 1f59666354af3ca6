/**
 * Types shared by the registry activities and the workflows that call them. Workflow code imports this module
 * type-only; it holds no runtime values. Summaries never carry personal codes (they travel through workflow
 * history): persons are referred to by DigiSoc person ids.
 */

/** The state registries (and banks) DigiSoc exchanges data with through DAGR. */
export type RegistryCode =
  'pmlp' | 'vdeavk' | 'vsaa' | 'vid' | 'nva' | 'vzd' | 'account-register' | 'banks' | 'npais' | 'baris';

export type SubjectRole = 'applicant' | 'household-member' | 'child';

/** Who asks, for which case, why, about whom (a person id, never a personal code). */
export interface RegistryCallInput {
  caseId: string;
  personId: string;
  /** Purpose of the processing, e.g. "Materiālās situācijas izvērtēšana". */
  purpose: string;
  /** User id (or "system:<workflow>") on whose behalf the request is made. */
  requestedBy: string;
}

export interface MonthPeriod {
  fromMonth: string;
  toMonth: string;
}

/** Metadata of every answered registry request. */
export interface ReceiptMeta {
  requestId: string;
  receivedAt: string;
}

export type Found<T> = { status: 'ok'; snapshotDocumentId: string } & ReceiptMeta & T;
export type NotFound = { status: 'not-found'; snapshotDocumentId: null } & ReceiptMeta;
/** A registry answer: the compact summary, or "the registry does not know this person". */
export type CheckResult<T> = Found<T> | NotFound;

export type RelationType = 'spouse' | 'child' | 'parent';

export interface PersonRef {
  personId: string;
  firstName: string;
  lastName: string;
  birthDate: string;
  deathDate: string | null;
}

export interface Address {
  text: string;
  atvk: string;
}

export interface PopulationRecord {
  firstName: string;
  lastName: string;
  birthDate: string;
  deathDate: string | null;
  declaredAddress: Address | null;
  relations: (PersonRef & { type: RelationType })[];
}

export interface HouseholdComposition {
  householdId: string;
  declaredAddress: Address | null;
  /** Relations of each member to the subject are in the subject's PopulationRecord. */
  members: (PersonRef & { isSubject: boolean })[];
}

export interface DisabilityRecord {
  disability: {
    group: 'I' | 'II' | 'III';
    validFrom: string;
    validTo: string | null;
    opinions: { code: string; text: string }[];
  } | null;
}

export interface MonthlyTotal {
  month: string;
  amountEur: number;
}

export interface SocialInsurancePayments {
  period: MonthPeriod;
  payments: { month: string; type: string; amountEur: number }[];
  totalsByMonth: MonthlyTotal[];
}

export interface EmploymentIncome {
  period: MonthPeriod;
  income: { month: string; employer: string; employerRegNo: string; amountEur: number }[];
  totalsByMonth: MonthlyTotal[];
}

export interface UnemploymentStatus {
  status: 'registered' | 'not-registered';
  since: string | null;
}

export interface RealProperty {
  properties: {
    cadastralNumber: string;
    type: string;
    address: string;
    share: number;
    isDeclaredDwelling: boolean;
  }[];
  /** Properties that are not the declared dwelling (means test: "property beyond the dwelling"). */
  propertiesBeyondDwelling: number;
}

export interface BankAccountRef {
  bankCode: string;
  bankName: string;
  iban: string;
}

export interface AccountList {
  accounts: BankAccountRef[];
}

export interface BankStatementRequestInput extends RegistryCallInput {
  /** Workflow to signal with the statement: sent to the bank as the callback reference. */
  workflowId: string;
  /** Chosen by the workflow (deterministic), so a retried request is the same request at the bank. */
  requestId: string;
  bankCode: string;
  ibans: string[];
  fromDate: string;
  toDate: string;
}

export interface BankRequestAccepted {
  bankCode: string;
  requestId: string;
  status: 'accepted';
  acceptedAt: string;
  expectedBy: string;
}

export interface BankMonth {
  month: string;
  inflowsEur: number;
  outflowsEur: number;
  inflows: { date: string; amountEur: number; description: string }[];
}

/** What a bank POSTs to the callback URL (validated by the callback route before it reaches a workflow). */
export type BankStatementCallback =
  | {
      requestId: string;
      bankCode: string;
      callbackReference: string;
      status: 'completed';
      completedAt: string;
      period: { fromDate: string; toDate: string };
      accounts: {
        iban: string;
        currency: string;
        balanceEur: number;
        balanceDate: string;
        months: BankMonth[];
      }[];
    }
  | {
      requestId: string;
      bankCode: string;
      callbackReference: string;
      status: 'rejected';
      completedAt: string;
      error: { code: string; message: string };
    };

export interface StoreBankStatementInput extends RegistryCallInput {
  statement: BankStatementCallback;
  /** When the bank accepted the request (for the request log's duration). */
  acceptedAt?: string;
}

export interface BankStatementSummary extends ReceiptMeta {
  bankCode: string;
  status: 'completed' | 'rejected';
  snapshotDocumentId: string;
  error: string | null;
  accounts: { iban: string; balanceEur: number; balanceDate: string; months: BankMonth[] }[];
}

export interface OrphanCourtDecisions {
  decisions: {
    decisionId: string;
    orphanCourtAtvk: string;
    orphanCourtName: string;
    date: string;
    kind: 'out-of-family-care';
    placementType: 'institution' | 'foster-family' | 'guardian';
    institution: { code: string; name: string } | null;
    startDate: string;
    endDate: string | null;
  }[];
}

/** BARIS: by a child (personId) or, for BAC oversight, by an orphan court's ATVK code. */
export type OrphanCourtCasesInput = Omit<RegistryCallInput, 'personId'> &
  ({ personId: string; orphanCourtAtvk?: undefined } | { orphanCourtAtvk: string; personId?: undefined });

export interface OrphanCourtCases {
  cases: {
    caseNumber: string;
    orphanCourtAtvk: string;
    orphanCourtName: string;
    category: string;
    status: 'open' | 'closed';
    openedOn: string;
    closedOn: string | null;
    lastDecisionDate: string | null;
    summary: string;
    child: { initials: string; birthYear: number };
  }[];
}

export interface NotifyBankTimeoutInput {
  caseId: string;
  workflowId: string;
  purpose: string;
  requestedBy: string;
  /** The unanswered requests; their banks are named to the worker. */
  requests: { bankCode: string; requestId: string; personId: string; acceptedAt: string | null }[];
}
