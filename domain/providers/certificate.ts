/**
 * Certificates of registered providers (BRIEF §4.12): valid from the decision date to the decision date + 5 years
 * (day clamped) minus one day, inclusive; a renewal decided before the end is a new certificate from its own decision
 * date; without one the provider leaves the active register the day after the end date. A withdrawal ends the
 * registration on its date (the provider is not active from that day).
 */
import type { IsoDate } from '../calendar.js';
import { addDays, addMonthsClamped, addYearsClamped, compareIsoDates } from '../calendar.js';
import { providerRulesOn, type EffectiveProviderRules, PROVIDER_RULES } from './rules.js';

export interface Certificate {
  certificateNo: string;
  validFrom: IsoDate;
  validTo: IsoDate;
}

/** The last day a certificate decided on `decidedOn` is valid. */
export function certificateValidTo(
  decidedOn: IsoDate,
  table: readonly EffectiveProviderRules[] = PROVIDER_RULES,
): IsoDate {
  return addDays(addYearsClamped(decidedOn, providerRulesOn(decidedOn, table).certificateYears), -1);
}

export interface RegistrationFacts {
  certificates: readonly Certificate[];
  /** The date from which the registration is withdrawn (not active on it), or null. */
  withdrawnOn: IsoDate | null;
}

/** The certificate in force on `date`: the latest decided one covering it. */
export function certificateOn(facts: RegistrationFacts, date: IsoDate): Certificate | undefined {
  if (facts.withdrawnOn !== null && compareIsoDates(date, facts.withdrawnOn) >= 0) return undefined;
  return [...facts.certificates]
    .filter((c) => compareIsoDates(c.validFrom, date) <= 0 && compareIsoDates(date, c.validTo) <= 0)
    .sort((a, b) => compareIsoDates(b.validFrom, a.validFrom))[0];
}

export function isActiveOn(facts: RegistrationFacts, date: IsoDate): boolean {
  return certificateOn(facts, date) !== undefined;
}

/** The end of the registration as far as it is known today: the latest validTo among the certificates. */
export function registeredUntil(facts: RegistrationFacts): IsoDate | null {
  const ends = facts.certificates.map((c) => c.validTo).sort(compareIsoDates);
  return ends.at(-1) ?? null;
}

export interface RenewalPlan {
  reminders: { monthsBefore: number; on: IsoDate }[];
  /** The first day the provider is not active without a renewal. */
  lapseOn: IsoDate;
}

/** When to remind the provider to re-register (6 and 1 months before `validTo`) and when it lapses. */
export function renewalPlan(
  validTo: IsoDate,
  table: readonly EffectiveProviderRules[] = PROVIDER_RULES,
): RenewalPlan {
  const rules = providerRulesOn(validTo, table);
  const reminders = [...rules.reminderMonthsBefore]
    .sort((a, b) => b - a)
    .map((m) => ({ monthsBefore: m, on: addMonthsClamped(validTo, -m) }));
  return { reminders, lapseOn: addDays(validTo, 1) };
}
