/**
 * registryCheck: asks every relevant state registry about every subject (a client or a whole household) in
 * parallel, tolerates registries being down (marked unavailable, the others kept), requests bank statements for the
 * accounts found and waits for the banks' callbacks (signal bankStatementReceived) until a deadline, after which
 * the worker is told which banks did not answer. Completes with a summary per registry and per subject.
 * History holds person ids and summaries only, never personal codes.
 */
import {
  allHandlersFinished,
  condition,
  log,
  proxyActivities,
  setHandler,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { RegistryActivities } from '../../activities/registries/activities.js';
import type { AccountList, CheckResult, Found, RegistryCode } from '../../activities/registries/types.js';
import {
  ALL_REGISTRY_CODES,
  BANK_STATEMENT_MONTHS,
  CASE_FILE_ACTIVITY_OPTIONS,
  DEFAULT_BANK_DEADLINE,
  INCOME_MONTHS,
  REGISTRIES_BY_ROLE,
  REGISTRY_ACTIVITY_OPTIONS,
} from '../registry-policies.js';
import {
  CHECK_REGISTRY,
  bankStatementReceived,
  registryCheckStatus,
  type RegistryCheckSubject,
  type RegistryCheckInput,
  type FailureReason,
  type RegistryOutcome,
  type CheckName,
  type CheckOutcome,
  type BankRequestState,
  type SubjectSummary,
  type RegistryCheckSummary,
} from './contract.js';
import {
  lastFullMonths,
  lastFullMonthDates,
  describeFailure,
  validate,
  combine,
  bankRequestOutcome,
  type Duration,
} from './outcomes.js';

type RegistryProxy = ReturnType<typeof proxyActivities<RegistryActivities>>;
const viaRegistry = Object.fromEntries(
  ALL_REGISTRY_CODES.map((code) => [
    code,
    proxyActivities<RegistryActivities>(REGISTRY_ACTIVITY_OPTIONS[code]),
  ]),
) as Record<RegistryCode, RegistryProxy>;
const caseFile = proxyActivities<RegistryActivities>(CASE_FILE_ACTIVITY_OPTIONS);

export async function registryCheck(input: RegistryCheckInput): Promise<RegistryCheckSummary> {
  validate(input);
  const { workflowId } = workflowInfo();
  const now = new Date();
  const bankDeadline = input.bankDeadline?.trim() ?? DEFAULT_BANK_DEADLINE;
  const requested = new Set<RegistryCode>(input.registries ?? ALL_REGISTRY_CODES);
  const incomePeriod = input.incomePeriod ?? lastFullMonths(INCOME_MONTHS, now);
  const bankPeriod = input.bankPeriod ?? lastFullMonthDates(BANK_STATEMENT_MONTHS, now);

  const subjects = new Map<string, SubjectSummary>();
  /** Per subject: why banks could not be asked (account register unavailable). */
  const bankBlocked = new Map<string, { error: string; reason: FailureReason }>();
  const bankRequests = new Map<string, BankRequestState>();
  let state: RegistryCheckSummary['state'] = 'running';
  let completedAt: string | null = null;
  const banksNotAnswered: string[] = [];

  const wants = (subject: RegistryCheckSubject, registry: RegistryCode) =>
    requested.has(registry) && REGISTRIES_BY_ROLE[subject.role].includes(registry);

  function bankCheckOf(summary: SubjectSummary): CheckOutcome | undefined {
    if (!summary.checks.accounts && !bankBlocked.has(summary.personId)) return undefined;
    const requests = [...bankRequests.values()].filter((r) => r.personId === summary.personId);
    const blocked = bankBlocked.get(summary.personId);
    if (blocked) {
      return {
        registry: 'banks',
        status: 'unavailable',
        receivedAt: null,
        snapshotDocumentId: null,
        snapshotDocumentIds: [],
        ...blocked,
      };
    }
    if (requests.length === 0) {
      const accountsDone = summary.checks.accounts?.status !== 'pending';
      return {
        registry: 'banks',
        status: accountsDone ? 'ok' : 'pending',
        receivedAt: null,
        snapshotDocumentId: null,
        snapshotDocumentIds: [],
      };
    }
    return { registry: 'banks', ...combine(requests.map(bankRequestOutcome)) };
  }

  function view(): RegistryCheckSummary {
    const perSubject: Record<string, SubjectSummary> = {};
    const byRegistry = new Map<RegistryCode, RegistryOutcome[]>();
    for (const summary of subjects.values()) {
      const checks = { ...summary.checks };
      const bankCheck = requested.has('banks') ? bankCheckOf(summary) : undefined;
      if (bankCheck) checks.bankStatements = bankCheck;
      perSubject[summary.personId] = { ...summary, checks };
      for (const outcome of Object.values(checks)) {
        if (!outcome) continue;
        const list = byRegistry.get(outcome.registry) ?? [];
        list.push(outcome);
        byRegistry.set(outcome.registry, list);
      }
    }
    const registries: Partial<Record<RegistryCode, RegistryOutcome>> = {};
    for (const code of ALL_REGISTRY_CODES) {
      const outcomes = byRegistry.get(code);
      if (outcomes && outcomes.length > 0) registries[code] = combine(outcomes);
    }
    return {
      state,
      caseId: input.caseId,
      startedAt: now.toISOString(),
      completedAt,
      incomePeriod,
      bankPeriod,
      bankDeadline,
      registries,
      perSubject,
      bankRequests: [...bankRequests.values()].map((r) => ({ ...r })),
      banksNotAnswered: [...banksNotAnswered],
    };
  }

  async function run<T extends object>(
    summary: SubjectSummary,
    check: CheckName,
    call: () => Promise<CheckResult<T>>,
    keep: (found: Found<T>) => void,
  ): Promise<CheckResult<T> | null> {
    const registry = CHECK_REGISTRY[check];
    const pending: CheckOutcome = {
      registry,
      status: 'pending',
      receivedAt: null,
      snapshotDocumentId: null,
      snapshotDocumentIds: [],
    };
    summary.checks[check] = pending;
    try {
      const result = await call();
      summary.checks[check] = {
        registry,
        status: result.status,
        receivedAt: result.receivedAt,
        snapshotDocumentId: result.snapshotDocumentId,
        snapshotDocumentIds: result.snapshotDocumentId ? [result.snapshotDocumentId] : [],
      };
      if (result.status === 'ok') keep(result);
      return result;
    } catch (err) {
      const failure = describeFailure(err);
      log.warn('registry unavailable', { registry, check, reason: failure.reason });
      summary.checks[check] = { ...pending, status: 'unavailable', ...failure };
      return null;
    }
  }

  async function askBanks(summary: SubjectSummary, accounts: AccountList['accounts']): Promise<void> {
    const byBank = new Map<string, string[]>();
    for (const a of accounts) byBank.set(a.bankCode, [...(byBank.get(a.bankCode) ?? []), a.iban]);
    await Promise.allSettled(
      [...byBank].map(async ([bankCode, ibans]) => {
        const request: BankRequestState = {
          requestId: uuid4(),
          bankCode,
          personId: summary.personId,
          ibans,
          status: 'sending',
          acceptedAt: null,
          expectedBy: null,
          receivedAt: null,
          snapshotDocumentId: null,
          error: null,
        };
        bankRequests.set(request.requestId, request);
        try {
          const accepted = await viaRegistry.banks.requestBankStatements({
            caseId: input.caseId,
            personId: summary.personId,
            purpose: input.purpose,
            requestedBy: input.requestedBy,
            workflowId,
            requestId: request.requestId,
            bankCode,
            ibans,
            ...bankPeriod,
          });
          request.acceptedAt = accepted.acceptedAt;
          request.expectedBy = accepted.expectedBy;
          if (request.status === 'sending') request.status = 'pending';
        } catch (err) {
          if (request.status === 'sending') {
            request.status = 'failed';
            request.error = describeFailure(err).error;
          }
        }
      }),
    );
  }

  async function checkSubject(subject: RegistryCheckSubject): Promise<void> {
    const summary: SubjectSummary = {
      personId: subject.personId,
      role: subject.role,
      checks: {},
      data: { bankStatements: [] },
    };
    subjects.set(subject.personId, summary);
    const base = {
      caseId: input.caseId,
      personId: subject.personId,
      purpose: input.purpose,
      requestedBy: input.requestedBy,
    };
    const d = summary.data;
    const tasks: Promise<unknown>[] = [];
    const via = viaRegistry;

    if (wants(subject, 'pmlp')) {
      tasks.push(
        run(
          summary,
          'population',
          () => via.pmlp.fetchPopulationRecord(base),
          (r) => (d.population = r),
        ),
      );
      if (subject.role === 'applicant') {
        tasks.push(
          run(
            summary,
            'household',
            () => via.pmlp.fetchHousehold(base),
            (r) => (d.household = r),
          ),
        );
      }
    }
    if (wants(subject, 'vdeavk')) {
      tasks.push(
        run(
          summary,
          'disability',
          () => via.vdeavk.fetchDisability(base),
          (r) => (d.disability = r),
        ),
      );
    }
    if (wants(subject, 'vsaa')) {
      tasks.push(
        run(
          summary,
          'socialInsurance',
          () => via.vsaa.fetchSocialInsurancePayments({ ...base, period: incomePeriod }),
          (r) => (d.socialInsurance = r),
        ),
      );
    }
    if (wants(subject, 'vid')) {
      tasks.push(
        run(
          summary,
          'employmentIncome',
          () => via.vid.fetchEmploymentIncome({ ...base, period: incomePeriod }),
          (r) => (d.employmentIncome = r),
        ),
      );
    }
    if (wants(subject, 'nva')) {
      tasks.push(
        run(
          summary,
          'unemployment',
          () => via.nva.fetchUnemploymentStatus(base),
          (r) => (d.unemployment = r),
        ),
      );
    }
    if (wants(subject, 'vzd')) {
      tasks.push(
        run(
          summary,
          'realProperty',
          () => via.vzd.fetchRealProperty(base),
          (r) => (d.realProperty = r),
        ),
      );
    }
    if (wants(subject, 'npais')) {
      tasks.push(
        run(
          summary,
          'orphanCourtDecisions',
          () => via.npais.fetchOrphanCourtDecisions(base),
          (r) => (d.orphanCourtDecisions = r),
        ),
      );
    }
    if (wants(subject, 'baris')) {
      tasks.push(
        run(
          summary,
          'orphanCourtCases',
          () => via.baris.fetchOrphanCourtCases(base),
          (r) => (d.orphanCourtCases = r),
        ),
      );
    }
    const wantBanks = wants(subject, 'banks');
    if (wants(subject, 'account-register') || wantBanks) {
      tasks.push(
        (async () => {
          const result = await run(
            summary,
            'accounts',
            () => via['account-register'].fetchAccountList(base),
            (r) => (d.accounts = r),
          );
          if (!wantBanks) return;
          if (result === null) {
            const failure = summary.checks.accounts;
            bankBlocked.set(subject.personId, {
              error: `the account register is unavailable, banks were not asked (${failure?.error ?? 'unknown error'})`,
              reason: failure?.reason ?? 'failed',
            });
          } else if (result.status === 'ok') {
            await askBanks(summary, result.accounts);
          }
        })(),
      );
    }
    await Promise.allSettled(tasks);
  }

  setHandler(registryCheckStatus, view);
  setHandler(bankStatementReceived, async (statement) => {
    const request = bankRequests.get(statement.requestId);
    if (
      !request ||
      !['sending', 'pending'].includes(request.status) ||
      statement.callbackReference !== workflowId
    ) {
      log.warn('ignored bank statement', { bankCode: statement.bankCode, known: request !== undefined });
      return;
    }
    request.status = 'storing';
    const summary = subjects.get(request.personId);
    try {
      const stored = await caseFile.storeBankStatement({
        caseId: input.caseId,
        personId: request.personId,
        purpose: input.purpose,
        requestedBy: input.requestedBy,
        statement,
        acceptedAt: request.acceptedAt ?? undefined,
      });
      request.receivedAt = stored.receivedAt;
      request.snapshotDocumentId = stored.snapshotDocumentId;
      request.status = stored.status === 'completed' ? 'received' : 'rejected';
      request.error = stored.error;
      summary?.data.bankStatements.push(stored);
    } catch (err) {
      request.status = 'failed';
      request.error = `the statement could not be stored: ${describeFailure(err).error}`;
    }
  });

  await Promise.allSettled(input.subjects.map((s) => checkSubject(s)));

  const waiting = () =>
    [...bankRequests.values()].filter((r) => r.status === 'sending' || r.status === 'pending');
  if (waiting().length > 0) {
    const answered = await condition(() => waiting().length === 0, bankDeadline as Duration);
    if (!answered) {
      const late = waiting();
      for (const r of late) {
        r.status = 'timeout';
        r.error = `bank ${r.bankCode} did not answer within ${bankDeadline}`;
      }
      banksNotAnswered.push(...new Set(late.map((r) => r.bankCode)));
      banksNotAnswered.sort();
      try {
        await caseFile.notifyBankTimeout({
          caseId: input.caseId,
          workflowId,
          purpose: input.purpose,
          requestedBy: input.requestedBy,
          requests: late.map((r) => ({
            bankCode: r.bankCode,
            requestId: r.requestId,
            personId: r.personId,
            acceptedAt: r.acceptedAt,
          })),
        });
      } catch (err) {
        log.error('could not notify the worker about unanswered banks', {
          error: describeFailure(err).error,
        });
      }
    }
  }
  await condition(allHandlersFinished);
  state = 'completed';
  completedAt = new Date().toISOString();
  return view();
}
