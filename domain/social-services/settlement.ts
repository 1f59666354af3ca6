/**
 * Monthly settlement of a social service and its decision deadline (BRIEF §4.2; issue 6).
 *
 * Settlement: cost = units × tariff, exact to the cent. When a co-payment rule applies to the service (long-term
 * social care in an institution, SPSP art. 29(2)), the client pays at most `clientMaxShareBasisPoints` (85 %) of
 * their pension and benefits for that month — rounded down to the cent, so the client keeps at least 15 % — and
 * the funder (municipality or state) pays the remainder. Without a rule the funder pays the whole cost (client
 * fees set by municipal regulations are out of scope here).
 *
 * Decision deadline (Administrative Procedure Law): request + 1 month; it may be extended once, to at most
 * request + 4 months; the supervisor is alerted 5 days before the deadline in force.
 */
import type { IsoDate, IsoMonth } from '../calendar.js';
import { addDays, addMonthsClamped, firstDayOfIsoMonth, isAfter, isValidIsoDate } from '../calendar.js';
import type { EffectiveDated } from '../effective-dated.js';
import { requireEffective } from '../effective-dated.js';
import type { Cents } from '../money.js';
import { centsToEur, eurToCents, multiplyToCents, shareFloorCents } from '../money.js';
import type { ValidationIssue } from '../validation.js';

export type ServiceFunding = 'municipal' | 'state';
export type CoPaymentCategory = 'long-term-institutional-care';

export interface CoPaymentRule extends EffectiveDated {
  readonly category: CoPaymentCategory;
  /** The most the client pays, as a share of their pension and benefits for the month (8500 = 85 %). */
  readonly clientMaxShareBasisPoints: number;
  readonly legalBasis: string;
}

export const CO_PAYMENT_RULES: readonly CoPaymentRule[] = [
  {
    effectiveFrom: '2025-01-01',
    category: 'long-term-institutional-care',
    clientMaxShareBasisPoints: 8500,
    legalBasis: 'SPSP art. 29(2)',
  },
];

/**
 * The rule of `category` in force on `date`; undefined when `category` is null. A category whose rules start later
 * than `date` is a DomainValidationError (never silently "no co-payment").
 */
export function coPaymentRuleFor(
  category: CoPaymentCategory | null,
  date: IsoDate,
  rules: readonly CoPaymentRule[] = CO_PAYMENT_RULES,
): CoPaymentRule | undefined {
  if (category === null) return undefined;
  return requireEffective(
    rules.filter((r) => r.category === category),
    date,
    `co-payment rules for ${category}`,
    'month',
  );
}

/** units × tariff in cents (units may be fractional, e.g. 1.5 hours). */
export function settlementCostCents(units: number, tariffEur: number): Cents {
  if (!Number.isFinite(units) || units < 0) throw new RangeError(`units must be non-negative: ${units}`);
  if (!Number.isFinite(tariffEur) || tariffEur < 0)
    throw new RangeError(`tariff must be non-negative: ${tariffEur}`);
  return multiplyToCents(units, tariffEur);
}

export interface MonthlySettlementInput {
  readonly month: IsoMonth;
  readonly units: number;
  readonly tariffEur: number;
  readonly funding: ServiceFunding;
  /** Null for services without a co-payment rule. */
  readonly coPaymentCategory: CoPaymentCategory | null;
  /** The client's pension and benefits for the month (needed when a co-payment rule applies). */
  readonly clientPensionAndBenefitsEur?: number;
}

export interface MonthlySettlement {
  readonly month: IsoMonth;
  readonly units: number;
  readonly tariffEur: number;
  readonly costEur: number;
  readonly clientPaysEur: number;
  /** The most the client could pay under the rule; null without a rule. */
  readonly clientCapEur: number | null;
  readonly funderPaysEur: number;
  readonly funder: ServiceFunding;
  readonly rule: {
    readonly effectiveFrom: IsoDate;
    readonly legalBasis: string;
    readonly clientMaxSharePercent: number;
  } | null;
}

export function settleMonth(
  input: MonthlySettlementInput,
  rules: readonly CoPaymentRule[] = CO_PAYMENT_RULES,
): MonthlySettlement {
  const cost = settlementCostCents(input.units, input.tariffEur);
  const rule = coPaymentRuleFor(input.coPaymentCategory, firstDayOfIsoMonth(input.month), rules);
  let clientPays: Cents = 0;
  let cap: Cents | null = null;
  if (rule !== undefined) {
    const income = input.clientPensionAndBenefitsEur;
    if (income === undefined || !Number.isFinite(income) || income < 0) {
      throw new RangeError('clientPensionAndBenefitsEur is required (non-negative) for a co-payment rule');
    }
    cap = shareFloorCents(eurToCents(income), rule.clientMaxShareBasisPoints);
    clientPays = Math.min(cost, cap);
  }
  return {
    month: input.month,
    units: input.units,
    tariffEur: input.tariffEur,
    costEur: centsToEur(cost),
    clientPaysEur: centsToEur(clientPays),
    clientCapEur: cap === null ? null : centsToEur(cap),
    funderPaysEur: centsToEur(cost - clientPays),
    funder: input.funding,
    rule:
      rule === undefined
        ? null
        : {
            effectiveFrom: rule.effectiveFrom,
            legalBasis: rule.legalBasis,
            clientMaxSharePercent: rule.clientMaxShareBasisPoints / 100,
          },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Decision deadline

export interface ServiceDecisionSettings extends EffectiveDated {
  readonly decisionMonths: number;
  /** The latest an extended deadline may be, in months from the request. */
  readonly maxExtendedMonths: number;
  readonly maxExtensions: number;
  readonly supervisorAlertDaysBefore: number;
}

/** From the entry into force of the Administrative Procedure Law (2004-02-01). */
export const SERVICE_DECISION_SETTINGS: readonly ServiceDecisionSettings[] = [
  {
    effectiveFrom: '2004-02-01',
    decisionMonths: 1,
    maxExtendedMonths: 4,
    maxExtensions: 1,
    supervisorAlertDaysBefore: 5,
  },
];

export function serviceDecisionSettingsOn(
  date: IsoDate,
  table: readonly ServiceDecisionSettings[] = SERVICE_DECISION_SETTINGS,
): ServiceDecisionSettings {
  return requireEffective(table, date, 'service decision settings');
}

export interface DecisionDeadline {
  readonly deadline: IsoDate;
  readonly supervisorAlertDate: IsoDate;
  /** The latest date an extension may move the deadline to. */
  readonly latestExtendedDeadline: IsoDate;
}

export function decisionDeadline(
  requestedAt: IsoDate,
  settings: ServiceDecisionSettings = serviceDecisionSettingsOn(requestedAt),
): DecisionDeadline {
  const deadline = addMonthsClamped(requestedAt, settings.decisionMonths);
  return {
    deadline,
    supervisorAlertDate: addDays(deadline, -settings.supervisorAlertDaysBefore),
    latestExtendedDeadline: addMonthsClamped(requestedAt, settings.maxExtendedMonths),
  };
}

export interface DeadlineExtensionRequest {
  readonly requestedAt: IsoDate;
  readonly currentDeadline: IsoDate;
  readonly newDeadline: IsoDate;
  readonly extensionsUsed: number;
}

/** Issues on the extension (path `newDeadline` or `extension`); empty when it is allowed. */
export function validateDeadlineExtension(
  request: DeadlineExtensionRequest,
  settings: ServiceDecisionSettings = serviceDecisionSettingsOn(request.requestedAt),
): ValidationIssue[] {
  if (request.extensionsUsed >= settings.maxExtensions) {
    return [
      { path: 'extension', message: `the deadline may be extended only ${settings.maxExtensions} time(s)` },
    ];
  }
  if (!isValidIsoDate(request.newDeadline)) {
    return [{ path: 'newDeadline', message: 'not a valid date (YYYY-MM-DD)' }];
  }
  if (!isAfter(request.newDeadline, request.currentDeadline)) {
    return [
      { path: 'newDeadline', message: `must be after the current deadline ${request.currentDeadline}` },
    ];
  }
  const latest = decisionDeadline(request.requestedAt, settings).latestExtendedDeadline;
  if (isAfter(request.newDeadline, latest)) {
    return [
      {
        path: 'newDeadline',
        message: `may be at most ${settings.maxExtendedMonths} months from the request (${latest})`,
      },
    ];
  }
  return [];
}

/** The supervisor alert date for any deadline in force (original or extended). */
export function deadlineAlertDate(
  deadline: IsoDate,
  settings: ServiceDecisionSettings = serviceDecisionSettingsOn(deadline),
): IsoDate {
  return addDays(deadline, -settings.supervisorAlertDaysBefore);
}
