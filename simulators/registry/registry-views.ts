/**
 * Pure functions turning dossiers into each registry's answer. Recurring monthly entries are expanded for the
 * requested period and never beyond the current month.
 */
import type { Dossier } from './dossier.js';
import { SIMULATED_BANKS } from './banks-catalogue.js';
import { monthOf, monthRange } from './months.js';

export interface Recurring {
  fromMonth: string;
  toMonth: string | null;
  amountEur: number;
}

const round2 = (n: number): number => Math.round(n * 100) / 100;

/** Months of a recurring entry inside [from, to] and not after the current month. */
export function expandRecurring(entry: Recurring, from: string, to: string, currentMonth: string): string[] {
  const start = entry.fromMonth > from ? entry.fromMonth : from;
  let end = entry.toMonth !== null && entry.toMonth < to ? entry.toMonth : to;
  if (end > currentMonth) end = currentMonth;
  return monthRange(start, end);
}

function brief(d: Dossier) {
  const p = d.person;
  return {
    personalCode: p.personalCode,
    firstName: p.firstName,
    lastName: p.lastName,
    birthDate: p.birthDate,
    deathDate: p.deathDate,
  };
}

export function personView(d: Dossier, all: Dossier[]) {
  return {
    person: { ...brief(d), status: d.person.deathDate === null ? 'active' : 'deceased' },
    declaredAddress: d.declaredAddress,
    relations: d.relations.map((r) => {
      const other = all.find((o) => o.person.personalCode === r.personalCode);
      const unknown = { firstName: null, lastName: null, birthDate: null, deathDate: null };
      return other
        ? { type: r.type, ...brief(other) }
        : { type: r.type, personalCode: r.personalCode, ...unknown };
    }),
  };
}

/** Persons declared at the same address: living members of the household, and the subject itself. */
export function householdView(d: Dossier, all: Dossier[]) {
  const members = all.filter(
    (o) => o.householdId === d.householdId && (o === d || o.person.deathDate === null),
  );
  return { householdId: d.householdId, declaredAddress: d.declaredAddress, members: members.map(brief) };
}

export function disabilityView(d: Dossier) {
  return { disability: d.disability };
}

export function paymentsView(d: Dossier, from: string, to: string, currentMonth: string) {
  const payments = d.socialInsurance.flatMap((e) =>
    expandRecurring(e, from, to, currentMonth).map((month) => ({
      month,
      type: e.type,
      amountEur: e.amountEur,
    })),
  );
  payments.sort((a, b) => a.month.localeCompare(b.month) || a.type.localeCompare(b.type));
  return { period: { fromMonth: from, toMonth: to }, payments };
}

export function incomeView(d: Dossier, from: string, to: string, currentMonth: string) {
  const income = d.employmentIncome.flatMap((e) =>
    expandRecurring(e, from, to, currentMonth).map((month) => ({
      month,
      employer: e.employer,
      employerRegNo: e.employerRegNo,
      incomeType: 'salary' as const,
      amountEur: e.amountEur,
    })),
  );
  income.sort((a, b) => a.month.localeCompare(b.month) || a.employer.localeCompare(b.employer));
  return { period: { fromMonth: from, toMonth: to }, income };
}

export function unemploymentView(d: Dossier) {
  return { status: d.unemployment.status, since: d.unemployment.since };
}

export function propertyView(d: Dossier) {
  return { properties: d.properties };
}

export function accountsView(d: Dossier) {
  return {
    accounts: d.accounts.map((a) => ({
      bankCode: a.bankCode,
      bankName: SIMULATED_BANKS[a.bankCode].name,
      iban: a.iban,
    })),
  };
}

/** One account's statement: balance today and per-month turnover between fromDate and toDate (inclusive). */
export function accountStatement(
  account: Dossier['accounts'][number],
  fromDate: string,
  toDate: string,
  today: string,
) {
  const end = toDate < today ? toDate : today;
  const movements = [
    ...account.recurring.flatMap((r) =>
      expandRecurring(r, monthOf(fromDate), monthOf(end), monthOf(today)).map((month) => ({
        date: `${month}-${String(r.dayOfMonth).padStart(2, '0')}`,
        direction: r.direction,
        amountEur: r.amountEur,
        description: r.description,
      })),
    ),
    ...account.transactions,
  ].filter((m) => m.date >= fromDate && m.date <= end);
  movements.sort((a, b) => a.date.localeCompare(b.date));
  const months = monthRange(monthOf(fromDate), monthOf(end)).map((month) => {
    const inMonth = movements.filter((m) => m.date.startsWith(month));
    const inflows = inMonth.filter((m) => m.direction === 'in');
    return {
      month,
      inflowsEur: round2(inflows.reduce((s, m) => s + m.amountEur, 0)),
      outflowsEur: round2(inMonth.filter((m) => m.direction === 'out').reduce((s, m) => s + m.amountEur, 0)),
      inflows: inflows.map((m) => ({ date: m.date, amountEur: m.amountEur, description: m.description })),
    };
  });
  return {
    iban: account.iban,
    currency: 'EUR' as const,
    balanceEur: account.balanceEur,
    balanceDate: today,
    months,
  };
}

export function decisionsView(d: Dossier) {
  return { decisions: d.orphanCourtDecisions };
}

/** NPAIS sync feed: decisions dated on or after `since`, with the child's personal code. */
export function decisionsFeed(all: Dossier[], since: string) {
  const decisions = all.flatMap((d) =>
    d.orphanCourtDecisions
      .filter((x) => x.date >= since)
      .map((x) => ({ childPersonalCode: d.person.personalCode, ...x })),
  );
  decisions.sort((a, b) => a.date.localeCompare(b.date) || a.decisionId.localeCompare(b.decisionId));
  return { since, decisions };
}

/** BARIS case summaries: the child is shown only by initials and birth year (BAC oversight needs no identity). */
export function caseSummaries(all: Dossier[], filter: { orphanCourtAtvk?: string; dossier?: Dossier }) {
  const source = filter.dossier ? [filter.dossier] : all;
  const cases = source.flatMap((d) =>
    d.orphanCourtCases
      .filter((c) => filter.orphanCourtAtvk === undefined || c.orphanCourtAtvk === filter.orphanCourtAtvk)
      .map((c) => ({
        ...c,
        child: {
          initials: `${d.person.firstName[0] ?? ''}.${d.person.lastName[0] ?? ''}.`,
          birthYear: Number(d.person.birthDate.slice(0, 4)),
        },
      })),
  );
  cases.sort((a, b) => a.openedOn.localeCompare(b.openedOn) || a.caseNumber.localeCompare(b.caseNumber));
  return { cases };
}
