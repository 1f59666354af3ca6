/**
 * The means declaration (iztikas līdzekļu deklarācija) built from registry-check summaries: pure, deterministic,
 * imported by the meansTestCycle workflow. Every figure names the evidence snapshot (case-file document id) it
 * comes from. Income per member per month is aggregated by `aggregateMemberIncome` with its documented
 * de-duplication rule (a bank inflow within 1 EUR of a VID salary or VSAA payment of the same member and month is
 * the same money and is not counted again); savings are the balances of the answered bank statements; property
 * beyond the dwelling comes from VZD.
 */
import type { IsoDate, IsoMonth } from '../../domain/calendar.js';
import { ageInWholeYears } from '../../domain/calendar.js';
import type { MeansTestInput } from '../../domain/means-test/calculate.js';
import {
  aggregateMemberIncome,
  type IncomeRecord,
  type MemberMonthIncome,
} from '../../domain/means-test/income-aggregation.js';
import type { DisabilityGroup } from '../../domain/means-test/period.js';
import type { PersonRef } from '../../activities/registries/types.js';
import type { RegistryCheckSummary } from '../registry-check/contract.js';

export interface DeclarationMember {
  personId: string;
  firstName: string;
  lastName: string;
  birthDate: IsoDate;
  isApplicant: boolean;
  disabilityGroup: DisabilityGroup | null;
  months: MemberMonthIncome[];
  averageMonthlyEur: number;
  deduplicatedInflows: number;
  evidence: {
    vid: string | null;
    vsaa: string | null;
    disability: string | null;
    property: string | null;
    banks: string[];
  };
}

export interface DeclarationAccount {
  personId: string;
  bankCode: string;
  iban: string;
  balanceEur: number;
  balanceDate: string;
  snapshotDocumentId: string;
}

export interface MeansDeclaration {
  evaluationDate: IsoDate;
  months: IsoMonth[];
  householdSnapshotDocumentId: string | null;
  members: DeclarationMember[];
  savings: { totalEur: number; accounts: DeclarationAccount[] };
  property: { beyondDwelling: number; snapshotDocumentIds: string[] };
  /** Banks that did not answer by the registry check's deadline: the declaration was drafted without them. */
  banksNotAnswered: string[];
  /** Registries that could not be asked or did not answer ("registry: reason"). */
  unavailable: string[];
}

export type CorrectionField = 'monthlyIncomeEur' | 'savingsEur' | 'extraProperty' | 'nonConformity';

export interface Correction {
  field: CorrectionField;
  /** Only for monthlyIncomeEur. */
  memberId: string | null;
  value: number | boolean;
  previous: number | boolean;
  reason: string;
  by: string;
  at: string;
}

const round2 = (n: number): number => Math.round(n * 100) / 100;

export function householdMembers(
  applicantId: string,
  summary: RegistryCheckSummary | null,
): { members: (PersonRef & { isApplicant: boolean })[]; snapshot: string | null } {
  const subject = summary?.perSubject[applicantId];
  const household = subject?.data.household;
  const population = subject?.data.population;
  const members: (PersonRef & { isApplicant: boolean })[] = (household?.members ?? [])
    .filter((m) => m.deathDate === null)
    .map((m) => ({
      personId: m.personId,
      firstName: m.firstName,
      lastName: m.lastName,
      birthDate: m.birthDate,
      deathDate: m.deathDate,
      isApplicant: m.personId === applicantId,
    }));
  if (!members.some((m) => m.isApplicant)) {
    members.unshift({
      personId: applicantId,
      firstName: population?.firstName ?? '',
      lastName: population?.lastName ?? '',
      birthDate: population?.birthDate ?? '1900-01-01',
      deathDate: null,
      isApplicant: true,
    });
  }
  // The applicant is the "first person".
  members.sort((a, b) => Number(b.isApplicant) - Number(a.isApplicant));
  return { members, snapshot: subject?.checks.household?.snapshotDocumentId ?? null };
}

export function subjectRoleOf(
  member: { isApplicant: boolean; birthDate: IsoDate },
  date: IsoDate,
): 'applicant' | 'household-member' | 'child' {
  if (member.isApplicant) return 'applicant';
  return ageInWholeYears(member.birthDate, date) < 18 ? 'child' : 'household-member';
}

export function buildDeclaration(input: {
  evaluationDate: IsoDate;
  months: IsoMonth[];
  members: (PersonRef & { isApplicant: boolean })[];
  householdSnapshotDocumentId: string | null;
  check: RegistryCheckSummary;
}): MeansDeclaration {
  const { check, months } = input;
  const records: IncomeRecord[] = [];
  const accounts: DeclarationAccount[] = [];
  let beyondDwelling = 0;
  const propertySnapshots: string[] = [];
  const unavailable: string[] = [];
  for (const m of input.members) {
    const s = check.perSubject[m.personId];
    if (!s) continue;
    for (const t of s.data.employmentIncome?.totalsByMonth ?? []) {
      records.push({ memberId: m.personId, month: t.month, source: 'vid-salary', amountEur: t.amountEur });
    }
    for (const t of s.data.socialInsurance?.totalsByMonth ?? []) {
      records.push({ memberId: m.personId, month: t.month, source: 'vsaa-payment', amountEur: t.amountEur });
    }
    for (const st of s.data.bankStatements) {
      if (st.status !== 'completed') continue;
      for (const a of st.accounts) {
        accounts.push({
          personId: m.personId,
          bankCode: st.bankCode,
          iban: a.iban,
          balanceEur: a.balanceEur,
          balanceDate: a.balanceDate,
          snapshotDocumentId: st.snapshotDocumentId,
        });
        for (const month of a.months) {
          const items = month.inflows.length > 0 ? month.inflows.map((i) => i.amountEur) : [month.inflowsEur];
          for (const amountEur of items) {
            if (amountEur > 0) {
              records.push({
                memberId: m.personId,
                month: month.month,
                source: 'bank-inflow',
                amountEur,
                reference: st.snapshotDocumentId,
              });
            }
          }
        }
      }
    }
    const rp = s.data.realProperty;
    if (rp) {
      beyondDwelling += rp.propertiesBeyondDwelling;
      propertySnapshots.push(rp.snapshotDocumentId);
    }
    for (const [name, outcome] of Object.entries(s.checks)) {
      if (outcome?.status === 'unavailable') {
        unavailable.push(
          `${outcome.registry} (${name}): ${outcome.error ?? outcome.reason ?? 'unavailable'}`,
        );
      }
    }
  }
  const income = aggregateMemberIncome(
    records,
    months,
    undefined,
    input.members.map((m) => m.personId),
  );
  const members = input.members.map((m): DeclarationMember => {
    const s = check.perSubject[m.personId];
    const agg = income.find((i) => i.memberId === m.personId);
    return {
      personId: m.personId,
      firstName: m.firstName,
      lastName: m.lastName,
      birthDate: m.birthDate,
      isApplicant: m.isApplicant,
      disabilityGroup: s?.data.disability?.disability?.group ?? null,
      months: agg ? [...agg.months] : [],
      averageMonthlyEur: agg?.averageMonthlyEur ?? 0,
      deduplicatedInflows: agg?.deduplicated.length ?? 0,
      evidence: {
        vid: s?.checks.employmentIncome?.snapshotDocumentId ?? null,
        vsaa: s?.checks.socialInsurance?.snapshotDocumentId ?? null,
        disability: s?.checks.disability?.snapshotDocumentId ?? null,
        property: s?.checks.realProperty?.snapshotDocumentId ?? null,
        banks: (s?.data.bankStatements ?? []).map((b) => b.snapshotDocumentId),
      },
    };
  });
  return {
    evaluationDate: input.evaluationDate,
    months,
    householdSnapshotDocumentId: input.householdSnapshotDocumentId,
    members,
    savings: { totalEur: round2(accounts.reduce((sum, a) => sum + a.balanceEur, 0)), accounts },
    property: { beyondDwelling, snapshotDocumentIds: propertySnapshots },
    banksNotAnswered: [...check.banksNotAnswered],
    unavailable,
  };
}

/** The calculation input of a declaration with the worker's corrections applied (latest correction wins). */
export function calculationInput(
  declaration: MeansDeclaration,
  corrections: readonly Correction[],
  municipalityCode: string,
): MeansTestInput {
  const latest = (field: CorrectionField, memberId: string | null = null): Correction | undefined =>
    [...corrections].reverse().find((c) => c.field === field && c.memberId === memberId);
  return {
    date: declaration.evaluationDate,
    municipalityCode,
    members: declaration.members.map((m) => ({
      birthDate: m.birthDate,
      disabilityGroup: m.disabilityGroup,
      monthlyIncomeEur: Number(latest('monthlyIncomeEur', m.personId)?.value ?? m.averageMonthlyEur),
    })),
    savingsEur: Number(latest('savingsEur')?.value ?? declaration.savings.totalEur),
    extraProperty: Boolean(latest('extraProperty')?.value ?? declaration.property.beyondDwelling > 0),
    nonConformity: Boolean(latest('nonConformity')?.value ?? false),
  };
}

/** The current value of a correctable figure (before a new correction). */
export function currentValue(
  declaration: MeansDeclaration,
  corrections: readonly Correction[],
  field: CorrectionField,
  memberId: string | null,
  municipalityCode: string,
): number | boolean {
  const input = calculationInput(declaration, corrections, municipalityCode);
  switch (field) {
    case 'monthlyIncomeEur': {
      const i = declaration.members.findIndex((m) => m.personId === memberId);
      return input.members[i]?.monthlyIncomeEur ?? 0;
    }
    case 'savingsEur':
      return input.savingsEur ?? 0;
    case 'extraProperty':
      return input.extraProperty ?? false;
    case 'nonConformity':
      return input.nonConformity ?? false;
  }
}
