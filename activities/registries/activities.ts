/**
 * Registry activities, one per check. Each resolves the subject's personal code through the PersonDirectory (codes
 * never enter workflow history), calls one adapter, records the request in the request log (failures too), stores
 * every successful answer as an immutable evidence snapshot and returns a compact summary without personal codes.
 */
import { randomUUID } from 'node:crypto';
import { REGISTRY_INFO } from './registry-info.js';
import { registryFailureDetails, type DagrAnswer, type DagrClientOptions } from './http.js';
import { queryHousehold, queryPopulationRecord } from './pmlp.js';
import { queryDisability } from './vdeavk.js';
import { queryPayments } from './vsaa.js';
import { queryEmploymentIncome } from './vid.js';
import { queryUnemploymentStatus } from './nva.js';
import { queryRealProperty } from './vzd.js';
import { queryAccounts } from './account-register.js';
import { requestStatement } from './banks.js';
import { queryOrphanCourtCases, queryOrphanCourtDecisions } from './npais.js';
import type { RegistryPorts, RegistryRequestLogEntry } from './ports.js';
import type {
  AccountList,
  BankRequestAccepted,
  BankStatementRequestInput,
  BankStatementSummary,
  CheckResult,
  DisabilityRecord,
  EmploymentIncome,
  HouseholdComposition,
  MonthlyTotal,
  MonthPeriod,
  NotifyBankTimeoutInput,
  OrphanCourtCases,
  OrphanCourtCasesInput,
  OrphanCourtDecisions,
  PopulationRecord,
  RealProperty,
  RegistryCallInput,
  RegistryCode,
  SocialInsurancePayments,
  StoreBankStatementInput,
  UnemploymentStatus,
} from './types.js';

export interface RegistryActivityOptions {
  /** DAGR (or simulator) base URL. */
  baseUrl: string;
  /**
   * Where banks POST statements: the integrations base URL (the bank route appends /banks/{bankCode}/callbacks),
   * or a template containing {bankCode}.
   */
  callbackUrl: string;
  /** Client timeout of one registry request (default 10 s; keep below the activity's startToCloseTimeout). */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

type CallContext = Omit<RegistryCallInput, 'personId'>;

const round2 = (n: number): number => Math.round(n * 100) / 100;

/** The 12 full calendar months before `today`. */
export function lastFullMonths(count: number, today: Date = new Date()): MonthPeriod {
  const index = today.getUTCFullYear() * 12 + today.getUTCMonth();
  const fmt = (i: number) => `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
  return { fromMonth: fmt(index - count), toMonth: fmt(index - 1) };
}

function totalsByMonth(rows: { month: string; amountEur: number }[]): MonthlyTotal[] {
  const totals = new Map<string, number>();
  for (const r of rows) totals.set(r.month, (totals.get(r.month) ?? 0) + r.amountEur);
  return [...totals]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([month, amountEur]) => ({ month, amountEur: round2(amountEur) }));
}

export function bankCallbackUrl(template: string, bankCode: string): string {
  if (template.includes('{bankCode}')) return template.replace('{bankCode}', encodeURIComponent(bankCode));
  return `${template.replace(/\/+$/, '')}/banks/${encodeURIComponent(bankCode)}/callbacks`;
}

export function createRegistryActivities(ports: RegistryPorts, options: RegistryActivityOptions) {
  const client: DagrClientOptions = {
    baseUrl: options.baseUrl,
    timeoutMs: options.timeoutMs,
    fetch: options.fetch,
  };

  function logEntry(
    registry: RegistryCode,
    context: CallContext,
    subjectPersonId: string,
    requestId: string,
    requestedAt: string,
  ): Omit<RegistryRequestLogEntry, 'outcome' | 'httpStatus' | 'durationMs' | 'errorMessage'> {
    return {
      requestId,
      caseId: context.caseId,
      registry,
      subjectPersonId,
      purpose: context.purpose || REGISTRY_INFO[registry].purpose,
      legalBasis: REGISTRY_INFO[registry].legalBasis,
      requestedBy: context.requestedBy,
      requestedAt,
    };
  }

  /** One logged, evidenced registry exchange. */
  async function exchange<T, S extends object>(
    registry: RegistryCode,
    context: CallContext,
    subjectPersonId: string,
    call: (requestId: string) => Promise<DagrAnswer<T>>,
    summarize: (data: T) => S | Promise<S>,
  ): Promise<CheckResult<S>> {
    const requestId = randomUUID();
    const requestedAt = new Date().toISOString();
    const started = performance.now();
    const entry = logEntry(registry, context, subjectPersonId, requestId, requestedAt);
    let answer: DagrAnswer<T>;
    try {
      answer = await call(requestId);
    } catch (err) {
      const details = registryFailureDetails(err);
      await ports.requestLog.record({
        ...entry,
        outcome: details?.kind === 'timeout' ? 'timeout' : 'error',
        httpStatus: details?.httpStatus ?? null,
        durationMs: Math.round(performance.now() - started),
        errorMessage: err instanceof Error ? err.message : String(err),
      });
      throw err;
    }
    const outcome = { httpStatus: answer.httpStatus, durationMs: answer.durationMs, errorMessage: null };
    if (answer.kind === 'not-found') {
      await ports.requestLog.record({ ...entry, ...outcome, outcome: 'not-found' });
      return { status: 'not-found', requestId, receivedAt: answer.receivedAt, snapshotDocumentId: null };
    }
    await ports.requestLog.record({ ...entry, ...outcome, outcome: 'ok' });
    const summary = await summarize(answer.data);
    const { snapshotDocumentId } = await ports.evidence.storeSnapshot({
      caseId: context.caseId,
      registry,
      subjectPersonId,
      requestId,
      receivedAt: answer.receivedAt,
      payload: answer.raw,
    });
    return { ...summary, status: 'ok', requestId, receivedAt: answer.receivedAt, snapshotDocumentId };
  }

  const codeOf = (personId: string) => ports.persons.personalCodeOf(personId);

  return {
    async fetchPopulationRecord(input: RegistryCallInput): Promise<CheckResult<PopulationRecord>> {
      const code = await codeOf(input.personId);
      return exchange(
        'pmlp',
        input,
        input.personId,
        (id) => queryPopulationRecord(client, code, id),
        async (data) => ({
          firstName: data.person.firstName,
          lastName: data.person.lastName,
          birthDate: data.person.birthDate,
          deathDate: data.person.deathDate,
          declaredAddress: data.declaredAddress && {
            text: data.declaredAddress.text,
            atvk: data.declaredAddress.atvk,
          },
          relations: await Promise.all(
            data.relations.flatMap((r) =>
              r.firstName !== null && r.lastName !== null && r.birthDate !== null
                ? [
                    ports.persons
                      .personIdOf({
                        personalCode: r.personalCode,
                        firstName: r.firstName,
                        lastName: r.lastName,
                        birthDate: r.birthDate,
                      })
                      .then((personId) => ({
                        type: r.type,
                        personId,
                        firstName: r.firstName as string,
                        lastName: r.lastName as string,
                        birthDate: r.birthDate as string,
                        deathDate: r.deathDate,
                      })),
                  ]
                : [],
            ),
          ),
        }),
      );
    },

    /** Persons declared at the subject's address (PMLP), each with a person id. */
    async fetchHousehold(input: RegistryCallInput): Promise<CheckResult<HouseholdComposition>> {
      const code = await codeOf(input.personId);
      const result = await exchange(
        'pmlp',
        input,
        input.personId,
        (id) => queryHousehold(client, code, id),
        async (data) => ({
          householdId: data.householdId,
          declaredAddress: data.declaredAddress && {
            text: data.declaredAddress.text,
            atvk: data.declaredAddress.atvk,
          },
          members: await Promise.all(
            data.members.map(async (m) => ({
              personId: m.personalCode === code ? input.personId : await ports.persons.personIdOf(m),
              firstName: m.firstName,
              lastName: m.lastName,
              birthDate: m.birthDate,
              deathDate: m.deathDate,
              isSubject: m.personalCode === code,
            })),
          ),
        }),
      );
      if (result.status === 'ok') {
        await ports.household.recordRegisteredHousehold({
          caseId: input.caseId,
          subjectPersonId: input.personId,
          requestId: result.requestId,
          memberPersonIds: result.members.map((m) => m.personId),
        });
      }
      return result;
    },

    async fetchDisability(input: RegistryCallInput): Promise<CheckResult<DisabilityRecord>> {
      const code = await codeOf(input.personId);
      return exchange(
        'vdeavk',
        input,
        input.personId,
        (id) => queryDisability(client, code, id),
        (data) => ({ disability: data.disability }),
      );
    },

    /** VSAA pensions and benefits per month (default: the 12 full months before today). */
    async fetchSocialInsurancePayments(
      input: RegistryCallInput & { period?: MonthPeriod },
    ): Promise<CheckResult<SocialInsurancePayments>> {
      const code = await codeOf(input.personId);
      const period = input.period ?? lastFullMonths(12);
      return exchange(
        'vsaa',
        input,
        input.personId,
        (id) => queryPayments(client, code, period, id),
        (data) => ({
          period: data.period,
          payments: data.payments,
          totalsByMonth: totalsByMonth(data.payments),
        }),
      );
    },

    /** VID employment income per month (default: the 12 full months before today). */
    async fetchEmploymentIncome(
      input: RegistryCallInput & { period?: MonthPeriod },
    ): Promise<CheckResult<EmploymentIncome>> {
      const code = await codeOf(input.personId);
      const period = input.period ?? lastFullMonths(12);
      return exchange(
        'vid',
        input,
        input.personId,
        (id) => queryEmploymentIncome(client, code, period, id),
        (data) => ({
          period: data.period,
          income: data.income.map((i) => ({
            month: i.month,
            employer: i.employer,
            employerRegNo: i.employerRegNo,
            amountEur: i.amountEur,
          })),
          totalsByMonth: totalsByMonth(data.income),
        }),
      );
    },

    async fetchUnemploymentStatus(input: RegistryCallInput): Promise<CheckResult<UnemploymentStatus>> {
      const code = await codeOf(input.personId);
      return exchange(
        'nva',
        input,
        input.personId,
        (id) => queryUnemploymentStatus(client, code, id),
        (data) => ({ status: data.status, since: data.since }),
      );
    },

    async fetchRealProperty(input: RegistryCallInput): Promise<CheckResult<RealProperty>> {
      const code = await codeOf(input.personId);
      return exchange(
        'vzd',
        input,
        input.personId,
        (id) => queryRealProperty(client, code, id),
        (data) => ({
          properties: data.properties,
          propertiesBeyondDwelling: data.properties.filter((p) => !p.isDeclaredDwelling).length,
        }),
      );
    },

    async fetchAccountList(input: RegistryCallInput): Promise<CheckResult<AccountList>> {
      const code = await codeOf(input.personId);
      return exchange(
        'account-register',
        input,
        input.personId,
        (id) => queryAccounts(client, code, id),
        (data) => ({ accounts: data.accounts }),
      );
    },

    /**
     * Asks one bank for the balances and monthly turnover of the given accounts. The bank answers later by POSTing
     * to the callback URL with the workflow id as callback reference; this returns the accepted request.
     */
    async requestBankStatements(input: BankStatementRequestInput): Promise<BankRequestAccepted> {
      const requestedAt = new Date().toISOString();
      const started = performance.now();
      const entry = logEntry('banks', input, input.personId, input.requestId, requestedAt);
      try {
        const answer = await requestStatement(client, input.bankCode, {
          requestId: input.requestId,
          ibans: input.ibans,
          fromDate: input.fromDate,
          toDate: input.toDate,
          callbackUrl: bankCallbackUrl(options.callbackUrl, input.bankCode),
          callbackReference: input.workflowId,
        });
        if (answer.kind !== 'ok') throw new Error('unreachable: bank statements have no not-found result');
        await ports.requestLog.record({
          ...entry,
          outcome: 'accepted',
          httpStatus: answer.httpStatus,
          durationMs: answer.durationMs,
          errorMessage: null,
        });
        return {
          bankCode: input.bankCode,
          requestId: input.requestId,
          status: 'accepted',
          acceptedAt: answer.receivedAt,
          expectedBy: answer.data.expectedBy,
        };
      } catch (err) {
        const details = registryFailureDetails(err);
        await ports.requestLog.record({
          ...entry,
          outcome: details?.kind === 'timeout' ? 'timeout' : 'error',
          httpStatus: details?.httpStatus ?? null,
          durationMs: Math.round(performance.now() - started),
          errorMessage: err instanceof Error ? err.message : String(err),
        });
        throw err;
      }
    },

    /** Stores a bank's callback as evidence and returns its summary. */
    async storeBankStatement(input: StoreBankStatementInput): Promise<BankStatementSummary> {
      const receivedAt = new Date().toISOString();
      const statement = input.statement;
      const rejected =
        statement.status === 'rejected' ? `${statement.error.code}: ${statement.error.message}` : null;
      await ports.requestLog.record({
        ...logEntry('banks', input, input.personId, statement.requestId, input.acceptedAt ?? receivedAt),
        outcome: rejected === null ? 'ok' : 'error',
        httpStatus: null,
        durationMs: input.acceptedAt ? Math.max(0, Date.parse(receivedAt) - Date.parse(input.acceptedAt)) : 0,
        errorMessage: rejected,
      });
      const { snapshotDocumentId } = await ports.evidence.storeSnapshot({
        caseId: input.caseId,
        registry: 'banks',
        subjectPersonId: input.personId,
        requestId: statement.requestId,
        receivedAt,
        payload: statement,
      });
      return {
        requestId: statement.requestId,
        bankCode: statement.bankCode,
        status: statement.status,
        receivedAt,
        snapshotDocumentId,
        error: rejected,
        accounts:
          statement.status === 'completed'
            ? statement.accounts.map((a) => ({
                iban: a.iban,
                balanceEur: a.balanceEur,
                balanceDate: a.balanceDate,
                months: a.months,
              }))
            : [],
      };
    },

    async fetchOrphanCourtDecisions(input: RegistryCallInput): Promise<CheckResult<OrphanCourtDecisions>> {
      const code = await codeOf(input.personId);
      return exchange(
        'npais',
        input,
        input.personId,
        (id) => queryOrphanCourtDecisions(client, code, id),
        (data) => ({ decisions: data.decisions }),
      );
    },

    /** BARIS case summaries about a child, or of one orphan court (BAC oversight). */
    async fetchOrphanCourtCases(input: OrphanCourtCasesInput): Promise<CheckResult<OrphanCourtCases>> {
      if (input.personId !== undefined) {
        const code = await codeOf(input.personId);
        return exchange(
          'baris',
          input,
          input.personId,
          (id) => queryOrphanCourtCases(client, { personalCode: code }, id),
          (data) => ({ cases: data.cases }),
        );
      }
      const atvk = input.orphanCourtAtvk;
      return exchange(
        'baris',
        input,
        `orphan-court:${atvk}`,
        (id) => queryOrphanCourtCases(client, { orphanCourtAtvk: atvk }, id),
        (data) => ({ cases: data.cases }),
      );
    },

    /** Tells the worker which banks did not answer by the deadline; logs each unanswered request as a timeout. */
    async notifyBankTimeout(input: NotifyBankTimeoutInput): Promise<{ banks: string[] }> {
      const banks = [...new Set(input.requests.map((r) => r.bankCode))].sort();
      const now = new Date().toISOString();
      for (const r of input.requests) {
        await ports.requestLog.record({
          ...logEntry('banks', input, r.personId, r.requestId, r.acceptedAt ?? now),
          outcome: 'timeout',
          httpStatus: null,
          durationMs: r.acceptedAt ? Math.max(0, Date.parse(now) - Date.parse(r.acceptedAt)) : 0,
          errorMessage: `bank ${r.bankCode} did not answer by the deadline`,
        });
      }
      await ports.notifier.bankDidNotAnswer({ caseId: input.caseId, workflowId: input.workflowId, banks });
      return { banks };
    },
  };
}

/** What workflows proxy: `proxyActivities<RegistryActivities>` (import it as a type). */
export type RegistryActivities = ReturnType<typeof createRegistryActivities>;
